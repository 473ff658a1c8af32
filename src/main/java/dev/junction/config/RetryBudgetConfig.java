package dev.junction.config;

/**
 * How many extra attempts (beyond each request's first) may be in flight at once, in the manner of
 * Envoy's {@code retry_budget}: while they stay under {@code percent} of the attempts in flight, or
 * under {@code minConcurrency}, whichever is larger. Over it, a request's current answer is final
 * (its failure, a problem answer). Only moving on from a backend that struggles counts: one that
 * failed, timed out, or answered 5xx or 429. Moving on after a client error is discovery at work
 * (the backend does not serve that request), and after a backend nothing reached (refused, pool
 * full) no backend paid for it.
 *
 * @param percent 0 to 100 (default 20)
 * @param minConcurrency extra attempts always allowed at once, however few requests are in flight
 *     (default 3)
 */
public record RetryBudgetConfig(int percent, int minConcurrency) {
  public RetryBudgetConfig {
    if (percent < 0 || percent > 100) {
      throw new IllegalArgumentException("percent: " + percent + " (expected: 0 to 100)");
    }
    if (minConcurrency < 0) {
      throw new IllegalArgumentException("min_concurrency: " + minConcurrency + " (expected: >= 0)");
    }
  }

  public static RetryBudgetConfig defaults() {
    return new RetryBudgetConfig(20, 3);
  }

  /** Whether one more extra attempt may start with {@code retries} extra and {@code inFlight} attempts in flight. */
  public boolean allows(long retries, long inFlight) {
    return retries < Math.max(minConcurrency, inFlight * percent / 100);
  }
}
