package dev.junction.cache;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per interval and counts the ones it held back, so a store that fails
 * on every request cannot flood the log. Thread-safe; uses {@link System#nanoTime()}.
 */
final class LogThrottle {
  private final long intervalNanos;
  private final AtomicLong nextAllowed = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong suppressed = new AtomicLong();

  LogThrottle(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /**
   * Returns -1 when this line must be dropped, else how many lines were dropped since the last one
   * that went through.
   */
  long tryAcquire() {
    long now = System.nanoTime();
    long allowed = nextAllowed.get();
    if ((allowed == Long.MIN_VALUE || now - allowed >= 0)
        && nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
      return suppressed.getAndSet(0);
    }
    suppressed.incrementAndGet();
    return -1;
  }
}
