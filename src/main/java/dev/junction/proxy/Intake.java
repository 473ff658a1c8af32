package dev.junction.proxy;

import dev.junction.http1.ArrayHeaders;
import dev.junction.routing.ModelRewrite;
import dev.junction.routing.Payload;
import dev.junction.routing.PayloadParser;
import dev.junction.routing.RequestPipeline;
import dev.junction.routing.RoutingDecision;
import dev.junction.routing.RoutingRequest;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.Future;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a request before a backend is contacted: refuse what the decoder could not frame
 * and what is never forwarded (CONNECT, bad targets, bad Host), then run the {@link RequestPipeline}
 * (canonical path, alias, Junction's own endpoints, rules, cache, discovery), reading the payload
 * only when the rules ask for it, read the body for replay when the decision may try several
 * backends, and hand over to the {@link Forwarder}. Runs on the exchange's event loop; nothing here
 * blocks. A decision that completes on another thread (a shared cache store) is brought back to
 * that loop.
 */
final class Intake {
  private static final Logger LOG = LoggerFactory.getLogger(Intake.class);

  private final ProxyServer.Setup setup;

  Intake(ProxyServer.Setup setup) {
    this.setup = setup;
  }

  void begin(Exchange ex) {
    HttpRequest req = ex.req;
    if (req.decoderResult().isFailure()) {
      InvalidRequests.answer(ex, req.decoderResult().cause());
      return;
    }
    if (ex.method.equals("CONNECT")) {
      ex.conn.closeWhenIdle();
      ProblemAnswers.send(ex, 405, "method-not-allowed", "Method not allowed",
          "Junction is not a forward proxy: CONNECT is never followed", null);
      return;
    }
    if (!oneHost(ex)) {
      ex.conn.closeWhenIdle();
      ProblemAnswers.send(ex, 400, "bad-host", "Bad Host header",
          "an HTTP/1.1 request needs exactly one Host header (RFC 9112 section 3.2)", null);
      return;
    }
    String target = originForm(req.uri());
    if (target == null) {
      ex.conn.closeWhenIdle();
      ProblemAnswers.send(ex, 400, "bad-request-target", "Bad request target",
          "expected an origin-form target such as /path?query", null);
      return;
    }
    int q = target.indexOf('?');
    String rawPath = q < 0 ? target : target.substring(0, q);
    RequestPipeline pipeline = setup.pipeline();
    RequestPipeline.Resolution r = pipeline.resolve(rawPath);
    String primary = r.primary();
    if (primary == null) {
      ex.conn.closeWhenIdle();
      ProblemAnswers.send(ex, 400, "invalid-path", "Invalid path",
          r.problem() == null ? "the path cannot be canonicalized" : r.problem(), null);
      return;
    }
    ex.path = primary;
    ex.target = q < 0 ? primary : primary + target.substring(q);
    ex.alias = r.alias();
    ex.seen.path(primary, r.alias());
    LocalEndpoint local = r.local() ? setup.localEndpoints().get(primary) : null;
    if (local != null) {
      ex.seen.decided(CompletedExchange.Source.LOCAL, null);
      answerLocally(ex, local);
      return;
    }
    Body body = initialBody(ex);
    if (body == null) {
      ex.conn.closeWhenIdle();
      ProblemAnswers.send(ex, 400, "bad-content-length", "Bad Content-Length",
          "Content-Length must be one non-negative integer", primary);
      return;
    }
    ex.body = body;
    ex.webSocket = WebSocketTunnel.requested(ex);
    RoutingRequest routing = new RoutingRequest(ex.method, primary, body instanceof Body.None ? Payload.ABSENT : Payload.UNREAD,
        HeadView.of(ex.headers, target, q));
    whenRouted(ex, pipeline.decide(routing, false), d -> {
      if (d instanceof RoutingDecision.NeedPayload) {
        readPayloadThenRoute(ex, routing);
      } else {
        proceed(ex, d);
      }
    });
  }

  private void readPayloadThenRoute(Exchange ex, RoutingRequest routing) {
    if (!(ex.body instanceof Body.Unread unread)) {
      proceed(ex, new RoutingDecision.NeedPayload());
      return;
    }
    BodyReader.read(ex, unread, setup.proxy().maxBufferedBody(), body -> {
      ex.body = body;
      Payload payload = body instanceof Body.Buffered b
          ? PayloadParser.parse(b.bytes(), ArrayHeaders.raw(ex.headers, HttpHeaderNames.CONTENT_TYPE), setup.pipeline().projection(routing))
          : Payload.TOO_LARGE;
      whenRouted(ex, setup.pipeline().decide(routing.withPayload(payload), false), d -> proceed(ex, d));
    });
  }

  /**
   * Reads the body (up to {@code max_buffered_body}) when the decision may send it to more than one
   * backend, then forwards: discovery, a remembered decision, and a rule with several backends
   * (whose next one is tried after a busy answer), balanced or not.
   */
  private void proceed(Exchange ex, RoutingDecision decided) {
    if (decided instanceof RoutingDecision.Renamed r && !rename(ex, r)) {
      return;
    }
    RoutingDecision d = decided instanceof RoutingDecision.Renamed r ? r.then() : decided;
    boolean mayRetry = d instanceof RoutingDecision.Discover || d instanceof RoutingDecision.Cached
        || d instanceof RoutingDecision.Forward f && f.backends().size() > 1
        || d instanceof RoutingDecision.Catalog c && c.backends().size() > 1;
    if (d instanceof RoutingDecision.Reject && !(ex.body instanceof Body.None || ex.body instanceof Body.Buffered)) {
      ex.conn.closeWhenIdle();
    }
    if (mayRetry && ex.body instanceof Body.Unread unread) {
      BodyReader.read(ex, unread, setup.proxy().maxBufferedBody(), body -> {
        ex.body = body;
        ex.loop.forwarder.execute(ex, d);
      });
      return;
    }
    ex.loop.forwarder.execute(ex, d);
  }

  /**
   * Rewrites the buffered body's model from the alias to the backend's name: the only bytes that
   * change; the body is then forwarded with its new length. False, after answering 500, when the
   * body does not hold the string the router read there (it always does: the router read this body).
   */
  private static boolean rename(Exchange ex, RoutingDecision.Renamed r) {
    byte[] rewritten = ex.body instanceof Body.Buffered b ? ModelRewrite.rewrite(b.bytes(), r.field(), r.to()) : null;
    if (rewritten == null) {
      LOG.error("{} {}: model alias {} -> {}: the body holds no string at {} to rewrite", ex.method, ex.path, r.from(),
          r.to(), r.field());
      ProblemAnswers.send(ex, 500, "internal", "Internal error", "the model alias could not be applied; see Junction's log",
          ex.path);
      return false;
    }
    ex.body = new Body.Buffered(rewritten);
    return true;
  }

  /** Runs {@code then} with the decision on the exchange's event loop; a failed routing is a 500. */
  private static void whenRouted(Exchange ex, Future<RoutingDecision> decision, java.util.function.Consumer<RoutingDecision> then) {
    decision.onComplete(ar -> {
      Runnable step = () -> {
        if (ex.over()) {
          return; // the client left while routing looked something up
        }
        if (ar.failed()) {
          internalError(ex, ar.cause());
        } else {
          then.accept(ar.result());
        }
      };
      if (ex.loop.executor.inEventLoop()) {
        step.run();
      } else {
        ex.loop.executor.execute(step);
      }
    });
  }

  private void answerLocally(Exchange ex, LocalEndpoint local) {
    LocalEndpoint.Request request = new LocalEndpoint.Request() {
      @Override
      public String method() {
        return ex.method;
      }

      @Override
      public @Nullable String header(String name) {
        return ex.headers.get(name);
      }
    };
    Future<LocalEndpoint.Response> answer;
    try {
      answer = local.handle(request);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(ar -> {
      Runnable step = () -> {
        if (ex.over()) {
          return;
        }
        if (ar.failed()) {
          LOG.error("{} {}: local endpoint failed", ex.method, ex.path, ar.cause());
          ProblemAnswers.send(ex, 500, "internal", "Internal error", "see Junction's log", ex.path);
        } else {
          sendLocal(ex, ar.result());
        }
      };
      if (ex.loop.executor.inEventLoop()) {
        step.run();
      } else {
        ex.loop.executor.execute(step);
      }
    });
  }

  /** A local endpoint's whole answer, with its length. */
  private static void sendLocal(Exchange ex, LocalEndpoint.Response r) {
    HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()), Hop.newHeaders());
    r.headers().forEach(e -> head.headers().add(e.getKey(), e.getValue()));
    byte[] body = r.body().getBytes();
    head.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    ex.head(head, true);
    ex.end(Unpooled.wrappedBuffer(body));
  }

  private static void internalError(Exchange ex, Throwable cause) {
    LOG.error("{} {}: routing failed", ex.method, ex.path, cause);
    ex.seen.decided(CompletedExchange.Source.ERROR, null);
    ProblemAnswers.send(ex, 500, "internal", "Internal error", "routing failed; see Junction's log", ex.path);
  }

  /**
   * RFC 9112 section 3.2: HTTP/1.1 needs exactly one Host; HTTP/1.0 at most one. HTTP/2 carries the
   * authority as a pseudo-header instead (RFC 9113 section 8.3.1): at most one Host after conversion.
   */
  private static boolean oneHost(Exchange ex) {
    int hosts = ArrayHeaders.count(ex.headers, HttpHeaderNames.HOST);
    if (ex.conn.stream) {
      return hosts <= 1;
    }
    return ex.req.protocolVersion() == HttpVersion.HTTP_1_0 ? hosts <= 1 : hosts == 1;
  }

  /**
   * The body as announced by the head: none, or unread with its length (-1 when chunked or an HTTP/2
   * stream without {@code content-length}); {@code null} when {@code Content-Length} is malformed or
   * repeated with different values.
   */
  static @Nullable Body initialBody(Exchange ex) {
    if (ex.bodyless) {
      return Body.NONE;
    }
    if (ex.conn.stream && !ex.headers.contains(HttpHeaderNames.CONTENT_LENGTH)) {
      return new Body.Unread(-1);
    }
    if (ex.headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
      return new Body.Unread(-1);
    }
    List<String> lengths = ex.headers.getAll(HttpHeaderNames.CONTENT_LENGTH);
    long n = -1;
    for (String v : lengths) {
      for (String part : v.split(",")) {
        long parsed;
        try {
          parsed = Long.parseLong(part.trim());
        } catch (NumberFormatException e) {
          return null;
        }
        if (parsed < 0 || (n >= 0 && parsed != n)) {
          return null;
        }
        n = parsed;
      }
    }
    return n <= 0 ? Body.NONE : new Body.Unread(n);
  }

  /**
   * The origin-form of a request target. An absolute-form target ({@code http://host/path}) is
   * reduced to its path and query: its authority is never contacted, whatever host it names.
   * Anything else ({@code *}, authority-form) is refused.
   */
  static @Nullable String originForm(String uri) {
    if (uri.startsWith("/")) {
      return uri;
    }
    int scheme = uri.indexOf("://");
    if (scheme <= 0) {
      return null;
    }
    int start = scheme + 3;
    int end = uri.length();
    for (int i = start; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c == '/' || c == '?') {
        end = i;
        break;
      }
    }
    String rest = uri.substring(end);
    return rest.isEmpty() ? "/" : rest.startsWith("?") ? "/" + rest : rest;
  }
}
