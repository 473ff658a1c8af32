package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import io.vertx.core.http.HttpServerRequest;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One client request on its way through Junction. Confined to the request's event loop.
 */
final class Exchange {
  /** RFC 9110 section 9.2.2: safe to send twice. */
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

  final HttpServerRequest req;
  final String method;
  /** The primary path plus the raw query ({@code ?...}) exactly as received. */
  final String target;
  final String path;
  final @Nullable String alias;
  final long startNanos = System.nanoTime();
  Body body;
  /** Set once an unreplayable body started flowing to a backend. */
  boolean bodySent;
  final boolean expectContinue;
  /** A WebSocket handshake to tunnel ({@link WebSocketTunnel#requested}). */
  final boolean webSocket;
  /** What the forwarder learns (decision source, rule, backend, attempts), reported when the request is over. */
  final Observation seen;

  Exchange(HttpServerRequest req, String method, String path, @Nullable String rawQuery, @Nullable String alias, Body body,
      Observation seen) {
    this.req = requireNonNull(req, "req");
    this.method = requireNonNull(method, "method");
    this.path = requireNonNull(path, "path");
    this.target = rawQuery == null ? path : path + "?" + rawQuery;
    this.alias = alias;
    this.body = requireNonNull(body, "body");
    String expect = req.getHeader("Expect");
    this.expectContinue = expect != null && expect.equalsIgnoreCase("100-continue");
    this.webSocket = WebSocketTunnel.requested(req, method, body);
    this.seen = requireNonNull(seen, "seen");
  }

  boolean idempotent() {
    return IDEMPOTENT.contains(method);
  }

  /** True while the body can still be sent to another backend. */
  boolean canResend() {
    return !bodySent || Body.replayable(body);
  }

  String clientAddress() {
    var a = req.remoteAddress();
    return a == null ? "unknown" : a.hostAddress();
  }

  long elapsedMs() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
