/**
 * The data plane's merged OpenAPI document at run time: fetching each backend's document
 * (non-blocking, bounded in time and size), merging them with {@link
 * dev.junction.openapi.merge.OpenApiMerger} on a worker, and serving the result.
 *
 * <p>Start at {@link dev.junction.openapi.sources.OpenApiSources}.
 */
@NullMarked
package dev.junction.openapi.sources;

import org.jspecify.annotations.NullMarked;
