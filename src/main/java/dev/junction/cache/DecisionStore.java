package dev.junction.cache;

import dev.junction.routing.CacheKey;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where decisions (and runtime aliases) persist beyond memory. Every method is non-blocking: it
 * returns at once and completes its future later, never on a thread it blocks. Implementations
 * fail their futures rather than throw; the {@link DecisionCache} in front of a store treats a
 * failed store as absent, keeps serving from memory and reports it in {@link #health()}.
 */
public interface DecisionStore extends AutoCloseable {

  /** Every unexpired decision, for warming memory at start. */
  Future<List<CachedDecision>> loadAll();

  /** One decision, or empty when absent or expired. */
  Future<Optional<CachedDecision>> get(CacheKey key);

  Future<Void> put(CachedDecision decision);

  /** Removes one decision; true when it was there. */
  Future<Boolean> remove(CacheKey key);

  /** Removes every decision (not aliases); the number removed. */
  Future<Long> clear();

  /** Runtime aliases: alias path to primary path. */
  Future<Map<String, String>> loadAliases();

  Future<Void> putAlias(String alias, String primary);

  Future<Boolean> removeAlias(String alias);

  /**
   * Registers a listener for changes made by other Junction instances sharing this store (Redis
   * pub/sub). Stores that are not shared never call it.
   */
  default void onRemoteChange(Consumer<StoreEvent> listener) {}

  /**
   * Registers the one listener told each time the store becomes usable again after being down
   * (not when it first starts, unless that start failed and a later attempt worked); the {@link
   * DecisionCache} then writes back what the store lacks. Called on a Vert.x event loop; must not
   * block. Stores that are never down never call it.
   */
  default void onRecovery(Consumer<Recovery> listener) {}

  /**
   * True when other Junction instances may write to this store (Redis), so a decision missing from
   * memory may still be found here. False for stores only this process writes (SQLite, memory):
   * after warm-up, memory is authoritative and a miss is a miss.
   */
  default boolean shared() {
    return false;
  }

  /** Current state, for logs, {@code /health} and the admin API. */
  StoreHealth health();

  /** Flushes pending writes and releases the store; completes when done. */
  Future<Void> closeAsync();

  @Override
  default void close() {
    closeAsync().await();
  }

  /** A change another instance made. */
  sealed interface StoreEvent {
    record DecisionPut(CachedDecision decision) implements StoreEvent {}

    record DecisionRemoved(CacheKey key) implements StoreEvent {}

    record DecisionsCleared() implements StoreEvent {}

    record AliasPut(String alias, String primary) implements StoreEvent {}

    record AliasRemoved(String alias) implements StoreEvent {}
  }

  /**
   * The store is usable again after an outage.
   *
   * @param contentsKept true when the store is known to still hold everything it held before the
   *     outage (a Redis that stayed up while this instance was cut off from it), so a decision it
   *     lacks was removed there on purpose; false when it may have lost data (a Redis that restarted
   *     empty or was flushed, a SQLite file that was deleted) or cannot tell
   */
  record Recovery(boolean contentsKept) {}

  /**
   * @param kind {@code sqlite}, {@code redis} or {@code memory}
   * @param up false while the store cannot be used (Junction serves from memory meanwhile)
   * @param detail what is wrong when not up, else where the store is (file or URI, no secrets)
   */
  record StoreHealth(String kind, boolean up, String detail) {}
}
