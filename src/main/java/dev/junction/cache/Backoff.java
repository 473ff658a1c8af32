package dev.junction.cache;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** Exponential retry delay: {@code initial}, doubled after every failure, capped at {@code max}. Thread-safe. */
final class Backoff {
  private final Duration initial;
  private final Duration max;
  private Duration next;

  Backoff(Duration initial, Duration max) {
    requireNonNull(initial, "initial");
    requireNonNull(max, "max");
    if (initial.isNegative() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("backoff: " + initial + ".." + max + " (expected: 0 <= initial <= max)");
    }
    this.initial = initial;
    this.max = max;
    this.next = initial;
  }

  /** The delay before the next attempt; each call doubles the one after it. */
  synchronized Duration next() {
    Duration delay = next;
    Duration doubled = next.isZero() ? Duration.ofMillis(1) : next.multipliedBy(2);
    next = doubled.compareTo(max) > 0 ? max : doubled;
    return delay;
  }

  /** Back to {@code initial} after a success. */
  synchronized void reset() {
    next = initial;
  }
}
