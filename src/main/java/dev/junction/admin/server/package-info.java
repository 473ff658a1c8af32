/**
 * The admin listener: mounts every registered operation, checks the admin token, maps every
 * failure to {@code application/problem+json} in one place, and serves the OpenAPI document and the
 * offline Swagger UI.
 *
 * <p>Start at {@link dev.junction.admin.server.AdminServer} (start and stop the listener) and {@link
 * dev.junction.admin.server.AdminApis} (the one place every admin API is registered).
 */
@NullMarked
package dev.junction.admin.server;

import org.jspecify.annotations.NullMarked;
