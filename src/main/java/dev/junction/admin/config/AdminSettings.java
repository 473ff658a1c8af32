package dev.junction.admin.config;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The admin listener's configuration, token never shown. */
@Schema(description = "The admin listener. The token itself is never shown.")
public record AdminSettings(
    @Schema(description = "Whether the admin listener runs.")
    boolean enabled,
    @Schema(description = "Where it listens, host:port.", example = "127.0.0.1:8001")
    String listen,
    @Schema(description = "Whether an admin token is set; without one, changes are refused.")
    boolean tokenSet,
    @Schema(description = "Where the token comes from: config or environment (JUNCTION_ADMIN_TOKEN); absent when "
        + "none is set.", example = "config")
    @Nullable String tokenSource) {

  public AdminSettings {
    requireNonNull(listen, "listen");
  }
}
