/**
 * {@code /cache}: list, inspect and evict remembered routing decisions.
 *
 * <p>Start at {@link dev.junction.admin.cache.CacheService}; entries are {@link
 * dev.junction.admin.cache.CacheEntry}, addressed by {@link dev.junction.routing.CacheKey#asString()}.
 */
@NullMarked
package dev.junction.admin.cache;

import org.jspecify.annotations.NullMarked;
