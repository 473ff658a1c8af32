package dev.junction.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The decision cache.
 *
 * @param store where decisions persist: {@code sqlite} (default), {@code redis} or {@code memory}
 * @param sqlitePath the SQLite file (default {@code junction-cache.db} in the working directory)
 * @param redisUri {@code redis://host:port[/db]}, required when {@code store} is {@code redis}
 * @param defaultTtl how long a decision lives when its backend has no {@code cache_timeout}
 *     (default 1 hour)
 * @param maxEntries bound on in-memory entries (default 100 000)
 * @param keyFields per path (exact or template), the JSON pointers that make up the payload part of
 *     the key; a path not listed keys on the whole canonical JSON object
 */
public record CacheConfig(
    Store store,
    Path sqlitePath,
    @Nullable URI redisUri,
    Duration defaultTtl,
    long maxEntries,
    Map<String, List<JsonPointer>> keyFields) {

  public static final Duration DEFAULT_TTL = Duration.ofHours(1);
  public static final Path DEFAULT_SQLITE_PATH = Path.of("junction-cache.db");
  public static final long DEFAULT_MAX_ENTRIES = 100_000;

  /** Persistent store kinds. */
  public enum Store {
    SQLITE,
    REDIS,
    MEMORY
  }

  public CacheConfig {
    requireNonNull(store, "store");
    requireNonNull(sqlitePath, "sqlitePath");
    requireNonNull(defaultTtl, "defaultTtl");
    if (defaultTtl.isNegative() || defaultTtl.isZero()) {
      throw new IllegalArgumentException("ttl: " + defaultTtl + " (expected: > 0)");
    }
    if (maxEntries <= 0) {
      throw new IllegalArgumentException("max_entries: " + maxEntries + " (expected: > 0)");
    }
    if (store == Store.REDIS && redisUri == null) {
      throw new IllegalArgumentException("redis: missing (expected: redis://HOST:PORT when store is redis)");
    }
    keyFields = Map.copyOf(keyFields);
  }

  public static CacheConfig defaults() {
    return new CacheConfig(Store.SQLITE, DEFAULT_SQLITE_PATH, null, DEFAULT_TTL, DEFAULT_MAX_ENTRIES, Map.of());
  }
}
