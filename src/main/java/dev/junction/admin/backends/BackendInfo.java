package dev.junction.admin.backends;

import static java.util.Objects.requireNonNull;

import dev.junction.admin.config.Redaction;
import dev.junction.config.BackendConfig;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** One backend, as the admin API shows it. */
@Schema(description = "A configured backend and its health.")
public record BackendInfo(
    @Schema(description = "The backend's name, used in rules and logs.", example = "gpu-1")
    String name,
    @Schema(description = "Its base URL (any password replaced by ***).", example = "http://10.0.0.5:8080")
    String url,
    @Schema(description = "How long a discovery decision for it is remembered, in seconds; absent: the cache default.",
        example = "6000")
    @Nullable Long cacheTimeoutSeconds,
    @Schema(description = "Its health.")
    BackendHealth health,
    @Schema(description = "Exchanges open to it now, across every event loop (what least_in_flight balancing reads).",
        example = "3")
    int inFlight,
    @Schema(description = "Its model list, when it is one of models.backends.")
    @Nullable BackendCatalogInfo catalog) {

  public BackendInfo {
    requireNonNull(name, "name");
    requireNonNull(url, "url");
    requireNonNull(health, "health");
    if (inFlight < 0) {
      throw new IllegalArgumentException("inFlight: " + inFlight + " (expected: >= 0)");
    }
  }

  /** With nothing in flight. */
  public BackendInfo(String name, String url, @Nullable Long cacheTimeoutSeconds, BackendHealth health) {
    this(name, url, cacheTimeoutSeconds, health, 0, null);
  }

  public static BackendInfo from(BackendConfig backend, BackendHealth health) {
    return from(backend, health, 0);
  }

  public static BackendInfo from(BackendConfig backend, BackendHealth health, int inFlight) {
    return from(backend, health, inFlight, null);
  }

  public static BackendInfo from(BackendConfig backend, BackendHealth health, int inFlight,
      @Nullable BackendCatalogInfo catalog) {
    return new BackendInfo(backend.name(), Redaction.uri(backend.url()),
        backend.cacheTimeout() == null ? null : backend.cacheTimeout().toSeconds(), health, inFlight, catalog);
  }
}
