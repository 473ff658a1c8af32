package dev.junction.admin.server;

import dev.junction.admin.ApiException;
import dev.junction.admin.ApiJson;
import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiResult;
import dev.junction.admin.ResponseSpec;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Mounts registered operations on the admin router: token check for changes, JSON body parsing,
 * parameter validation, the handler call, and the response. Every failure goes through {@link
 * AdminFailures}. A handler that answers something it did not declare is a bug and answers 500 naming
 * the operation.
 */
final class OperationRoutes {
  /** Largest admin request body read; larger ones answer 413. */
  static final int MAX_BODY_BYTES = 1 << 20;

  private OperationRoutes() {}

  /**
   * Mounts {@code ops} in order, recording each route's methods in {@code allowed} (vertx-web path to
   * methods) for the 405 answers.
   */
  static void mount(Router router, Iterable<ApiOperation> ops, BearerAuth auth, Map<String, Set<HttpMethod>> allowed) {
    for (ApiOperation op : ops) {
      // guards on routes of their own: vertx-web runs a route's body handler before its other
      // handlers, and neither a caller without the token nor a wrong content type gets a body read
      if (op.mutating()) {
        router.route(op.method(), op.vertxPath()).handler(auth::guardChange);
      }
      if (op.requestBody() != null) {
        router.route(op.method(), op.vertxPath()).handler(OperationRoutes::requireJson);
      }
      Route route = router.route(op.method(), op.vertxPath());
      if (op.requestBody() != null) {
        route.handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES));
      }
      route.handler(ctx -> invoke(op, ctx, auth));
      allowed.computeIfAbsent(op.vertxPath(), p -> new TreeSet<>(Comparator.comparing(HttpMethod::name))).add(op.method());
    }
  }

  /** Answers 405 with {@code Allow} for a known path and an unsupported method. */
  static void methodNotAllowed(RoutingContext ctx, Set<HttpMethod> methods) {
    String allow = methods.stream().map(HttpMethod::name).collect(Collectors.joining(", "));
    AdminFailures.send(ctx, new ApiException(405, "method-not-allowed", "Method not allowed",
        ctx.request().method().name() + " " + ctx.request().path() + ": not supported (expected: " + allow + ")"),
        Map.of(HttpHeaders.ALLOW.toString(), allow));
  }

  private static void requireJson(RoutingContext ctx) {
    String ct = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
    if (ct != null) {
      String mime = ct.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
      if (!mime.equals("application/json") && !mime.endsWith("+json")) {
        AdminFailures.send(ctx, new ApiException(415, "unsupported-media-type", "Unsupported media type",
            "Content-Type: " + ct + " (expected: application/json)"), Map.of());
        return;
      }
    }
    ctx.next();
  }

  private static void invoke(ApiOperation op, RoutingContext ctx, BearerAuth auth) {
    Future<?> result;
    try {
      DefaultApiRequest request = DefaultApiRequest.from(op, ctx, auth.principal(ctx.request()));
      result = op.handler().handle(request);
    } catch (RuntimeException e) {
      ctx.fail(e);
      return;
    }
    if (result == null) {
      ctx.fail(new IllegalStateException("operation " + op + ": handler returned null (expected: a Future)"));
      return;
    }
    result.onComplete(ar -> {
      if (ar.failed()) {
        ctx.fail(ar.cause());
        return;
      }
      try {
        respond(ctx, op, ar.result());
      } catch (RuntimeException e) {
        ctx.fail(e);
      }
    });
  }

  private static void respond(RoutingContext ctx, ApiOperation op, @Nullable Object result) {
    int status = op.success().status();
    Object body = result;
    if (result instanceof ApiResult<?> r) {
      status = r.status();
      body = r.body();
    }
    ResponseSpec spec = op.response(status);
    if (spec == null) {
      throw new IllegalStateException("operation " + op + ": handler answered " + status + " (expected: one of "
          + op.responses().stream().map(s -> Integer.toString(s.status())).collect(Collectors.joining(", ")) + ")");
    }
    if (!spec.body().matches(body)) {
      throw new IllegalStateException("operation " + op + ": handler answered " + status + " with "
          + (body == null ? "no body" : body.getClass().getName()) + " (expected: " + spec.body() + ")");
    }
    HttpServerResponse res = ctx.response();
    if (res.ended() || res.closed()) {
      return;
    }
    res.setStatusCode(status).putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
    if (body == null) {
      res.end();
    } else {
      res.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      res.end(ApiJson.encode(body));
    }
  }
}
