/**
 * {@code GET /endpoints}: every primary path Junction answers, with its aliases.
 *
 * <p>Start at {@link dev.junction.admin.endpoints.EndpointsService}.
 */
@NullMarked
package dev.junction.admin.endpoints;

import org.jspecify.annotations.NullMarked;
