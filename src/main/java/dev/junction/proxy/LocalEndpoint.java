package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A path Junction answers itself ({@code /health}, the merged OpenAPI document and its docs page, the
 * merged model list): a small, whole answer computed from the request's method and headers. The data
 * plane calls it on its event loop; the admin plane mounts the same endpoints through {@link
 * #vertx}. The returned future may complete on any thread.
 */
@FunctionalInterface
public interface LocalEndpoint {

  /** What a local endpoint may read of a request. */
  interface Request {
    /** The method, upper case, as sent. */
    String method();

    /** The first value of header {@code name} (any case), {@code null} when absent. */
    @Nullable String header(String name);

    /** True for GET and HEAD, the only methods most local endpoints answer. */
    default boolean isRead() {
      return method().equals("GET") || method().equals("HEAD");
    }
  }

  /**
   * A whole answer. {@code headers} are name/value pairs in order; {@code Content-Length} is set by
   * whoever writes it.
   */
  record Response(int status, List<Map.Entry<String, String>> headers, Buffer body) {
    public Response {
      if (status < 200 || status > 599) {
        throw new IllegalArgumentException("status: " + status + " (expected: 200..599)");
      }
      headers = List.copyOf(headers);
      requireNonNull(body, "body");
    }

    /** {@code status} with one {@code Content-Type} and a body. */
    public static Response of(int status, String contentType, Buffer body) {
      return new Response(status, List.of(Map.entry("Content-Type", contentType)), body);
    }

    /** 405 naming the methods allowed, without a body. */
    public static Response methodNotAllowed(String allow) {
      return new Response(405, List.of(Map.entry("Allow", allow)), Buffer.buffer());
    }

    /** This answer with one more header. */
    public Response with(String name, String value) {
      List<Map.Entry<String, String>> h = new ArrayList<>(headers);
      h.add(Map.entry(name, value));
      return new Response(status, h, body);
    }
  }

  /** Answers {@code request}. Must not block; a failed future becomes a 500 problem. */
  Future<Response> handle(Request request);

  /** A request as a local endpoint sees it, read from a Vert.x request (the admin plane). */
  static Request of(HttpServerRequest req) {
    String method = req.method().name();
    UnaryOperator<String> headers = req::getHeader;
    return new Request() {
      @Override
      public String method() {
        return method;
      }

      @Override
      public @Nullable String header(String name) {
        return headers.apply(name);
      }
    };
  }

  /** Writes {@code r} to a Vert.x response (the admin plane). */
  static Future<Void> write(Response r, HttpServerResponse out) {
    out.setStatusCode(r.status());
    r.headers().forEach(e -> out.headers().add(e.getKey(), e.getValue()));
    return out.end(r.body());
  }

  /** This endpoint as a Vert.x request handler, for the admin plane's router. */
  static io.vertx.core.Handler<HttpServerRequest> vertx(LocalEndpoint endpoint) {
    requireNonNull(endpoint, "endpoint");
    return req -> endpoint.handle(of(req)).onComplete(ar -> {
      if (ar.succeeded()) {
        write(ar.result(), req.response());
      } else {
        ProblemAnswers.send(req.response(), 500, "internal", "Internal error", "see Junction's log", null);
      }
    });
  }
}
