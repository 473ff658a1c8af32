package dev.junction.admin.backends;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** The last active health check of a backend. */
@Schema(description = "The last active health check of a backend (only backends with a health check configured have one).")
public record HealthCheckResult(
    @Schema(description = "The path checked, as sent to the backend.", example = "/healthz")
    String path,
    @Schema(description = "When the check completed.")
    Instant at,
    @Schema(description = "Whether the backend answered with a healthy status in time.")
    boolean passed,
    @Schema(description = "The status received, or why the check failed.", example = "HTTP 200")
    String detail) {

  public HealthCheckResult {
    requireNonNull(path, "path");
    requireNonNull(at, "at");
    requireNonNull(detail, "detail");
  }
}
