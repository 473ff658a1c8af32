package dev.junction.health;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Exchanges open to each backend, across every event loop: an attempt {@link #begin}s when the
 * forwarder starts sending to a backend and its {@link Lease} ends when that backend's exchange is
 * over (response relayed to the end, rejected, failed, reset, or the client went away).
 * Least-in-flight balancing reads these counts. Thread-safe; never blocks.
 */
public final class InFlight {
  /** Striped counters: every event loop begins and ends leases on them for every request. */
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  /** One attempt's share of a count. Confined to the exchange's event loop; {@link #end} counts once. */
  public static final class Lease {
    private final LongAdder count;
    private boolean ended;

    private Lease(LongAdder count) {
      this.count = count;
    }

    /** Ends the attempt; later calls do nothing. */
    public void end() {
      if (!ended) {
        ended = true;
        count.decrement();
      }
    }
  }

  /** Counts one more exchange open to {@code backend}; the caller must {@link Lease#end} it. */
  public Lease begin(String backend) {
    LongAdder count = counts.get(requireNonNull(backend, "backend"));
    if (count == null) {
      count = counts.computeIfAbsent(backend, k -> new LongAdder());
    }
    count.increment();
    return new Lease(count);
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
