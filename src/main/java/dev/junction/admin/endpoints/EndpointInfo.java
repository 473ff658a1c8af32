package dev.junction.admin.endpoints;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** One primary path and its aliases. */
@Schema(description = "A primary path and the aliases that reach it.")
public record EndpointInfo(
    @Schema(description = "The primary path (a template for rules such as /models/{id}).", example = "/models")
    String path,
    @Schema(description = "The alias paths answered the same way, sorted.", example = "[\"/v1/models\"]")
    List<String> aliases,
    @Schema(description = "admin: answered by Junction's admin listener; proxied: forwarded to a backend.")
    EndpointKind kind) {

  public EndpointInfo {
    requireNonNull(path, "path");
    aliases = List.copyOf(aliases);
    requireNonNull(kind, "kind");
  }
}
