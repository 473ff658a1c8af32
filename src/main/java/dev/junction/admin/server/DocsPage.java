package dev.junction.admin.server;

import static java.util.Objects.requireNonNull;

import dev.junction.admin.ApiException;
import dev.junction.proxy.LocalEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Swagger UI from the {@code org.webjars:swagger-ui} jar, served offline: the admin listener's
 * {@code GET /docs} and the data plane's docs page for the merged document. The page and its
 * initializer are Junction's own (the webjar's default initializer points at an external demo
 * document); only the listed assets of the webjar are served, from memory. Every URL in the page
 * is a path on the same listener.
 *
 * <p>{@link #load} reads the assets (blocking); the handlers then never block and may be shared
 * by every event loop.
 */
public final class DocsPage {
  static final String PATH = "/docs";
  static final String INITIALIZER = "junction-docs.js";
  private static final String WEBJARS = "META-INF/resources/webjars/swagger-ui/";
  private static final String POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
  private static final Map<String, String> ASSETS = Map.of("swagger-ui.css", "text/css; charset=utf-8",
      "swagger-ui-bundle.js", "text/javascript; charset=utf-8", "favicon-32x32.png", "image/png",
      "favicon-16x16.png", "image/png");

  private static final String HTML = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>%2$s</title>
        <link rel="stylesheet" href="%1$s/swagger-ui.css">
        <link rel="icon" type="image/png" href="%1$s/favicon-32x32.png" sizes="32x32">
        <link rel="icon" type="image/png" href="%1$s/favicon-16x16.png" sizes="16x16">
      </head>
      <body>
        <div id="swagger-ui"></div>
        <script src="%1$s/swagger-ui-bundle.js"></script>
        <script src="%1$s/junction-docs.js"></script>
      </body>
      </html>
      """;

  // validatorUrl null: the default sends the document to an external validator for a badge
  private static final String SCRIPT = """
      window.addEventListener('load', function () {
        window.ui = SwaggerUIBundle({
          url: '%s',
          dom_id: '#swagger-ui',
          deepLinking: true,
          validatorUrl: null,
          presets: [SwaggerUIBundle.presets.apis],
          layout: 'BaseLayout'
        });
      });
      """;

  private final String path;
  private final Map<String, LocalEndpoint> endpoints = new LinkedHashMap<>();

  private DocsPage(String path, String documentPath, String title, Map<String, Buffer> assets) {
    this.path = path;
    endpoints.put(path, get("text/html; charset=utf-8", Buffer.buffer(String.format(HTML, path, title))));
    endpoints.put(path + "/" + INITIALIZER, get("text/javascript; charset=utf-8",
        Buffer.buffer(String.format(SCRIPT, documentPath))));
    assets.forEach((name, bytes) -> endpoints.put(path + "/" + name, get(ASSETS.get(name), bytes)));
  }

  /** The admin listener's page: {@code /docs} showing {@code /openapi.json}. Blocking: call it on a worker. */
  static DocsPage load() {
    return load(PATH, "/openapi.json", "Junction admin API");
  }

  /**
   * Reads the webjar's assets from the classpath. Blocking: call it on a worker.
   *
   * @param path where the page is served; its assets are served below it
   * @param documentPath the path of the OpenAPI document the page shows, on the same listener
   * @param title the page title (plain text)
   */
  public static DocsPage load(String path, String documentPath, String title) {
    requireNonNull(path, "path");
    requireNonNull(documentPath, "documentPath");
    requireNonNull(title, "title");
    ClassLoader loader = DocsPage.class.getClassLoader();
    try (InputStream in = loader.getResourceAsStream(POM)) {
      if (in == null) {
        throw new IllegalStateException("docs: " + POM + " not on the classpath (expected: the org.webjars:swagger-ui jar)");
      }
      Properties p = new Properties();
      p.load(in);
      String root = WEBJARS + p.getProperty("version") + "/";
      Map<String, Buffer> assets = new LinkedHashMap<>();
      for (String name : ASSETS.keySet()) {
        try (InputStream asset = loader.getResourceAsStream(root + name)) {
          if (asset == null) {
            throw new IllegalStateException("docs: " + root + name + " not in the swagger-ui jar (expected: every asset the page uses)");
          }
          assets.put(name, Buffer.buffer(asset.readAllBytes()));
        }
      }
      return new DocsPage(path, documentPath, title.replace("<", "&lt;").replace("&", "&amp;"), assets);
    } catch (IOException e) {
      throw new UncheckedIOException("docs: cannot read the swagger-ui jar", e);
    }
  }

  /**
   * The page, its initializer and each asset by path, for a listener that dispatches on exact paths
   * (the data plane's local endpoints). They answer GET and HEAD, and 405 otherwise.
   */
  public Map<String, LocalEndpoint> endpoints() {
    return Map.copyOf(endpoints);
  }

  /** Mounts the same endpoints on a vertx-web router; records their methods in {@code allowed}. */
  void mount(Router router, Map<String, Set<HttpMethod>> allowed) {
    endpoints.forEach((p, handler) -> {
      Handler<HttpServerRequest> h = LocalEndpoint.vertx(handler);
      router.get(p).handler(ctx -> h.handle(ctx.request()));
      allowed.put(p, Set.of(HttpMethod.GET));
    });
    router.get(path + "/*").handler(this::notAnAsset);
    allowed.put(path + "/*", Set.of(HttpMethod.GET));
  }

  private void notAnAsset(RoutingContext ctx) {
    ctx.fail(ApiException.notFound(ctx.normalizedPath() + ": no such docs asset"));
  }

  private static LocalEndpoint get(String contentType, Buffer body) {
    LocalEndpoint.Response page = LocalEndpoint.Response.of(200, contentType, body)
        .with("X-Content-Type-Options", "nosniff")
        .with("Content-Security-Policy", "connect-src 'self'; frame-ancestors 'none'");
    LocalEndpoint.Response refused = LocalEndpoint.Response.methodNotAllowed("GET, HEAD");
    return req -> Future.succeededFuture(req.isRead() ? page : refused);
  }
}
