/**
 * Merging the backends' OpenAPI documents into the one document of what a client can call through
 * Junction. Pure: Jackson trees in, a Jackson tree out, no sockets, no clock.
 *
 * <p>Start at {@link dev.junction.openapi.merge.OpenApiMerger#merge}; {@link
 * dev.junction.openapi.merge.Ownership} decides which backend's operation the route table reaches,
 * {@link dev.junction.openapi.merge.ComponentNames} resolves component name clashes.
 */
@NullMarked
package dev.junction.openapi.merge;

import org.jspecify.annotations.NullMarked;
