/**
 * The openapi admin API: the state of each backend's OpenAPI document behind the data plane's
 * merged document, and a refresh. Start at {@link dev.junction.admin.openapi.OpenApiRoutes}.
 */
@NullMarked
package dev.junction.admin.openapi;

import org.jspecify.annotations.NullMarked;
