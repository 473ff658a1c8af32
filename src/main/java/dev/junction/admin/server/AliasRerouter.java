package dev.junction.admin.server;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an alias path as its primary path: reroutes the request (query kept) before any route
 * matches. Resolution happens once per request, so a resolver mistake (a cycle) cannot loop.
 */
final class AliasRerouter implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(AliasRerouter.class);
  // vertx-web's per-request data is string-keyed; this key is private to this class
  private static final String REROUTED = AliasRerouter.class.getName() + ".rerouted";

  private final UnaryOperator<String> resolver;

  AliasRerouter(UnaryOperator<String> resolver) {
    this.resolver = resolver;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (ctx.get(REROUTED) != null) {
      ctx.next();
      return;
    }
    String path = ctx.normalizedPath();
    String primary = resolver.apply(path);
    if (primary == null || primary.equals(path)) {
      ctx.next();
      return;
    }
    if (!primary.startsWith("/")) {
      LOG.warn("alias resolver mapped {} to '{}' (expected: a path starting with /); not rerouted", path, primary);
      ctx.next();
      return;
    }
    ctx.put(REROUTED, Boolean.TRUE);
    String query = ctx.request().query();
    ctx.reroute(ctx.request().method(), query == null ? primary : primary + "?" + query);
  }
}
