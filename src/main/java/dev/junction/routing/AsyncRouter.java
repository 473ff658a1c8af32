package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;

/**
 * A router that may need to look something up (a remembered decision) before it answers. The
 * decision cache wraps a pure {@link Router} in one of these; the data plane only sees this.
 */
@FunctionalInterface
public interface AsyncRouter {
  /** Completes with the decision; never blocks the calling event loop. */
  Future<RoutingDecision> route(RoutingRequest request);

  /** See {@link Router#projection(RoutingRequest)}. */
  default PayloadProjection projection(RoutingRequest request) {
    return PayloadProjection.WHOLE;
  }

  /** A pure router, answered at once. */
  static AsyncRouter of(Router router) {
    requireNonNull(router, "router");
    return new AsyncRouter() {
      @Override
      public Future<RoutingDecision> route(RoutingRequest request) {
        return Future.succeededFuture(router.decide(request));
      }

      @Override
      public PayloadProjection projection(RoutingRequest request) {
        return router.projection(request);
      }
    };
  }
}
