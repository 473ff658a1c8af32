package dev.junction.admin.routes;

import io.vertx.core.Future;
import java.util.List;

/** The routes API's contract. Non-blocking: called on the event loop. */
public interface RoutesService {

  /** The explicit rules, in the order they are tried. */
  Future<List<RouteInfo>> routes();

  /**
   * How {@code request} would be routed right now: alias resolution, rules, cache, discovery. Never
   * forwards anything and never changes the cache.
   */
  Future<Explanation> explain(ExplainRequest request);
}
