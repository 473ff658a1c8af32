package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * An active health check of one backend: every {@code interval} Junction sends {@code GET path} to
 * it (prefixed by the backend URL's path, like forwarded paths). A status in
 * {@code healthyStatuses} within {@code timeout} passes; anything else (another status, refused,
 * reset, timed out) fails and counts like a connection failure for {@link EjectionConfig ejection}.
 * A passing check brings an ejected backend back.
 *
 * @param path the health path on the backend, such as {@code /healthz}
 * @param interval time between checks (default 10 s)
 * @param timeout for one check, connecting included (default 2 s); must not exceed {@code interval}
 * @param healthyStatuses statuses that pass (default {@code [200-299]})
 */
public record HealthCheckConfig(String path, Duration interval, Duration timeout, StatusSet healthyStatuses) {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);

  /** {@code path} with the default interval, timeout and statuses. */
  public HealthCheckConfig(String path) {
    this(path, DEFAULT_INTERVAL, DEFAULT_TIMEOUT, StatusSet.SUCCESS_2XX);
  }

  public HealthCheckConfig {
    requireNonNull(path, "path");
    requireNonNull(interval, "interval");
    requireNonNull(timeout, "timeout");
    requireNonNull(healthyStatuses, "healthyStatuses");
    if (!path.startsWith("/") || path.contains("#") || path.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
      throw new IllegalArgumentException("path: " + path + " (expected: a path on the backend such as /healthz)");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
    }
    if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(interval) > 0) {
      throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0 and <= interval " + interval + ")");
    }
  }
}
