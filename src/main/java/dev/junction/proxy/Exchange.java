package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import dev.junction.http1.ArrayHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One client request on its way through Junction, and the answer it gets: exactly one head, then
 * body pieces, then an end or a reset. Confined to the request's event loop.
 *
 * <p>Whoever carries the request out (the forwarder, a relay, a tunnel) registers what to do when
 * the client goes away ({@link #onClientGone}) and when a full client connection drains again
 * ({@link #onClientWritable}).
 */
final class Exchange {
  /** RFC 9110 section 9.2.2: safe to send twice. */
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

  final ClientConnection conn;
  final Loop loop;
  final HttpRequest req;
  final HttpHeaders headers;
  final String method;
  final long startNanos = System.nanoTime();
  /** Set by the intake once the path is resolved. */
  String path = "";
  /** The primary path plus the raw query ({@code ?...}) exactly as received. */
  String target = "";
  @Nullable String alias;
  Body body = Body.NONE;
  /** Set once an unreplayable body started flowing to a backend. */
  boolean bodySent;
  final boolean expectContinue;
  /** The client was sent {@code 100 Continue}: from now on it sends the body. */
  boolean continueSent;
  /**
   * The client lets the connection stay open after this exchange (HTTP/1.1 without
   * {@code Connection: close}, HTTP/1.0 with {@code keep-alive}). Read here because the rewrite for
   * the backend removes the client's {@code Connection} header from {@link #headers}.
   */
  final boolean clientKeepAlive;
  /** The request announces no body at all: no Content-Length (or 0), no Transfer-Encoding, no HTTP/2 DATA. */
  final boolean bodyless;
  /** A WebSocket handshake to tunnel ({@link WebSocketTunnel#requested}). */
  boolean webSocket;
  final RequestBody inbound;
  /** What the forwarder learns, reported when the request is over. */
  final Observation seen;

  /** The backend request's end-to-end headers are ready ({@link #backendHeaders}). */
  private boolean rewritten;
  /** Read before the rewrite: the client sent {@code TE: trailers}; its {@code Content-Length} was 0. */
  private boolean teTrailers;
  private boolean zeroLength;
  private boolean headWritten;
  private boolean over;
  private int status;
  private long bytesOut;
  private @Nullable Runnable onClientGone;
  private @Nullable Runnable onClientWritable;

  Exchange(ClientConnection conn, HttpRequest req, Loop loop) {
    this.conn = requireNonNull(conn, "conn");
    this.loop = loop;
    this.req = requireNonNull(req, "req");
    this.headers = req.headers();
    this.method = req.method().name();
    String expect = headers.get(HttpHeaderNames.EXPECT);
    this.expectContinue = expect != null && expect.equalsIgnoreCase("100-continue");
    this.clientKeepAlive = HttpUtil.isKeepAlive(req);
    this.bodyless = conn.stream ? req instanceof LastHttpContent
        : !headers.contains(HttpHeaderNames.TRANSFER_ENCODING) && (!headers.contains(HttpHeaderNames.CONTENT_LENGTH)
            || isZero(ArrayHeaders.raw(headers, HttpHeaderNames.CONTENT_LENGTH)));
    this.inbound = new RequestBody(conn, this);
    this.seen = Observation.start(this, loop.observer());
  }

  private static boolean isZero(@Nullable CharSequence length) {
    return length != null && length.length() == 1 && length.charAt(0) == '0';
  }

  HttpVersion version() {
    return conn.stream ? Observation.HTTP_2 : req.protocolVersion();
  }

  /**
   * The headers every backend request of this exchange starts from: the client's, turned in place
   * into their end-to-end part ({@link Hop#stripForBackend}) plus forwarding information, the
   * WebSocket handshake headers, joined cookies and {@code X-Request-Id}. Done once, at the first
   * attempt; each attempt then sets only its {@code Host}, framing and {@code TE}. The client's own
   * headers are not read after this.
   */
  HttpHeaders backendHeaders() {
    HttpHeaders h = headers;
    if (!rewritten) {
      rewritten = true;
      CharSequence host = ArrayHeaders.raw(h, HttpHeaderNames.HOST);
      teTrailers = Protocols.acceptsTrailers(h);
      zeroLength = isZero(ArrayHeaders.raw(h, HttpHeaderNames.CONTENT_LENGTH));
      HttpHeaders handshake = webSocket ? h.copy() : null;
      Hop.stripForBackend(h);
      h.add(Hop.X_FORWARDED_FOR, clientAddress());
      h.add(Hop.X_FORWARDED_PROTO, conn.scheme);
      if (host != null) {
        h.add(Hop.X_FORWARDED_HOST, host);
      }
      h.add(Hop.VIA_NAME, Hop.VIA);
      if (handshake != null) {
        WebSocketTunnel.toBackend(handshake, h);
      }
      Protocols.joinCookies(h);
      h.set(RequestIds.HEADER, seen.requestId());
    }
    return h;
  }

  /** The client sent {@code TE: trailers} (known once {@link #backendHeaders} ran). */
  boolean teTrailers() {
    return teTrailers;
  }

  /** The client sent {@code Content-Length: 0} (known once {@link #backendHeaders} ran). */
  boolean zeroLength() {
    return zeroLength;
  }

  boolean idempotent() {
    return IDEMPOTENT.contains(method);
  }

  /** True while the body can still be sent to another backend. */
  boolean canResend() {
    return !bodySent || Body.replayable(body);
  }

  String clientAddress() {
    return conn.clientAddress();
  }

  long elapsedMs() {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  // --- the answer -------------------------------------------------------------------------------

  /** What to do if the client goes away before the answer ended (reset the backend side...). */
  void onClientGone(@Nullable Runnable r) {
    this.onClientGone = r;
  }

  /** What to do when the client connection can take writes again (resume the backend side). */
  void onClientWritable(@Nullable Runnable r) {
    this.onClientWritable = r;
  }

  /** True once the head went out (or the answer was reset): no other answer can be given. */
  boolean answered() {
    return headWritten || over;
  }

  /** True once the answer ended or was reset, or the client went away. */
  boolean over() {
    return over;
  }

  int status() {
    return status;
  }

  long bytesOut() {
    return bytesOut;
  }

  /**
   * Writes the answer's head; {@code framed}: the body is delimited by a length or chunks, or there
   * is none (otherwise the end of the body is the connection closing).
   */
  void head(HttpResponse head, boolean framed) {
    if (headWritten || over) {
      throw new IllegalStateException("exchange " + method + " " + path + ": head written twice");
    }
    headWritten = true;
    status = head.status().code();
    seen.head(head.headers());
    conn.writeHead(this, head, framed);
  }

  /** A piece of the answer's body (not flushed). */
  void write(ByteBuf data) {
    if (over) {
      data.release();
      return;
    }
    if (bytesOut == 0 && data.isReadable()) {
      seen.firstByte();
    }
    bytesOut += data.readableBytes();
    conn.write(data);
  }

  void flush() {
    if (!over) {
      conn.flush();
    }
  }

  boolean clientWritable() {
    return conn.writable();
  }

  /** Ends the answer with {@code last} (its bytes and trailers), flushed. */
  void end(LastHttpContent last) {
    if (over) {
      last.release();
      return;
    }
    over = true;
    if (bytesOut == 0 && last.content().isReadable()) {
      seen.firstByte();
    }
    bytesOut += last.content().readableBytes();
    onClientGone = null;
    onClientWritable = null;
    seen.end(true); // reported before the last bytes can reach the client, who may ask about it at once
    conn.end(this, last);
  }

  /** Ends the answer with one last piece of body. */
  void end(ByteBuf data) {
    end(Hop.lastPiece(data));
  }

  /** Breaks the answer for {@code why}: the client never mistakes it for complete. */
  void abort(CompletedExchange.Abort why) {
    if (!over) {
      seen.aborted(why);
    }
    reset();
  }

  /** Breaks the answer: the client never mistakes it for complete. */
  void reset() {
    if (over) {
      return;
    }
    over = true;
    onClientGone = null;
    onClientWritable = null;
    inbound.release();
    conn.reset(this);
    seen.end(false);
  }

  /**
   * The request's body could not be framed (a bad chunk size...): whatever carries the request out
   * stops (a backend never sees it complete), and the client gets 400, or a reset when its answer
   * had started. The connection then closes.
   */
  void requestBroken(@Nullable Throwable cause) {
    if (over) {
      return;
    }
    stopCarrying();
    if (!answered()) {
      InvalidRequests.answer(this, cause);
    } else {
      reset();
    }
  }

  /**
   * No byte of the request body came within {@code request_body_timeout} ({@code limitMs}) while
   * Junction was ready to read it: whatever carries the request out stops (a backend never sees the
   * body complete), and the client gets 408 problem+json, or a reset when its answer had started.
   * An HTTP/1.x connection then closes; an HTTP/2 stream is reset after its 408, so that the client
   * stops sending on it and it does not stay open.
   */
  void requestTimedOut(long limitMs) {
    if (over) {
      return;
    }
    stopCarrying();
    if (answered()) {
      reset();
      return;
    }
    conn.closeWhenIdle();
    ProblemAnswers.send(this, 408, "request-timeout", "Request timeout",
        "no byte of the request body arrived within request_body_timeout (" + limitMs + " ms)", path.isEmpty() ? null : path);
    if (conn.stream) {
      conn.reset(this);
    }
  }

  /** Tells whatever carries the request out to stop, and drops the rest of the body. */
  private void stopCarrying() {
    Runnable r = onClientGone;
    onClientGone = null;
    onClientWritable = null;
    if (r != null) {
      r.run();
    }
    inbound.discard();
    seen.aborted(CompletedExchange.Abort.REQUEST);
  }

  /** The client connection (or HTTP/2 stream) closed before the answer ended. */
  void clientGone() {
    if (over) {
      inbound.release();
      return;
    }
    over = true;
    seen.aborted(CompletedExchange.Abort.CLIENT);
    inbound.release();
    Runnable r = onClientGone;
    onClientGone = null;
    onClientWritable = null;
    if (r != null) {
      r.run();
    }
    seen.end(false);
  }

  /** The client connection can take writes again. */
  void clientDrained() {
    Runnable r = onClientWritable;
    if (r != null) {
      r.run();
    }
  }
}
