package dev.junction.admin.server;

import static java.util.Objects.requireNonNull;

import dev.junction.admin.ApiException;
import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiRegistry;
import dev.junction.config.AdminConfig;
import dev.junction.openapi.OpenApiGenerator;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener: every operation of an {@link ApiRegistry}, {@code GET /openapi.json} (the
 * document generated from the same registry), {@code GET /docs} (Swagger UI, offline) and {@code
 * GET /status} (a status page over the same APIs, see {@link StatusPage}).
 *
 * <p>Request flow: alias resolution (an alias path is rerouted to its primary path, once), the
 * token check when the listener is not loopback, then the operation's route (token check for
 * changes, body, parameters, handler). Unknown paths answer 404, known paths with another method
 * 405 with {@code Allow}; every error is {@code application/problem+json}.
 *
 * <p>The registry is read once, at start: operations registered later are not served.
 */
public final class AdminServer {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

  private final HttpServer server;

  private AdminServer(HttpServer server) {
    this.server = server;
  }

  /**
   * Starts the admin listener; the future completes once it listens, or fails (e.g. port in use, or
   * a listener beyond loopback without a token). {@link AdminConfig#enabled()} is not consulted: the
   * caller decides whether to start it.
   *
   * @param config where to listen and the configured token
   * @param registry the operations to serve and describe
   * @param aliasResolver maps a request path to its primary path, or returns it unchanged; called
   *     on the event loop, must not block
   * @param tokenFromEnv {@code JUNCTION_ADMIN_TOKEN}, used when the config has no token
   */
  public static Future<AdminServer> start(Vertx vertx, AdminConfig config, ApiRegistry registry,
      UnaryOperator<String> aliasResolver, @Nullable String tokenFromEnv) {
    return start(vertx, config, registry, aliasResolver, tokenFromEnv, Map.of());
  }

  /**
   * As {@link #start(Vertx, AdminConfig, ApiRegistry, UnaryOperator, String)}, also serving {@code pages}:
   * endpoints that are not JSON operations (e.g. {@code /metrics}, Prometheus text), by exact path, for
   * GET and HEAD. They are not in the OpenAPI document; the token rule for reads applies to them.
   */
  public static Future<AdminServer> start(Vertx vertx, AdminConfig config, ApiRegistry registry,
      UnaryOperator<String> aliasResolver, @Nullable String tokenFromEnv, Map<String, Handler<HttpServerRequest>> pages) {
    requireNonNull(vertx, "vertx");
    Map<String, Handler<HttpServerRequest>> extra = Map.copyOf(pages);
    requireNonNull(config, "config");
    requireNonNull(registry, "registry");
    requireNonNull(aliasResolver, "aliasResolver");
    String token = nonBlank(config.token()) != null ? config.token() : nonBlank(tokenFromEnv);
    boolean loopback = config.listen().isLoopback();
    if (!loopback && token == null) {
      return Future.failedFuture(new IllegalStateException("admin.listen: " + config.listen()
          + " is not loopback and no admin token is set (expected: admin.token in the configuration file or the "
          + "JUNCTION_ADMIN_TOKEN environment variable, or a loopback address such as 127.0.0.1)"));
    }
    List<ApiOperation> ops = List.copyOf(registry.operations());
    BearerAuth auth = new BearerAuth(token, !loopback);
    return vertx.executeBlocking(() -> new Prepared(
            OpenApiGenerator.toJson(OpenApiGenerator.generate(registry, AdminApis.API_VERSION)), DocsPage.load()))
        .compose(prepared -> {
          Router router = router(vertx, ops, auth, aliasResolver, prepared, extra);
          // HTTP/1.1 only: the JDK's HttpClient asks every cleartext request to upgrade to h2c, and a
          // large answer over the upgraded connection (the OpenAPI document) now and then reached it as
          // HTTP/1 bytes it read as HTTP/2 frames ("Frame type(34) ... exceeds MAX_FRAME_SIZE", in CI).
          // An admin API gains nothing from HTTP/2; the Upgrade header is ignored, as RFC 9110 allows.
          HttpServerOptions options = new HttpServerOptions().setHost(config.listen().host()).setPort(config.listen().port())
              .setHttp2ClearTextEnabled(false);
          return vertx.createHttpServer(options).requestHandler(router).listen();
        })
        .map(s -> {
          LOG.info("admin API listening on {}:{} ({} operations, token {})", config.listen().host(), s.actualPort(),
              ops.size(), token == null ? "not set: changes refused" : "set");
          return new AdminServer(s);
        });
  }

  private record Prepared(String openApiJson, DocsPage docs) {}

  private static Router router(Vertx vertx, List<ApiOperation> ops, BearerAuth auth, UnaryOperator<String> aliases,
      Prepared prepared, Map<String, Handler<HttpServerRequest>> pages) {
    Router router = Router.router(vertx);
    Map<String, Set<HttpMethod>> allowed = new LinkedHashMap<>();
    StatusPage.mount(router, allowed); // holds no data: served without the token; its fetches are guarded
    router.route().handler(new AliasRerouter(aliases));
    router.route().handler(auth::guardAll);
    OperationRoutes.mount(router, ops, auth, allowed);
    router.get("/openapi.json").handler(ctx -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(prepared.openApiJson()));
    allowed.put("/openapi.json", Set.of(HttpMethod.GET));
    prepared.docs().mount(router, allowed);
    pages.forEach((path, handler) -> {
      router.route(HttpMethod.GET, path).handler(ctx -> handler.handle(ctx.request()));
      router.route(HttpMethod.HEAD, path).handler(ctx -> handler.handle(ctx.request()));
      allowed.put(path, Set.of(HttpMethod.GET, HttpMethod.HEAD));
    });
    allowed.forEach((path, methods) -> router.route(path).handler(ctx -> OperationRoutes.methodNotAllowed(ctx, methods)));
    router.route().handler(AdminServer::notFound);
    router.route().failureHandler(AdminFailures::handleFailure);
    return router;
  }

  private static void notFound(RoutingContext ctx) {
    AdminFailures.send(ctx, ApiException.notFound(ctx.request().path() + ": no such admin endpoint (expected: a path listed "
        + "in /openapi.json)"), Map.of());
  }

  private static @Nullable String nonBlank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** The port it listens on (the actual one when the config asked for port 0). */
  public int port() {
    return server.actualPort();
  }

  /** Stops listening; completes when closed. */
  public Future<Void> close() {
    return server.close();
  }
}
