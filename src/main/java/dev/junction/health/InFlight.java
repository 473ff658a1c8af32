package dev.junction.health;

import static java.util.Objects.requireNonNull;

import dev.junction.config.RetryBudgetConfig;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Exchanges open to each backend, across every event loop: an attempt {@link #begin}s when the
 * forwarder starts sending to a backend and its {@link Lease} ends when that backend's exchange is
 * over (response relayed to the end, rejected, failed, reset, or the client went away).
 * Least-in-flight balancing reads these counts, and the retry budget reads their total and the
 * extra attempts (beyond a request's first) among them. Thread-safe; never blocks.
 */
public final class InFlight {
  /** Striped counters: every event loop begins and ends leases on them for every request. */
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
  /** Extra attempts in flight: only touched when a request moves on, never on a request's first attempt. */
  private final LongAdder retries = new LongAdder();
  private final LongAdder refused = new LongAdder();

  /** One attempt's share of a count. Confined to the exchange's event loop; {@link #end} counts once. */
  public static final class Lease {
    private final LongAdder count;
    private final @Nullable LongAdder retries;
    private boolean ended;

    private Lease(LongAdder count, @Nullable LongAdder retries) {
      this.count = count;
      this.retries = retries;
    }

    /** Ends the attempt; later calls do nothing. */
    public void end() {
      if (!ended) {
        ended = true;
        count.decrement();
        if (retries != null) {
          retries.decrement();
        }
      }
    }
  }

  /** Counts one more exchange open to {@code backend}; the caller must {@link Lease#end} it. */
  public Lease begin(String backend) {
    return begin(backend, false);
  }

  /** As {@link #begin(String)}; {@code retry}: an extra attempt, counted against the retry budget until it ends. */
  public Lease begin(String backend, boolean retry) {
    LongAdder count = counts.get(requireNonNull(backend, "backend"));
    if (count == null) {
      count = counts.computeIfAbsent(backend, k -> new LongAdder());
    }
    count.increment();
    if (retry) {
      retries.increment();
    }
    return new Lease(count, retry ? retries : null);
  }

  /**
   * Whether {@code budget} allows one more extra attempt now; counts a refusal when not. Sums every
   * backend's count, so it is only called when a request would move on.
   */
  public boolean retryAllowed(RetryBudgetConfig budget) {
    long total = 0;
    for (LongAdder c : counts.values()) {
      total += c.sum();
    }
    if (budget.allows(retries.sum(), total)) {
      return true;
    }
    refused.increment();
    return false;
  }

  /** Extra attempts refused by the retry budget so far. */
  public long retriesRefused() {
    return refused.sum();
  }

  /** Exchanges open to {@code backend} now; 0 for one never contacted. */
  public int get(String backend) {
    LongAdder count = counts.get(backend);
    return count == null ? 0 : (int) count.sum();
  }

  /** Every backend contacted so far with its open exchanges, by name. */
  public Map<String, Integer> snapshot() {
    Map<String, Integer> out = new TreeMap<>();
    counts.forEach((name, count) -> out.put(name, (int) count.sum()));
    return out;
  }
}
