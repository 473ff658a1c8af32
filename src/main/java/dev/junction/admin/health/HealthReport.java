package dev.junction.admin.health;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** The body of {@code GET /health}. */
@Schema(description = "Junction's health: overall status, version, uptime and one entry per check.")
public record HealthReport(
    @Schema(description = "up or degraded: serving (HTTP 200); down: not serving (HTTP 503).")
    HealthStatus status,
    @Schema(description = "Junction's version.", example = "0.1.0")
    String version,
    @Schema(description = "Seconds since this Junction process started.", example = "3600")
    long uptimeSeconds,
    @Schema(description = "One entry per dependency checked, e.g. the decision cache store.")
    List<HealthCheck> checks) {

  public HealthReport {
    requireNonNull(status, "status");
    requireNonNull(version, "version");
    checks = List.copyOf(checks);
  }

  /** A report whose status is the worst of {@code checks} ({@code up} when there are none). */
  public static HealthReport of(String version, long uptimeSeconds, List<HealthCheck> checks) {
    HealthStatus s = HealthStatus.UP;
    for (HealthCheck c : checks) {
      s = s.worst(c.status());
    }
    return new HealthReport(s, version, uptimeSeconds, checks);
  }

  /** 503 when down, else 200. */
  public int httpStatus() {
    return status == HealthStatus.DOWN ? 503 : 200;
  }
}
