package dev.junction.observe;

import static java.util.Objects.requireNonNull;

import dev.junction.proxy.CompletedExchange;
import dev.junction.proxy.ExchangeObserver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last {@link #CAPACITY} requests, newest first. Each recording thread (a data-plane event loop)
 * writes its own ring: one plain counter and one array store, nothing shared with the other loops,
 * so recording costs no contended atomic. A reader merges the rings by completion time. Thread-safe;
 * a reader racing with a writer may miss an entry being replaced, never sees one twice or out of
 * order within a ring.
 */
public final class RecentRequests implements ExchangeObserver {
  public static final int CAPACITY = 200;

  /** A stored entry: its ring sequence number (to recognize an overwritten slot) and when it completed. */
  private record Slot(long seq, long completedNanos, CompletedExchange exchange) {}

  /** One thread's entries: written by that thread only. */
  private static final class Ring {
    final AtomicReferenceArray<Slot> slots = new AtomicReferenceArray<>(CAPACITY);
    /** The next sequence number; only the owner writes it. */
    final AtomicLong next = new AtomicLong();
  }

  private final List<Ring> rings = new CopyOnWriteArrayList<>();
  private final ThreadLocal<Ring> mine = ThreadLocal.withInitial(() -> {
    Ring r = new Ring();
    rings.add(r);
    return r;
  });

  @Override
  public void completed(CompletedExchange exchange) {
    requireNonNull(exchange, "exchange");
    Ring r = mine.get();
    long seq = r.next.get();
    r.slots.lazySet((int) (seq % CAPACITY), new Slot(seq, System.nanoTime(), exchange));
    r.next.lazySet(seq + 1); // no other writer: no read-modify-write needed
  }

  /** At most {@code limit} of the latest requests, newest first. */
  public List<CompletedExchange> latest(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
    }
    List<Slot> all = new ArrayList<>();
    for (Ring r : rings) {
      long end = r.next.get();
      for (long seq = end - 1; seq >= 0 && seq >= end - CAPACITY; seq--) {
        Slot s = r.slots.get((int) (seq % CAPACITY));
        if (s != null && s.seq() == seq) {
          all.add(s);
        }
      }
    }
    all.sort(Comparator.comparingLong(Slot::completedNanos).reversed());
    List<CompletedExchange> out = new ArrayList<>(Math.min(limit, Math.min(CAPACITY, all.size())));
    for (int i = 0; i < all.size() && out.size() < Math.min(limit, CAPACITY); i++) {
      out.add(all.get(i).exchange());
    }
    return out;
  }
}
