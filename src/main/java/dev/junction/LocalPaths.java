package dev.junction;

import dev.junction.cache.DecisionCache;
import dev.junction.cache.DecisionStore;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Set;

/** Paths Junction answers itself on the data plane. They can be aliased but never aliases. */
final class LocalPaths {
  static final String HEALTH = "/health";
  static final Set<String> RESERVED = Set.of(HEALTH);

  private LocalPaths() {}

  /** {@code /health} for load balancers: 200 while Junction can route (a degraded store still routes). */
  static void health(HttpServerRequest req, DecisionCache cache) {
    DecisionStore.StoreHealth store = cache.health();
    JsonObject body = new JsonObject()
        .put("status", store.up() ? "up" : "degraded")
        .put("checks", new JsonArray().add(new JsonObject()
            .put("name", "decision-store:" + store.kind())
            .put("status", store.up() ? "up" : "down")
            .put("detail", store.detail())));
    req.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store").end(body.encode());
  }
}
