package dev.junction.cache;

/**
 * Counters of one {@link DecisionCache} since it was created.
 *
 * @param hits lookups answered with a decision (from memory, or from a shared store)
 * @param misses lookups answered with nothing
 * @param evictions entries dropped automatically: expired, or over {@code max_entries} (explicit
 *     evict and clear are not counted)
 * @param entries entries in memory now (estimate; may include expired ones not yet swept)
 */
public record CacheStats(long hits, long misses, long evictions, long entries) {}
