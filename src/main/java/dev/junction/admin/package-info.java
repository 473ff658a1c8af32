/**
 * The code-first admin API framework: operations are declared in code, mounted on the admin
 * listener and described in the OpenAPI document from the same declarations.
 *
 * <p>Start at {@link dev.junction.admin.ApiRegistry} (where operations are declared) and {@link
 * dev.junction.admin.ApiOperation} (one operation: method, path, types, handler). Handlers report
 * HTTP-meaningful failures with {@link dev.junction.admin.ApiException}. Each API lives in its own
 * sub-package as a service interface, its models and a {@code XxxRoutes.register} method; {@link
 * dev.junction.admin.server.AdminApis} lists them all and {@link
 * dev.junction.admin.server.AdminServer} serves them.
 */
@NullMarked
package dev.junction.admin;

import org.jspecify.annotations.NullMarked;
