package dev.junction.admin.cache;

import dev.junction.routing.CacheKey;
import io.vertx.core.Future;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The cache API's contract. Non-blocking: called on the event loop; store I/O completes the futures later. */
public interface CacheService {

  /**
   * Unexpired entries, at most {@code limit}, sorted by key text, with the store's health.
   *
   * @param limit at least 1
   * @param path only entries for this canonical path; {@code null} for all
   */
  Future<CacheListing> list(int limit, @Nullable String path);

  /** One unexpired entry, or empty. */
  Future<Optional<CacheEntry>> get(CacheKey key);

  /** Evicts one entry from memory and the store; true when it was there. */
  Future<Boolean> remove(CacheKey key);

  /** Evicts every entry; how many there were. */
  Future<Long> clear();
}
