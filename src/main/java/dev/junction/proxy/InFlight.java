package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Exchanges open to each backend, across every event loop: an attempt {@link #begin}s when the
 * forwarder starts sending to a backend and its {@link Lease} ends when that backend's exchange is
 * over (response relayed to the end, rejected, failed, reset, or the client went away).
 * Least-in-flight balancing reads these counts. Thread-safe; never blocks.
 */
public final class InFlight {
  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

  /** One attempt's share of a count. Confined to the exchange's event loop; {@link #end} counts once. */
  public static final class Lease {
    private final AtomicInteger count;
    private boolean ended;

    private Lease(AtomicInteger count) {
      this.count = count;
    }

    /** Ends the attempt; later calls do nothing. */
    public void end() {
      if (!ended) {
        ended = true;
        count.decrementAndGet();
      }
    }
  }

  /** Counts one more exchange open to {@code backend}; the caller must {@link Lease#end} it. */
  public Lease begin(String backend) {
    AtomicInteger count = counts.computeIfAbsent(requireNonNull(backend, "backend"), k -> new AtomicInteger());
    count.incrementAndGet();
    return new Lease(count);
  }

  /** Exchanges open to {@code backend} now; 0 for one never contacted. */
  public int get(String backend) {
    AtomicInteger count = counts.get(backend);
    return count == null ? 0 : count.get();
  }

  /** Every backend contacted so far with its open exchanges, by name. */
  public Map<String, Integer> snapshot() {
    Map<String, Integer> out = new TreeMap<>();
    counts.forEach((name, count) -> out.put(name, count.get()));
    return out;
  }
}
