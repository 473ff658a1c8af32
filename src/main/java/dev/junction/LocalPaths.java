package dev.junction;

import dev.junction.admin.ApiRegistry;
import dev.junction.admin.server.DocsPage;
import dev.junction.config.JunctionConfig;
import dev.junction.models.ModelCatalogs;
import dev.junction.models.ModelsEndpoint;
import dev.junction.openapi.sources.OpenApiSources;
import dev.junction.proxy.LocalEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Paths Junction answers itself: {@code /health} on the data plane, the merged OpenAPI document and
 * its docs page (when a backend declares a document), the merged model list (when configured), and
 * the admin API's paths. They can have aliases but can never be aliases. A rule on one of the
 * configured local paths is refused when the config is loaded.
 */
final class LocalPaths {
  static final String HEALTH = "/health";

  private LocalPaths() {}

  /** The paths no alias may take: data-plane local paths and the admin API's fixed paths. */
  static Set<String> reserved(ApiRegistry admin, JunctionConfig config) {
    Set<String> out = new TreeSet<>();
    out.add(HEALTH);
    out.add("/openapi.json");
    out.add("/docs");
    out.add(config.openapi().path());
    out.add(config.openapi().docsPath());
    if (config.models() != null) {
      out.add(config.models().path());
    }
    for (String p : admin.paths()) {
      if (!p.contains("{")) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * The data plane's local endpoints: {@code health}, plus the merged document, its docs page and
   * assets, and the model list as configured. Reads the docs assets on a worker.
   *
   * @param openapi the merged document; {@code null} when the data plane serves none
   * @param catalogs told every model list the merged list endpoint gets; {@code null} without models
   */
  static Future<Map<String, LocalEndpoint>> endpoints(Vertx vertx, JunctionConfig config,
      LocalEndpoint health, @Nullable OpenApiSources openapi, @Nullable ModelCatalogs catalogs) {
    Map<String, LocalEndpoint> out = new LinkedHashMap<>();
    out.put(HEALTH, health);
    if (config.models() != null) {
      out.put(config.models().path(), new ModelsEndpoint(vertx, config.models(), config.backends(), config.proxy(), catalogs));
    }
    if (openapi == null) {
      return Future.succeededFuture(out);
    }
    out.put(config.openapi().path(), openapi.handler());
    return vertx.executeBlocking(() -> DocsPage.load(config.openapi().docsPath(), config.openapi().path(), "Junction API"))
        .map(docs -> {
          out.putAll(docs.endpoints());
          return out;
        });
  }
}
