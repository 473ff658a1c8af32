package dev.junction.admin.cache;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The body of {@code GET /cache}. */
@Schema(description = "Remembered decisions, up to the requested limit, with the store's state.")
public record CacheListing(
    @Schema(description = "The entries, sorted by key.")
    List<CacheEntry> entries,
    @Schema(description = "True when more entries match than the limit let through.")
    boolean truncated,
    @Schema(description = "The persistent store's state.")
    CacheStoreStatus store,
    @Schema(description = "Hits, misses and hit rate since start; absent when the caller has none.")
    @Nullable CacheCounters stats) {

  public CacheListing {
    entries = List.copyOf(entries);
    requireNonNull(store, "store");
  }

  /** A listing without counters. */
  public CacheListing(List<CacheEntry> entries, boolean truncated, CacheStoreStatus store) {
    this(entries, truncated, store, null);
  }
}
