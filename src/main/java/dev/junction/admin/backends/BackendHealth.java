package dev.junction.admin.backends;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** A backend's health. */
@Schema(description = "A backend's health as Junction sees it from the requests it forwarded and, when configured, "
    + "its active health checks.")
public record BackendHealth(
    @Schema(description = "unknown: not contacted yet; up; down: the last exchange failed; ejected: out of rotation "
        + "for a while after repeated failures.")
    BackendState state,
    @Schema(description = "The last failure, when there is one.", example = "connection refused")
    @Nullable String detail,
    @Schema(description = "Failures in a row since the last success.", example = "0")
    int consecutiveFailures,
    @Schema(description = "The last active health check; absent when none is configured or none has completed yet.")
    @Nullable HealthCheckResult lastCheck,
    @Schema(description = "Present while the backend cools down after a busy answer with Retry-After.")
    @Nullable BackendCooling cooling) {

  public static final BackendHealth UNKNOWN = new BackendHealth(BackendState.UNKNOWN, null, 0);

  /** Without an active health check result. */
  public BackendHealth(BackendState state, @Nullable String detail, int consecutiveFailures) {
    this(state, detail, consecutiveFailures, null, null);
  }

  /** Not cooling down. */
  public BackendHealth(BackendState state, @Nullable String detail, int consecutiveFailures,
      @Nullable HealthCheckResult lastCheck) {
    this(state, detail, consecutiveFailures, lastCheck, null);
  }

  public BackendHealth {
    requireNonNull(state, "state");
    if (consecutiveFailures < 0) {
      throw new IllegalArgumentException("consecutiveFailures: " + consecutiveFailures + " (expected: >= 0)");
    }
  }
}
