package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How Junction finds a backend when no rule and no cached decision says.
 *
 * @param candidates backend names tried in order; {@code null} means every configured backend in
 *     file order (the CLI's {@code --backend} list replaces it)
 * @param success statuses that count as "this backend accepts" (default 2xx)
 * @param nonIdempotentMoveOn for POST and PATCH (and other non-idempotent methods), the statuses after
 *     which the next candidate may still be tried (default 404, 405, 501). Any other response is
 *     final for them; idempotent methods move on after any non-success status
 * @param deadline bounds the whole discovery, all candidates together (default 30 s)
 */
public record DiscoveryConfig(
    @Nullable List<String> candidates, StatusSet success, StatusSet nonIdempotentMoveOn, Duration deadline) {

  public DiscoveryConfig {
    candidates = candidates == null ? null : List.copyOf(candidates);
    requireNonNull(success, "success");
    requireNonNull(nonIdempotentMoveOn, "nonIdempotentMoveOn");
    requireNonNull(deadline, "deadline");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline: " + deadline + " (expected: > 0)");
    }
  }

  public static DiscoveryConfig defaults() {
    return new DiscoveryConfig(null, StatusSet.SUCCESS_2XX, StatusSet.NOT_HANDLED, Duration.ofSeconds(30));
  }
}
