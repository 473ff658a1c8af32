package dev.junction.cache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import dev.junction.cache.DecisionStore.Recovery;
import dev.junction.cache.DecisionStore.StoreEvent;
import dev.junction.routing.CacheKey;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a {@link DecisionStore} back in line with the {@link DecisionCache}'s memory when it
 * recovers from an outage, and memory in line with what other instances did meanwhile.
 *
 * <p><b>What is tracked during an outage.</b> The key of every decision and the name of every
 * runtime alias whose store write failed (a put or a removal: memory already says which), and
 * whether a clear failed. Bounded: at most {@code maxTracked} keys and {@value #MAX_ALIASES} alias
 * names; beyond that the next resync stops trusting the store's absences (see below).
 *
 * <p><b>What a resync does</b>, in order, once per {@link Recovery}:
 *
 * <ol>
 *   <li>a clear that failed is done now;
 *   <li>the store's decisions and aliases are read;
 *   <li>each unexpired decision in memory that the store lacks, or holds older, is written back
 *       (with its remaining TTL). One exception: when the store is shared, {@linkplain
 *       Recovery#contentsKept kept its contents} and every failed write was tracked, a decision it
 *       lacks that was made before the resync and whose write never failed was removed there by
 *       another instance: memory drops it. A decision the store holds newer replaces memory's;
 *   <li>each tracked key that memory no longer holds is removed from the store (an eviction made
 *       during the outage);
 *   <li>for a shared store, decisions only the store holds join memory (made by other instances
 *       meanwhile: their change events were missed);
 *   <li>runtime aliases follow the same rules, through the alias listener for the changes memory
 *       picks up.
 * </ol>
 *
 * <p>Writes go out at most {@value #BATCH} at a time and stop as soon as the store is down again;
 * a write that fails is tracked again for the next recovery. One INFO line reports a finished
 * resync. Thread-safe; never blocks; one resync at a time (a recovery during one runs after it);
 * {@link #finish()} at close lets the running one end and starts no other.
 */
final class StoreResync {
  private static final Logger log = LoggerFactory.getLogger(StoreResync.class);
  static final int BATCH = 64;
  static final int MAX_ALIASES = 10_000;

  private final DecisionStore store;
  private final Cache<CacheKey, CachedDecision> memory;
  private final Clock clock;
  private final long maxTracked;
  private final Supplier<Consumer<StoreEvent>> aliasEvents;
  private final Set<CacheKey> trackedKeys = ConcurrentHashMap.newKeySet();
  private final Set<String> trackedAliases = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean overflowed = new AtomicBoolean();
  private final AtomicBoolean clearFailed = new AtomicBoolean();
  private volatile Supplier<Map<String, String>> runtimeAliases = Map::of;
  // Guarded by this.
  private boolean running;
  private boolean finishing;
  private @Nullable Recovery queued;
  private @Nullable Promise<Void> idle;

  /**
   * @param aliasEvents the alias listener of the moment, told about alias changes picked up from the store
   */
  StoreResync(DecisionStore store, Cache<CacheKey, CachedDecision> memory, Clock clock, long maxTracked,
      Supplier<Consumer<StoreEvent>> aliasEvents) {
    this.store = requireNonNull(store, "store");
    this.memory = requireNonNull(memory, "memory");
    this.clock = requireNonNull(clock, "clock");
    this.maxTracked = maxTracked;
    this.aliasEvents = requireNonNull(aliasEvents, "aliasEvents");
  }

  /** Where the runtime aliases held in memory come from (alias path to primary path). */
  void runtimeAliases(Supplier<Map<String, String>> source) {
    this.runtimeAliases = requireNonNull(source, "source");
  }

  /** A store write for {@code key} failed: the next resync makes the store match memory for it. */
  void decisionFailed(CacheKey key) {
    if (trackedKeys.size() < maxTracked) {
      trackedKeys.add(key);
    } else if (!trackedKeys.contains(key)) {
      overflowed.set(true);
    }
  }

  /** A store write for {@code alias} failed. */
  void aliasFailed(String alias) {
    if (trackedAliases.size() < MAX_ALIASES) {
      trackedAliases.add(alias);
    } else if (!trackedAliases.contains(alias)) {
      overflowed.set(true);
    }
  }

  /** Clearing the store failed: the next resync clears it first. */
  void clearFailed() {
    clearFailed.set(true);
  }

  /** Starts a resync for {@code recovery}, or queues it behind the one running; returns at once. */
  void recovered(Recovery recovery) {
    requireNonNull(recovery, "recovery");
    synchronized (this) {
      if (finishing) {
        return;
      }
      if (running) {
        // Two recoveries during one resync: the store's absences count only if both say it kept its contents.
        queued = queued == null ? recovery : new Recovery(queued.contentsKept() && recovery.contentsKept());
        return;
      }
      running = true;
    }
    run(recovery).onComplete(ar -> {
      Recovery next;
      Promise<Void> done;
      synchronized (this) {
        next = queued;
        queued = null;
        running = false;
        done = idle;
        idle = null;
      }
      if (done != null) {
        done.complete();
      }
      if (next != null) {
        recovered(next);
      }
    });
  }

  /**
   * Starts no more resyncs; completes once the one running (if any) is over, so that what it writes
   * back reaches the store before the store closes.
   */
  Future<Void> finish() {
    synchronized (this) {
      finishing = true;
      queued = null;
      if (!running) {
        return Future.succeededFuture();
      }
      if (idle == null) {
        idle = Promise.promise();
      }
      return idle.future();
    }
  }

  /** One resync; completes, never fails, when it is over. */
  private Future<Void> run(Recovery recovery) {
    Instant started = clock.instant();
    Set<CacheKey> keys = drain(trackedKeys);
    Set<String> aliases = drain(trackedAliases);
    boolean lostTrack = overflowed.getAndSet(false);
    boolean clear = clearFailed.getAndSet(false);
    boolean trustAbsence = store.shared() && recovery.contentsKept() && !lostTrack;
    Summary summary = new Summary(store.health().kind(), store.shared() && !trustAbsence);
    Future<Void> cleared = clear
        ? store.clear().onSuccess(n -> summary.cleared = true).onFailure(e -> clearFailed()).mapEmpty()
        : Future.succeededFuture();
    return cleared
        .compose(v -> Future.all(store.loadAll(), store.loadAliases()))
        .compose(read -> {
          List<Op> ops = new ArrayList<>();
          decisions(read.resultAt(0), keys, trustAbsence, started, summary, ops);
          aliases(read.resultAt(1), aliases, trustAbsence, summary, ops);
          return inBatches(ops, 0, summary).map(summary);
        })
        .onSuccess(Summary::log)
        .onFailure(e -> {
          // The store failed again before anything was decided: keep everything for the next recovery.
          keys.forEach(this::decisionFailed);
          aliases.forEach(this::aliasFailed);
          if (clear && !summary.cleared) {
            clearFailed();
          }
          if (lostTrack) {
            overflowed.set(true);
          }
          log.debug("Resync of the {} store interrupted: {}", summary.kind, e.toString());
        })
        .<Void>mapEmpty()
        .otherwise(e -> null);
  }

  private void decisions(List<CachedDecision> stored, Set<CacheKey> tracked, boolean trustAbsence, Instant started,
      Summary summary, List<Op> ops) {
    Instant now = clock.instant();
    Map<CacheKey, CachedDecision> inStore = new HashMap<>();
    for (CachedDecision d : stored) {
      if (!d.expired(now)) {
        inStore.put(d.key(), d);
      }
    }
    for (CachedDecision mine : List.copyOf(memory.asMap().values())) {
      if (mine.expired(now)) {
        continue;
      }
      CachedDecision theirs = inStore.get(mine.key());
      if (theirs == null) {
        boolean removedElsewhere = trustAbsence && !tracked.contains(mine.key()) && mine.decidedAt().isBefore(started);
        if (removedElsewhere) {
          memory.asMap().remove(mine.key(), mine);
          summary.dropped++;
        } else {
          ops.add(new Op(Kind.WRITE, () -> store.put(mine), () -> decisionFailed(mine.key())));
        }
      } else if (theirs.decidedAt().isAfter(mine.decidedAt())) {
        memory.asMap().replace(mine.key(), mine, theirs);
        summary.pickedUp++;
      } else if (mine.decidedAt().isAfter(theirs.decidedAt())) {
        ops.add(new Op(Kind.WRITE, () -> store.put(mine), () -> decisionFailed(mine.key())));
      }
    }
    for (CacheKey key : tracked) {
      if (memory.getIfPresent(key) == null && inStore.remove(key) != null) {
        ops.add(new Op(Kind.EVICTION, () -> store.remove(key), () -> decisionFailed(key)));
      }
    }
    if (store.shared()) {
      for (CachedDecision theirs : inStore.values()) {
        if (memory.asMap().putIfAbsent(theirs.key(), theirs) == null) {
          summary.pickedUp++;
        }
      }
    }
  }

  private void aliases(Map<String, String> stored, Set<String> tracked, boolean trustAbsence, Summary summary, List<Op> ops) {
    Map<String, String> mine = runtimeAliases.get();
    Consumer<StoreEvent> events = aliasEvents.get();
    for (Map.Entry<String, String> a : mine.entrySet()) {
      String alias = a.getKey();
      String theirs = stored.get(alias);
      if (a.getValue().equals(theirs)) {
        continue;
      }
      if (tracked.contains(alias) || (theirs == null && !trustAbsence)) {
        ops.add(new Op(Kind.ALIAS, () -> store.putAlias(alias, a.getValue()), () -> aliasFailed(alias)));
      } else if (theirs == null) {
        events.accept(new StoreEvent.AliasRemoved(alias));
        summary.aliasesPickedUp++;
      } else {
        events.accept(new StoreEvent.AliasPut(alias, theirs));
        summary.aliasesPickedUp++;
      }
    }
    for (Map.Entry<String, String> a : stored.entrySet()) {
      String alias = a.getKey();
      if (mine.containsKey(alias)) {
        continue;
      }
      if (tracked.contains(alias)) {
        ops.add(new Op(Kind.ALIAS, () -> store.removeAlias(alias), () -> aliasFailed(alias)));
      } else if (store.shared()) {
        events.accept(new StoreEvent.AliasPut(alias, a.getValue()));
        summary.aliasesPickedUp++;
      }
    }
  }

  private enum Kind {
    WRITE,
    EVICTION,
    ALIAS
  }

  /** One store write of a resync, and what to do when it fails. */
  private record Op(Kind kind, Supplier<Future<?>> send, Runnable onFailure) {}

  /** Runs {@code ops} {@value #BATCH} at a time, counting into {@code summary}; never fails. */
  private Future<Void> inBatches(List<Op> ops, int from, Summary summary) {
    if (from >= ops.size()) {
      return Future.succeededFuture();
    }
    if (!store.health().up()) {
      // Down again: what is left waits for the next recovery.
      ops.subList(from, ops.size()).forEach(op -> op.onFailure().run());
      summary.failed += ops.size() - from;
      return Future.succeededFuture();
    }
    int to = Math.min(ops.size(), from + BATCH);
    List<Future<?>> batch = new ArrayList<>(to - from);
    for (Op op : ops.subList(from, to)) {
      batch.add(op.send().get());
    }
    return Future.join(batch).transform(ar -> {
      for (int i = 0; i < batch.size(); i++) {
        Op op = ops.get(from + i);
        if (batch.get(i).failed()) {
          op.onFailure().run();
          summary.failed++;
        } else {
          summary.count(op.kind());
        }
      }
      return inBatches(ops, to, summary);
    });
  }

  private static <T> Set<T> drain(Set<T> tracked) {
    Set<T> taken = new HashSet<>();
    for (T t : List.copyOf(tracked)) {
      if (tracked.remove(t)) {
        taken.add(t);
      }
    }
    return taken;
  }

  /** What one resync did, for its one log line. Written by one step of the resync after the other, never at once. */
  private static final class Summary {
    final String kind;
    final boolean absencesIgnored;
    boolean cleared;
    int written;
    int evicted;
    int pickedUp;
    int dropped;
    int aliasesWritten;
    int aliasesPickedUp;
    int failed;

    /**
     * @param absencesIgnored a shared store whose lacking a decision was not taken as its removal
     *     elsewhere (it may have lost data, or too many failed writes to track)
     */
    Summary(String kind, boolean absencesIgnored) {
      this.kind = kind;
      this.absencesIgnored = absencesIgnored;
    }

    void count(Kind kind) {
      switch (kind) {
        case WRITE -> written++;
        case EVICTION -> evicted++;
        case ALIAS -> aliasesWritten++;
      }
    }

    void log() {
      String what = (cleared ? "cleared it (asked for during the outage), " : "")
          + "wrote back " + written + " decision(s), " + evicted + " eviction(s) and " + aliasesWritten + " alias change(s);"
          + " took " + pickedUp + " decision(s) and " + aliasesPickedUp + " alias change(s) made elsewhere; dropped "
          + dropped + " decision(s) removed elsewhere"
          + (absencesIgnored ? " (it may have lost data: nothing it lacked was taken as removed)" : "");
      if (failed == 0) {
        StoreResync.log.info("Decision store {} back in sync after an outage: {}", kind, what);
      } else {
        StoreResync.log.warn("Decision store {} partly back in sync after an outage: {}; {} write(s) failed and wait for"
            + " the next recovery", kind, what, failed);
      }
    }
  }
}
