package dev.junction.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Every error Junction answers on the data plane, as an RFC 9457 {@code application/problem+json}
 * body. One place builds them so that status, type and wording stay consistent; nothing here ever
 * includes a stack trace or an internal address other than a configured backend's name and URL.
 */
public final class ProblemAnswers {
  static final ObjectMapper JSON = new ObjectMapper();
  public static final String CONTENT_TYPE = "application/problem+json";
  private static final String TYPE_PREFIX = "urn:junction:problem:";

  private ProblemAnswers() {}

  /** A problem body: {@code type} is a short slug, {@code extra} adds members (e.g. {@code attempts}). */
  public static ObjectNode body(int status, String slug, String title, String detail, @Nullable String instance) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", TYPE_PREFIX + slug);
    n.put("title", title);
    n.put("status", status);
    n.put("detail", detail);
    if (instance != null) {
      n.put("instance", instance);
    }
    return n;
  }

  /**
   * Sends {@code problem} unless the response head already went out, in which case the connection
   * is reset so that the client never mistakes a broken response for a complete one.
   */
  public static void send(HttpServerResponse response, ObjectNode problem) {
    if (response.headWritten() || response.ended() || response.closed()) {
      if (!response.ended()) {
        response.reset();
      }
      return;
    }
    int status = problem.path("status").asInt(500);
    Buffer body = Buffer.buffer(problem.toString());
    response.setStatusCode(status);
    response.putHeader("Content-Type", CONTENT_TYPE);
    response.putHeader("Content-Length", Integer.toString(body.length()));
    response.putHeader("Via", Hop.VIA);
    if (status == 413 || status == 431 || status == 400) {
      // the rest of the request may be unread: do not reuse this connection
      response.putHeader("Connection", "close");
    }
    if (response.streamId() >= 0) {
      // HTTP/2 forbids Connection (RFC 9113 section 8.2.2), and a stream needs no closing: the
      // codec would reset it instead of sending the problem
      response.headers().remove("Connection");
    }
    response.end(body);
  }

  static void send(HttpServerResponse response, int status, String slug, String title, String detail, @Nullable String instance) {
    send(response, body(status, slug, title, detail, instance));
  }

  /** {@code problem} as a whole local answer. */
  public static LocalEndpoint.Response response(ObjectNode problem) {
    return LocalEndpoint.Response.of(problem.path("status").asInt(500), CONTENT_TYPE, Buffer.buffer(problem.toString()));
  }

  /**
   * Answers {@code ex} with {@code problem} unless its head already went out, in which case the answer
   * is reset so that the client never mistakes a broken answer for a complete one. After a 400, 413
   * or 431 the HTTP/1.x connection closes: the rest of the request may be unread.
   */
  static void send(Exchange ex, ObjectNode problem) {
    send(ex, problem, 0);
  }

  /** As {@link #send(Exchange, ObjectNode)}, with {@code Retry-After: retryAfterSeconds} when positive. */
  static void send(Exchange ex, ObjectNode problem, long retryAfterSeconds) {
    if (ex.answered()) {
      ex.reset();
      return;
    }
    int status = problem.path("status").asInt(500);
    byte[] body = problem.toString().getBytes(StandardCharsets.UTF_8);
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status), Hop.newHeaders());
    problemHeaders(head.headers(), body.length);
    if (retryAfterSeconds > 0) {
      head.headers().set(HttpHeaderNames.RETRY_AFTER, retryAfterSeconds);
    }
    if (status == 413 || status == 431 || status == 400) {
      ex.conn.closeWhenIdle();
    }
    ex.head(head, true);
    ex.end(Unpooled.wrappedBuffer(body));
  }

  static void send(Exchange ex, int status, String slug, String title, String detail, @Nullable String instance) {
    send(ex, body(status, slug, title, detail, instance));
  }

  /**
   * {@code problem} as a whole HTTP/1.1 answer with {@code Connection: close}, for a connection with
   * no exchange to answer through (a request head that never completed).
   */
  static FullHttpResponse closingAnswer(ObjectNode problem) {
    int status = problem.path("status").asInt(500);
    byte[] body = problem.toString().getBytes(StandardCharsets.UTF_8);
    FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status),
        Unpooled.wrappedBuffer(body));
    problemHeaders(r.headers(), body.length).set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    return r;
  }

  /** The fields of every problem answer on the data plane: its type, its length, {@code Via}. */
  private static HttpHeaders problemHeaders(HttpHeaders h, int length) {
    return h.set(HttpHeaderNames.CONTENT_TYPE, CONTENT_TYPE)
        .set(HttpHeaderNames.CONTENT_LENGTH, length)
        .set(Hop.VIA_NAME, Hop.VIA);
  }

  /** The {@code attempts} member of a discovery failure: one object per backend tried. */
  static ObjectNode withAttempts(ObjectNode problem, List<AttemptResult> attempts) {
    var arr = problem.putArray("attempts");
    for (AttemptResult a : attempts) {
      ObjectNode o = arr.addObject();
      o.put("backend", a.backend().name());
      o.put("url", a.backend().url().toString());
      o.put("outcome", a.outcome().slug());
      if (a.status() > 0) {
        o.put("status", a.status());
      }
      if (a.error() != null) {
        o.put("error", a.error());
      }
      o.put("durationMs", a.durationMs());
    }
    return problem;
  }
}
