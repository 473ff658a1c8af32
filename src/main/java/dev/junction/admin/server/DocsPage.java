package dev.junction.admin.server;

import dev.junction.admin.ApiException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * {@code GET /docs}: Swagger UI from the {@code org.webjars:swagger-ui} jar, served offline. The
 * page and its initializer are Junction's own (the webjar's default initializer points at an
 * external demo document); only the listed assets of the webjar are served. Every URL in the page
 * is a path on this listener.
 */
final class DocsPage {
  static final String PATH = "/docs";
  static final String INITIALIZER = "junction-docs.js";
  private static final String WEBJARS = "META-INF/resources/webjars/swagger-ui/";
  private static final String POM = "META-INF/maven/org.webjars/swagger-ui/pom.properties";
  private static final Set<String> ASSETS = Set.of("swagger-ui.css", "swagger-ui-bundle.js", "favicon-32x32.png",
      "favicon-16x16.png");

  private static final String HTML = """
      <!DOCTYPE html>
      <html lang="en">
      <head>
        <meta charset="utf-8">
        <title>Junction admin API</title>
        <link rel="stylesheet" href="/docs/swagger-ui.css">
        <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
        <link rel="icon" type="image/png" href="/docs/favicon-16x16.png" sizes="16x16">
      </head>
      <body>
        <div id="swagger-ui"></div>
        <script src="/docs/swagger-ui-bundle.js"></script>
        <script src="/docs/junction-docs.js"></script>
      </body>
      </html>
      """;

  // validatorUrl null: the default sends the document to an external validator for a badge
  private static final String SCRIPT = """
      window.addEventListener('load', function () {
        window.ui = SwaggerUIBundle({
          url: '/openapi.json',
          dom_id: '#swagger-ui',
          deepLinking: true,
          validatorUrl: null,
          presets: [SwaggerUIBundle.presets.apis],
          layout: 'BaseLayout'
        });
      });
      """;

  private final String webroot;

  private DocsPage(String webroot) {
    this.webroot = webroot;
  }

  /** Finds the webjar on the classpath. Blocking (reads a classpath resource): call it on a worker. */
  static DocsPage load() {
    try (InputStream in = DocsPage.class.getClassLoader().getResourceAsStream(POM)) {
      if (in == null) {
        throw new IllegalStateException("docs: " + POM + " not on the classpath (expected: the org.webjars:swagger-ui jar)");
      }
      Properties p = new Properties();
      p.load(in);
      return new DocsPage(WEBJARS + p.getProperty("version"));
    } catch (IOException e) {
      throw new UncheckedIOException("docs: cannot read " + POM, e);
    }
  }

  /** Mounts the page, its initializer and the webjar assets; records their methods in {@code allowed}. */
  void mount(Router router, Map<String, Set<HttpMethod>> allowed) {
    router.get(PATH).handler(ctx -> send(ctx, "text/html; charset=utf-8", HTML));
    router.get(PATH + "/" + INITIALIZER).handler(ctx -> send(ctx, "text/javascript; charset=utf-8", SCRIPT));
    router.get(PATH + "/*").handler(DocsPage::onlyAssets).handler(StaticHandler.create(webroot));
    allowed.put(PATH, Set.of(HttpMethod.GET));
    allowed.put(PATH + "/*", Set.of(HttpMethod.GET));
  }

  private static void onlyAssets(RoutingContext ctx) {
    String name = ctx.normalizedPath().substring(PATH.length() + 1);
    if (ASSETS.contains(name)) {
      ctx.next();
    } else {
      ctx.fail(ApiException.notFound(PATH + "/" + name + ": no such docs asset"));
    }
  }

  private static void send(RoutingContext ctx, String contentType, String body) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Content-Security-Policy", "connect-src 'self'; frame-ancestors 'none'")
        .end(body);
  }
}
