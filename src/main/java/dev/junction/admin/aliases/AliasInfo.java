package dev.junction.admin.aliases;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;

/** One alias, as the admin API shows it. */
@Schema(description = "An alias: requests to it are served as requests to its primary path.")
public record AliasInfo(
    @Schema(description = "The alias path; ending in /* makes it a prefix alias.", example = "/v1/models")
    String alias,
    @Schema(description = "The primary path it stands for.", example = "/models")
    String primary,
    @Schema(description = "exact: this path only; prefix: every path under it.")
    AliasKind kind,
    @Schema(description = "config: declared in the configuration file; runtime: added through this API.")
    AliasSource source) {

  public AliasInfo {
    requireNonNull(alias, "alias");
    requireNonNull(primary, "primary");
    requireNonNull(kind, "kind");
    requireNonNull(source, "source");
  }
}
