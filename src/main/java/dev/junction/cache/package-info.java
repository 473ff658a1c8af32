/**
 * The decision cache: remembered discovery outcomes with a TTL.
 *
 * <p>Start at {@link dev.junction.cache.DecisionCache} (memory in front of a {@link
 * dev.junction.cache.DecisionStore}) and {@link dev.junction.cache.CacheKey} (what a decision is
 * remembered under).
 */
@NullMarked
package dev.junction.cache;

import org.jspecify.annotations.NullMarked;
