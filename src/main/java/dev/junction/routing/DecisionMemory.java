package dev.junction.routing;

import dev.junction.config.BackendConfig;
import io.vertx.core.Future;
import java.util.Optional;

/**
 * The decision cache as the request path sees it: the {@link RequestPipeline} reads it (stage 5),
 * and forwarding tells it what discovery found and which remembered backend failed. Implemented by
 * the decision cache; {@link #NONE} remembers nothing.
 */
public interface DecisionMemory {
  /**
   * The backend name remembered under {@code key}, if any. {@code explain} marks a lookup made by
   * {@code /routes/explain}: it must not count as a hit or a miss, nor wait for a shared store.
   */
  Future<Optional<String>> backend(CacheKey key, boolean explain);

  /** Discovery found {@code backend} for {@code key}: remember it (for the backend's cache timeout). */
  void won(CacheKey key, BackendConfig backend);

  /** The backend remembered under {@code key} failed or refused: forget it, so the next request discovers again. */
  void failed(CacheKey key);

  /** Nothing is ever remembered. */
  DecisionMemory NONE = new DecisionMemory() {
    @Override
    public Future<Optional<String>> backend(CacheKey key, boolean explain) {
      return Future.succeededFuture(Optional.empty());
    }

    @Override
    public void won(CacheKey key, BackendConfig backend) {}

    @Override
    public void failed(CacheKey key) {}
  };
}
