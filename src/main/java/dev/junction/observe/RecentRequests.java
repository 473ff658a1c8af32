package dev.junction.observe;

import static java.util.Objects.requireNonNull;

import dev.junction.proxy.CompletedExchange;
import dev.junction.proxy.ExchangeObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@link #CAPACITY} requests, newest first. Recording is one atomic increment and one
 * array store (no lock); thread-safe. A reader racing with writers may miss an entry being
 * replaced, never sees one twice or out of order.
 */
public final class RecentRequests implements ExchangeObserver {
  public static final int CAPACITY = 200;

  /** A stored entry with its sequence number, so that a slot overwritten meanwhile is recognized. */
  private record Slot(long seq, CompletedExchange exchange) {}

  private final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(CAPACITY);
  private final AtomicLong next = new AtomicLong();

  @Override
  public void completed(CompletedExchange exchange) {
    requireNonNull(exchange, "exchange");
    long seq = next.getAndIncrement();
    slots.set((int) (seq % CAPACITY), new Slot(seq, exchange));
  }

  /** At most {@code limit} of the latest requests, newest first. */
  public List<CompletedExchange> latest(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
    }
    long end = next.get();
    List<CompletedExchange> out = new ArrayList<>(Math.min(limit, CAPACITY));
    for (long seq = end - 1; seq >= 0 && seq >= end - CAPACITY && out.size() < limit; seq--) {
      Slot s = slots.get((int) (seq % CAPACITY));
      if (s != null && s.seq() == seq) {
        out.add(s.exchange());
      }
    }
    return out;
  }
}
