/**
 * {@code /routes}: the rule table, and {@code POST /routes/explain} to see how a request would be
 * routed without forwarding it.
 *
 * <p>Start at {@link dev.junction.admin.routes.RoutesService}; {@link
 * dev.junction.admin.routes.RouteInfo#from} renders a configured rule.
 */
@NullMarked
package dev.junction.admin.routes;

import org.jspecify.annotations.NullMarked;
