package dev.junction.admin.config;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** A configured backend. */
@Schema(description = "A configured backend.")
public record BackendSettings(
    @Schema(description = "Its name.", example = "gpu-1")
    String name,
    @Schema(description = "Its base URL (any password replaced by ***).", example = "http://10.0.0.5:8080")
    String url,
    @Schema(description = "cache_timeout in seconds; absent: the cache default TTL.", example = "6000")
    @Nullable Long cacheTimeoutSeconds) {

  public BackendSettings {
    requireNonNull(name, "name");
    requireNonNull(url, "url");
  }
}
