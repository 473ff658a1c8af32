package dev.junction.admin.config;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The decision cache's configuration, secrets redacted. */
@Schema(description = "The decision cache.")
public record CacheSettings(
    @Schema(description = "Where decisions persist: sqlite, redis or memory.", example = "sqlite")
    String store,
    @Schema(description = "The SQLite file (used when store is sqlite).", example = "junction-cache.db")
    String sqlitePath,
    @Schema(description = "The Redis URI with any password replaced by ***; absent when not configured.",
        example = "redis://:***@cache.internal:6379/0")
    @Nullable String redisUri,
    @Schema(description = "How long a decision lives when its backend has no cache_timeout, in seconds.",
        example = "3600")
    long defaultTtlSeconds,
    @Schema(description = "Bound on in-memory entries.", example = "100000")
    long maxEntries,
    @Schema(description = "Per path, the JSON pointers that make up the payload part of the key; a path not listed "
        + "keys on the whole payload.")
    Map<String, List<String>> keyFields) {

  public CacheSettings {
    requireNonNull(store, "store");
    requireNonNull(sqlitePath, "sqlitePath");
    keyFields = Map.copyOf(keyFields);
  }
}
