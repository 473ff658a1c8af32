package dev.junction.cache;

import static java.util.Objects.requireNonNull;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.junction.alias.AliasStore;
import dev.junction.cache.DecisionStore.StoreEvent;
import dev.junction.cache.DecisionStore.StoreHealth;
import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.routing.CacheKey;
import dev.junction.routing.DecisionMemory;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembered discovery decisions: a bounded in-memory map (Caffeine, expiring each entry at its
 * {@link CachedDecision#expiresAt()}) in front of a {@link DecisionStore}.
 *
 * <p><b>Reads.</b> Memory answers first. On a miss, only a {@linkplain DecisionStore#shared()
 * shared} store (Redis, where another instance may have decided) is asked, bounded by 250 ms and
 * skipped while the store is down; a local store (SQLite, memory) was loaded by {@link #start()},
 * so memory is authoritative and a miss is a miss.
 *
 * <p><b>Writes.</b> Memory changes at once; the store follows asynchronously. Store failures never
 * fail or throw into the caller: they are logged (rate-limited) and visible in {@link #health()},
 * and memory keeps serving.
 *
 * <p><b>Outages.</b> Writes that failed are tracked; when the store {@linkplain
 * DecisionStore#onRecovery recovers}, what memory holds and the store lacks is written back and
 * what other instances changed meanwhile is picked up ({@link StoreResync}).
 *
 * <p><b>Time.</b> Expiry follows the injected {@link Clock}, also used as Caffeine's ticker.
 *
 * <p><b>Lifecycle.</b> Call {@link #start()} once before serving (it also subscribes to other
 * instances' changes), and {@link #close()} at shutdown.
 *
 * <p>Thread-safe; no method blocks. Futures complete on Vert.x threads.
 */
public final class DecisionCache implements DecisionMemory, AliasStore {
  private static final Logger log = LoggerFactory.getLogger(DecisionCache.class);
  static final Duration SHARED_LOOKUP_TIMEOUT = Duration.ofMillis(250);

  private final Vertx vertx;
  private final CacheConfig config;
  private final DecisionStore store;
  private final Clock clock;
  private final Cache<CacheKey, CachedDecision> memory;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LogThrottle storeWarnings = new LogThrottle(Duration.ofMinutes(1));
  private final StoreResync resync;
  private volatile @Nullable Consumer<StoreEvent> aliasListener;
  private final List<AliasStore.Listener> remoteListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Supplier<Map<String, String>>> resyncSources = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean closed;

  public DecisionCache(Vertx vertx, CacheConfig config, DecisionStore store, Clock clock) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.config = requireNonNull(config, "config");
    this.store = requireNonNull(store, "store");
    this.clock = requireNonNull(clock, "clock");
    this.memory = Caffeine.newBuilder()
        // Caffeine's upkeep (draining its read and write buffers, expiring, evicting) runs on the
        // calling thread, a few entries at a time; a read only tries the upkeep lock, never waits
        // for it. Left to the default executor, every few hits woke a ForkJoinPool thread: on the
        // cache-hit path that cost more CPU than the upkeep itself (see docs/benchmarks.md and its lab notes).
        .executor(Runnable::run)
        .maximumSize(config.maxEntries())
        .ticker(() -> nanos(clock.instant()))
        .expireAfter(Expiry.writing((CacheKey key, CachedDecision d) -> remaining(d)))
        .evictionListener((CacheKey key, CachedDecision d, RemovalCause cause) -> evictions.increment())
        .build();
    this.resync = new StoreResync(store, memory, clock, config.maxEntries(), () -> {
      Consumer<StoreEvent> listener = aliasListener;
      return listener != null ? listener : event -> {};
    });
  }

  /**
   * Subscribes to remote changes and to the store's recoveries, and loads the store's unexpired
   * decisions into memory. Completes successfully even when the store cannot be read (memory
   * starts empty; logged).
   */
  public Future<Void> start() {
    store.onRemoteChange(this::applyRemote);
    store.onRecovery(recovery -> {
      if (!closed) {
        resync.recovered(recovery);
      }
    });
    return store.loadAll()
        .onSuccess(this::warmUp)
        .<Void>mapEmpty()
        .otherwise(e -> {
          log.warn("Decision cache starts empty: the {} store could not be read ({})", store.health().kind(), message(e));
          return null;
        });
  }

  private void warmUp(List<CachedDecision> stored) {
    Instant now = clock.instant();
    int loaded = 0;
    for (CachedDecision d : stored) {
      if (!d.expired(now)) {
        memory.asMap().merge(d.key(), d, (mine, theirs) -> mine.expiresAt().isAfter(theirs.expiresAt()) ? mine : theirs);
        loaded++;
      }
    }
    log.info("Decision cache loaded {} remembered decisions from the {} store", loaded, store.health().kind());
  }

  /**
   * The decision remembered under {@code key}, or empty. Never fails: a store error or timeout
   * counts as a miss.
   */
  public Future<Optional<CachedDecision>> lookup(CacheKey key) {
    return lookup(key, d -> d);
  }

  /** {@link #lookup}, answering {@code view} of the decision found. */
  private <T> Future<Optional<T>> lookup(CacheKey key, Function<CachedDecision, T> view) {
    Optional<CachedDecision> local = peek(key);
    if (local.isPresent()) {
      hits.increment();
      return Future.succeededFuture(local.map(view));
    }
    if (closed || !store.shared() || !store.health().up()) {
      misses.increment();
      return Future.succeededFuture(Optional.empty());
    }
    return askStore(key).map(found -> found.map(view));
  }

  /**
   * The request pipeline's cache stage: {@link #lookup}'s answer as a backend name; for {@code
   * /routes/explain} only {@link #peek}, counted neither as a hit nor a miss.
   */
  @Override
  public Future<Optional<String>> backend(CacheKey key, boolean explain) {
    return explain ? Future.succeededFuture(peek(key).map(CachedDecision::backend)) : lookup(key, CachedDecision::backend);
  }

  /** The decision in memory under {@code key} when unexpired; never consults the store. */
  public Optional<CachedDecision> peek(CacheKey key) {
    requireNonNull(key, "key");
    CachedDecision d = memory.getIfPresent(key);
    if (d == null) {
      return Optional.empty();
    }
    if (d.expired(clock.instant())) {
      memory.asMap().remove(key, d);
      return Optional.empty();
    }
    return Optional.of(d);
  }

  /**
   * Remembers that {@code key} goes to {@code backend} for the backend's {@code cache_timeout}, or
   * {@code defaultTtl} when it has none. Memory is updated before this returns; the store write
   * happens in the background (a failure is logged, memory keeps the decision).
   */
  public CachedDecision remember(CacheKey key, BackendConfig backend, Duration defaultTtl) {
    requireNonNull(key, "key");
    requireNonNull(backend, "backend");
    requireNonNull(defaultTtl, "defaultTtl");
    if (defaultTtl.isNegative() || defaultTtl.isZero()) {
      throw new IllegalArgumentException("defaultTtl: " + defaultTtl + " (expected: > 0)");
    }
    Duration ttl = backend.cacheTimeout() != null ? backend.cacheTimeout() : defaultTtl;
    Instant now = clock.instant();
    CachedDecision d = new CachedDecision(key, backend.name(), now, now.plus(ttl));
    memory.put(key, d);
    if (!closed) {
      store.put(d).onFailure(e -> {
        resync.decisionFailed(key);
        storeFailed("store the decision for " + key, e);
      });
    }
    return d;
  }

  /** {@link #remember(CacheKey, BackendConfig, Duration)} with the configured default TTL. */
  public CachedDecision remember(CacheKey key, BackendConfig backend) {
    return remember(key, backend, config.defaultTtl());
  }

  /** Forwarding's word that discovery found {@code backend}: remembered as {@link #remember(CacheKey, BackendConfig)}. */
  @Override
  public void won(CacheKey key, BackendConfig backend) {
    remember(key, backend);
  }

  /** Forwarding's word that the remembered backend failed: evicted as {@link #evict}. */
  @Override
  public void failed(CacheKey key) {
    evict(key);
  }

  /** Forgets one decision, in memory and in the store; true when either had it. Never fails. */
  public Future<Boolean> evict(CacheKey key) {
    requireNonNull(key, "key");
    CachedDecision removed = memory.asMap().remove(key);
    boolean hadIt = removed != null && !removed.expired(clock.instant());
    if (closed) {
      return Future.succeededFuture(hadIt);
    }
    return store.remove(key)
        .map(inStore -> hadIt || inStore)
        .otherwise(e -> {
          resync.decisionFailed(key);
          storeFailed("remove the decision for " + key, e);
          return hadIt;
        });
  }

  /**
   * Forgets every decision (not aliases), in memory and in the store; the number removed (the
   * larger of the two counts). Never fails.
   */
  public Future<Long> clear() {
    Instant now = clock.instant();
    long inMemory = memory.asMap().values().stream().filter(d -> !d.expired(now)).count();
    memory.invalidateAll();
    if (closed) {
      return Future.succeededFuture(inMemory);
    }
    return store.clear()
        .map(inStore -> Math.max(inStore, inMemory))
        .otherwise(e -> {
          resync.clearFailed();
          storeFailed("clear decisions", e);
          return inMemory;
        });
  }

  /** Unexpired decisions in memory, sorted by key text. */
  public List<CachedDecision> snapshot() {
    Instant now = clock.instant();
    return memory.asMap().values().stream()
        .filter(d -> !d.expired(now))
        .sorted(Comparator.comparing((CachedDecision d) -> d.key().asString()))
        .toList();
  }

  public CacheStats stats() {
    return new CacheStats(hits.sum(), misses.sum(), evictions.sum(), memory.estimatedSize());
  }

  public StoreHealth health() {
    return store.health();
  }

  /**
   * Registers the one listener for alias changes made by other instances (replacing any earlier
   * one). It is called on a Vert.x event loop and must not block.
   */
  public void onAliasChange(Consumer<StoreEvent> listener) {
    this.aliasListener = requireNonNull(listener, "listener");
  }

  /**
   * Adds a listener for other instances' alias changes: path aliases and model aliases share the
   * store (under their own keys), each with its listener; every listener hears every change.
   */
  @Override
  public void onRemoteAliasChange(AliasStore.Listener listener) {
    requireNonNull(listener, "listener");
    boolean first = remoteListeners.isEmpty();
    remoteListeners.add(listener);
    if (first) {
      onAliasChange(event -> {
        for (AliasStore.Listener l : remoteListeners) {
          if (event instanceof StoreEvent.AliasPut put) {
            l.added(put.alias(), put.primary());
          } else if (event instanceof StoreEvent.AliasRemoved removed) {
            l.removed(removed.alias());
          }
        }
      });
    }
  }

  /** Runtime aliases from the store (alias path to primary path); fails when the store does. */
  @Override
  public Future<Map<String, String>> loadAliases() {
    return store.loadAliases();
  }

  /**
   * Persists a runtime alias; fails when the store does (the alias is then written when the store
   * recovers, if it is still in {@linkplain #resyncAliasesFrom the runtime aliases}).
   */
  @Override
  public Future<Void> putAlias(String alias, String primary) {
    return store.putAlias(alias, primary).onFailure(e -> resync.aliasFailed(alias));
  }

  /**
   * Removes a runtime alias; true when it was there; fails when the store does (the removal is then
   * made when the store recovers, unless the alias is back by then).
   */
  @Override
  public Future<Boolean> removeAlias(String alias) {
    return store.removeAlias(alias).onFailure(e -> resync.aliasFailed(alias));
  }

  /**
   * Adds where this instance's runtime aliases are held (key to value, without the config's
   * aliases), so that a store recovering from an outage gets back the ones it lacks. Until called,
   * no alias is written back.
   */
  @Override
  public void resyncAliasesFrom(Supplier<Map<String, String>> runtimeAliases) {
    resyncSources.add(requireNonNull(runtimeAliases, "runtimeAliases"));
    resync.runtimeAliases(() -> {
      Map<String, String> all = new java.util.HashMap<>();
      resyncSources.forEach(source -> all.putAll(source.get()));
      return all;
    });
  }

  /**
   * Stops writing to the store, lets a resync in progress finish, flushes the store's pending
   * writes and closes it. Memory stays readable ({@link #peek}, {@link #snapshot}); later changes
   * stay in memory only.
   */
  public Future<Void> close() {
    closed = true;
    return resync.finish().transform(ignored -> store.closeAsync());
  }

  private Future<Optional<CachedDecision>> askStore(CacheKey key) {
    return Timeouts.within(vertx, store.get(key), SHARED_LOOKUP_TIMEOUT, store.health().kind() + " store")
        .otherwise(e -> {
          storeFailed("look up " + key, e);
          return Optional.empty();
        })
        .map(found -> {
          Optional<CachedDecision> live = found.filter(d -> !d.expired(clock.instant()));
          if (live.isPresent()) {
            hits.increment();
            // A decision remembered here while the store answered is at least as fresh: keep it.
            memory.asMap().putIfAbsent(key, live.get());
          } else {
            misses.increment();
          }
          return live;
        });
  }

  private void applyRemote(StoreEvent event) {
    if (event instanceof StoreEvent.DecisionPut put) {
      CachedDecision d = put.decision();
      if (!d.expired(clock.instant())) {
        memory.put(d.key(), d);
      }
    } else if (event instanceof StoreEvent.DecisionRemoved removed) {
      memory.invalidate(removed.key());
    } else if (event instanceof StoreEvent.DecisionsCleared) {
      memory.invalidateAll();
    } else {
      Consumer<StoreEvent> listener = aliasListener;
      if (listener != null) {
        try {
          listener.accept(event);
        } catch (RuntimeException e) {
          log.warn("Alias change listener failed on {}", event, e);
        }
      }
    }
  }

  private void storeFailed(String what, Throwable e) {
    StoreHealth h = store.health();
    long dropped = h.up() ? storeWarnings.tryAcquire() : -1;
    if (dropped >= 0) {
      log.warn("Decision cache could not {} in the {} store: {}; memory keeps serving{}", what, h.kind(), message(e),
          dropped > 0 ? " (" + dropped + " similar failures not logged)" : "");
    } else {
      log.debug("Decision cache could not {} in the {} store: {}", what, h.kind(), message(e));
    }
  }

  private Duration remaining(CachedDecision d) {
    Duration left = Duration.between(clock.instant(), d.expiresAt());
    return left.isNegative() ? Duration.ZERO : left;
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  private static String message(Throwable e) {
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
