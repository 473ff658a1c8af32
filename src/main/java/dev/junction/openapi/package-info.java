/**
 * The OpenAPI 3.1 document of the admin API, generated from the {@link
 * dev.junction.admin.ApiRegistry} that the admin server mounts.
 *
 * <p>Start at {@link dev.junction.openapi.OpenApiGenerator}.
 */
@NullMarked
package dev.junction.openapi;

import org.jspecify.annotations.NullMarked;
