/**
 * The decision cache: remembered discovery outcomes with a TTL.
 *
 * <p>Start at {@link dev.junction.cache.DecisionCache} (memory in front of a {@link
 * dev.junction.cache.DecisionStore}) and {@link dev.junction.routing.CacheKey} (what a decision is
 * remembered under). {@link dev.junction.cache.DecisionStores#open} picks the store from the
 * config: {@link dev.junction.cache.SqliteDecisionStore} (default, one file), {@link
 * dev.junction.cache.RedisDecisionStore} (shared by instances) or {@link
 * dev.junction.cache.MemoryDecisionStore} (no persistence).
 */
@NullMarked
package dev.junction.cache;

import org.jspecify.annotations.NullMarked;
