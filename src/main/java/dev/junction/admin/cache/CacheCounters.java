package dev.junction.admin.cache;

import dev.junction.cache.CacheStats;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The decision cache's counters since start, as the admin API shows them. */
@Schema(description = "Decision cache counters since Junction started.")
public record CacheCounters(
    @Schema(description = "Lookups answered by a remembered decision.", example = "120")
    long hits,
    @Schema(description = "Lookups that found nothing (discovery ran).", example = "8")
    long misses,
    @Schema(description = "Decisions dropped to stay within max_entries.", example = "0")
    long evictions,
    @Schema(description = "Decisions held in memory now.", example = "8")
    long entries,
    @Schema(description = "hits / (hits + misses), 0 to 1; absent before the first lookup.", example = "0.9375")
    @Nullable Double hitRate) {

  public static CacheCounters from(CacheStats s) {
    long lookups = s.hits() + s.misses();
    return new CacheCounters(s.hits(), s.misses(), s.evictions(), s.entries(),
        lookups == 0 ? null : (double) s.hits() / lookups);
  }
}
