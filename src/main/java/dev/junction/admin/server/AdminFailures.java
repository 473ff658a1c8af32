package dev.junction.admin.server;

import dev.junction.admin.ApiException;
import dev.junction.admin.ApiJson;
import dev.junction.admin.Problem;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place admin failures become responses. An {@link ApiException} keeps its status; a
 * vertx-web status failure (e.g. 413 from the body handler) becomes the matching problem; anything
 * else is a bug: it is logged with its stack under an incident id and the client only gets 500 with
 * that id.
 */
final class AdminFailures {
  private static final Logger LOG = LoggerFactory.getLogger(AdminFailures.class);

  private AdminFailures() {}

  /** The failure handler of the admin router. */
  static void handleFailure(RoutingContext ctx) {
    Throwable t = ctx.failure();
    ApiException problem;
    if (t instanceof ApiException e) {
      problem = e;
    } else if (t instanceof HttpException h && h.getStatusCode() < 500) {
      problem = forStatus(h.getStatusCode());
    } else if (t == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
      problem = forStatus(ctx.statusCode());
    } else {
      String incident = UUID.randomUUID().toString();
      LOG.error("admin {} {} failed (incident {})", ctx.request().method(), ctx.request().path(), incident, t);
      problem = new ApiException(500, "internal-error", "Internal error",
          "The admin API failed unexpectedly (incident " + incident + "); the server log has the details.");
    }
    send(ctx, problem, Map.of());
  }

  /** Answers {@code problem} with extra headers (e.g. {@code Allow}); does nothing once the response is done. */
  static void send(RoutingContext ctx, ApiException problem, Map<String, String> headers) {
    HttpServerResponse res = ctx.response();
    if (res.ended() || res.closed()) {
      return;
    }
    if (res.headWritten()) {
      // too late for a problem body: do not let a truncated response look complete
      res.reset();
      return;
    }
    Buffer body = ApiJson.encode(Problem.of(problem, ctx.request().path()));
    res.setStatusCode(problem.status());
    headers.forEach(res::putHeader);
    res.putHeader(HttpHeaders.CONTENT_TYPE, Problem.CONTENT_TYPE);
    res.end(body);
  }

  private static ApiException forStatus(int status) {
    switch (status) {
      case 400:
        return ApiException.badRequest("The request could not be read.");
      case 404:
        return ApiException.notFound("Nothing here.");
      case 413:
        return new ApiException(413, "payload-too-large", "Payload too large",
            "The request body is larger than " + OperationRoutes.MAX_BODY_BYTES + " bytes (expected: at most "
                + OperationRoutes.MAX_BODY_BYTES + ").");
      default:
        return new ApiException(status, "http-" + status, "HTTP " + status, "The request failed with status " + status + ".");
    }
  }
}
