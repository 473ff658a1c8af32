package dev.junction.cache;

import static java.util.Objects.requireNonNull;

import dev.junction.config.BackendConfig;
import dev.junction.routing.AsyncRouter;
import dev.junction.routing.CacheKey;
import dev.junction.routing.PayloadProjection;
import dev.junction.routing.Router;
import dev.junction.routing.RoutingDecision;
import dev.junction.routing.RoutingRequest;
import io.vertx.core.Future;

/**
 * The decision cache as a decorator around the pure router: when the router says "discover" with a
 * key, a remembered decision under that key turns it into {@link RoutingDecision.Cached}. Explicit
 * rules never reach the cache. A remembered backend that is no longer a discovery candidate (the
 * config changed) is ignored.
 */
public final class CachingRouter implements AsyncRouter {
  private final Router router;
  private final DecisionCache cache;

  public CachingRouter(Router router, DecisionCache cache) {
    this.router = requireNonNull(router, "router");
    this.cache = requireNonNull(cache, "cache");
  }

  @Override
  public PayloadProjection projection(RoutingRequest request) {
    return router.projection(request);
  }

  @Override
  public Future<RoutingDecision> route(RoutingRequest request) {
    RoutingDecision d = router.decide(request);
    if (!(d instanceof RoutingDecision.Discover discover) || discover.key() == null) {
      return Future.succeededFuture(d);
    }
    CacheKey key = discover.key();
    return cache.lookup(key).map(hit -> {
      if (hit.isEmpty()) {
        return d;
      }
      String name = hit.get().backend();
      for (BackendConfig b : discover.candidates()) {
        if (b.name().equals(name)) {
          return new RoutingDecision.Cached(b, key, discover);
        }
      }
      return d;
    });
  }
}
