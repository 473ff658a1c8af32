package dev.junction.cache;

import static java.util.Objects.requireNonNull;

import dev.junction.routing.CacheKey;
import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store for {@code store: memory}: nothing outlives the process. Decisions live only in the
 * {@link DecisionCache}'s memory, so this store keeps none (loads nothing, finds nothing, removes
 * nothing); runtime aliases are kept in a map for the life of the process. Every operation
 * succeeds at once. Thread-safe, never blocks.
 */
public final class MemoryDecisionStore implements DecisionStore {
  private static final StoreHealth HEALTH = new StoreHealth("memory", true, "in memory (no persistence)");

  private final Map<String, String> aliases = new ConcurrentHashMap<>();

  @Override
  public Future<List<CachedDecision>> loadAll() {
    return Future.succeededFuture(List.of());
  }

  @Override
  public Future<Optional<CachedDecision>> get(CacheKey key) {
    requireNonNull(key, "key");
    return Future.succeededFuture(Optional.empty());
  }

  @Override
  public Future<Void> put(CachedDecision decision) {
    requireNonNull(decision, "decision");
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> remove(CacheKey key) {
    requireNonNull(key, "key");
    return Future.succeededFuture(false);
  }

  @Override
  public Future<Long> clear() {
    return Future.succeededFuture(0L);
  }

  @Override
  public Future<Map<String, String>> loadAliases() {
    return Future.succeededFuture(Map.copyOf(aliases));
  }

  @Override
  public Future<Void> putAlias(String alias, String primary) {
    aliases.put(requireNonNull(alias, "alias"), requireNonNull(primary, "primary"));
    return Future.succeededFuture();
  }

  @Override
  public Future<Boolean> removeAlias(String alias) {
    return Future.succeededFuture(aliases.remove(requireNonNull(alias, "alias")) != null);
  }

  @Override
  public StoreHealth health() {
    return HEALTH;
  }

  @Override
  public Future<Void> closeAsync() {
    return Future.succeededFuture();
  }
}
