package dev.junction.proxy;

import dev.junction.config.BackendConfig;
import dev.junction.health.InFlight;
import dev.junction.http1.PeerFailures;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.jspecify.annotations.Nullable;

/**
 * One live attempt of one backend for one request, from asking its pool for a connection to the
 * answer's head: it sends the request (or streams its body), tells its {@link Forwarding} the head or
 * why there is none ({@link AttemptResult.Outcome}), and then hands the body to whoever takes it, a
 * {@link Relay} (or a tunnel, or a discard). Holds the backend's in-flight lease until that
 * backend's exchange is over. Confined to the exchange's event loop.
 */
final class Attempt extends Deadlines.Entry implements ConnectionListener {
  /** What takes an accepted (or discarded) answer's body from the backend connection. */
  interface BodyConsumer {
    void content(HttpContent piece);

    default void readComplete() {}

    void broken(Throwable cause);
  }

  /** Rejected answers up to this size are drained so their connection can be reused. */
  private static final long DRAIN_LIMIT = 64 * 1024;

  final Forwarding owner;
  final int index;
  final BackendConfig backend;
  final long timeoutMs;
  final long started = System.nanoTime();
  final InFlight.Lease lease;
  private final Exchange ex;
  private final Pools.Pool pool;
  private final Deadlines deadlines;
  private @Nullable BackendConnection link;
  /** The head arrived, or the attempt failed or was abandoned: no more outcome to report. */
  private boolean settled;
  /** Once, a request that failed on a reused connection before any answer is sent again on a new one. */
  private boolean retried;
  @Nullable BodyConsumer consumer;
  /** This attempt's part of the request's trace; {@code null} when the request is not traced. */
  private final ExchangeTrace.@Nullable AttemptTrace trace;

  /** Takes {@code backend}'s pool on {@code loop} and begins its lease; {@link #start} asks for a connection. */
  /** @param retry an extra attempt (the request moved on to it), counted against the retry budget */
  Attempt(Forwarding owner, Loop loop, InFlight inFlight, int index, BackendConfig backend, long timeoutMs, boolean retry) {
    this.owner = owner;
    this.ex = owner.ex;
    this.deadlines = loop.deadlines;
    this.index = index;
    this.backend = backend;
    this.timeoutMs = timeoutMs;
    this.pool = loop.pools.get(backend);
    this.lease = inFlight.begin(backend.name(), retry);
    this.trace = ex.seen.attempt(backend);
  }

  /** Tells the trace this attempt's result; {@code over}: its answer is not the one relayed. */
  void traced(AttemptResult result, boolean over) {
    ExchangeTrace.AttemptTrace t = trace;
    if (t != null) {
      t.result(result, over);
    }
  }

  long elapsedMs() {
    return (System.nanoTime() - started) / 1_000_000;
  }

  BackendConnection link() {
    BackendConnection l = link;
    if (l == null) {
      throw new IllegalStateException("attempt of " + backend.name() + ": no connection yet");
    }
    return l;
  }

  void start() {
    deadlines.arm(this, timeoutMs);
    pool.acquire(this);
  }

  @Override
  void expired() {
    if (settled) {
      return;
    }
    boolean waited = link == null;
    abort();
    owner.failed(this, AttemptResult.Outcome.TIMEOUT,
        waited ? "no connection free within " + timeoutMs + " ms" : "no response head within " + timeoutMs + " ms");
  }

  /** Gives up: the deadline passed, the client left, or the attempt timed out. */
  void abort() {
    if (settled && consumer != null) {
      return; // a relay or tunnel owns the rest
    }
    settled = true;
    cancelTimer();
    BackendConnection l = link;
    if (l == null) {
      pool.cancel(this);
    } else {
      l.done(false);
    }
    lease.end();
  }

  private void cancelTimer() {
    deadlines.disarm(this);
  }

  @Override
  public void connected(BackendConnection l) {
    if (settled || owner.finished()) {
      l.done(true); // never used: back to the pool
      return;
    }
    link = l;
    send(l);
  }

  @Override
  public void unavailable(AttemptResult.Outcome outcome, String why) {
    if (settled) {
      return;
    }
    fail(outcome, why);
  }

  private void send(BackendConnection l) {
    HttpHeaders h = ex.backendHeaders();
    h.set(HttpHeaderNames.HOST, pool.authority());
    ExchangeTrace.AttemptTrace t = trace;
    if (t != null) {
      t.inject(h);
    }
    if (ex.teTrailers() && backend.protocol() != BackendConfig.Protocol.HTTP1) {
      h.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
    } else {
      h.remove(HttpHeaderNames.TE); // an earlier attempt to an HTTP/2 backend may have set it
    }
    String prefix = backend.pathPrefix();
    DefaultHttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, ex.req.method(),
        prefix.isEmpty() ? ex.target : prefix + ex.target, h);
    Body body = ex.body;
    if (body instanceof Body.Buffered b) {
      h.set(HttpHeaderNames.CONTENT_LENGTH, b.bytes().length);
      l.write(head);
      l.write(Hop.lastPiece(Unpooled.wrappedBuffer(b.bytes())));
    } else if (body instanceof Body.Unread u) {
      ex.bodySent = true;
      frame(h, u.contentLength());
      l.write(head);
      if (ex.expectContinue) {
        ex.conn.writeContinue(ex);
      }
      streamBody(l);
    } else if (body instanceof Body.OverLimit o) {
      ex.bodySent = true;
      frame(h, o.contentLength());
      l.write(head);
      if (ex.expectContinue && o.prefix().length == 0) {
        ex.conn.writeContinue(ex);
      }
      if (o.prefix().length > 0) {
        l.write(new DefaultHttpContent(Unpooled.wrappedBuffer(o.prefix())));
      }
      streamBody(l);
    } else {
      if (ex.zeroLength()) {
        h.set(HttpHeaderNames.CONTENT_LENGTH, "0");
      } else {
        h.remove(HttpHeaderNames.CONTENT_LENGTH);
      }
      h.remove(HttpHeaderNames.TRANSFER_ENCODING);
      l.write(head);
      l.write(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    if (!(body instanceof Body.Unread || body instanceof Body.OverLimit) || !ex.conn.inReadBatch()) {
      l.flush();
    }
    // else: the client's read batch is still going on and ends with a flush (the sink's batchEnd);
    // should that batch hold a body the decoder refuses, nothing of this request leaves at all.
  }

  private void frame(HttpHeaders h, long contentLength) {
    if (contentLength >= 0) {
      h.remove(HttpHeaderNames.TRANSFER_ENCODING);
      h.set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
    } else {
      h.remove(HttpHeaderNames.CONTENT_LENGTH);
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
  }

  /** The client's body, piece by piece, as it comes: the backend's writability paces the client. */
  private void streamBody(BackendConnection l) {
    ex.inbound.consume(new RequestBody.Sink() {
      @Override
      public void piece(HttpContent piece) {
        if (link != l || !l.active()) {
          piece.release();
          return;
        }
        l.write(piece);
        if (piece instanceof LastHttpContent) {
          l.flush();
        } else if (!l.writable()) {
          ex.inbound.pause(); // before the flush, whose writability event may resume it at once
          l.flush();
        }
      }

      @Override
      public void batchEnd() {
        if (link == l) {
          l.flush();
        }
      }
    });
  }

  @Override
  public void writable() {
    ex.inbound.resume();
  }

  @Override
  public void head(HttpResponse head) {
    if (settled) {
      BackendConnection l = link;
      if (l != null && consumer == null) {
        l.done(false);
      }
      return;
    }
    if (head.status().code() == 101 && !ex.webSocket) {
      // Junction asked for no upgrade (it never forwards Upgrade but for a WebSocket handshake): the
      // connection now speaks something else, and is closed
      link().poison();
      fail(AttemptResult.Outcome.FAILED, "an unsolicited 101 Switching Protocols (no upgrade was asked for)");
      return;
    }
    settled = true;
    cancelTimer();
    owner.answered(this, head);
  }

  /**
   * The attempt failed before its head was accepted: its connection, if it had one, is closed
   * (already so when it broke), and the forwarding is told.
   */
  private void fail(AttemptResult.Outcome outcome, String why) {
    settled = true;
    cancelTimer();
    BackendConnection l = link;
    if (l != null) {
      l.done(false);
    }
    lease.end();
    owner.failed(this, outcome, why);
  }

  @Override
  public void content(HttpContent piece) {
    BodyConsumer c = consumer;
    if (c == null) {
      piece.release();
      return;
    }
    c.content(piece);
  }

  @Override
  public void readComplete() {
    BodyConsumer c = consumer;
    if (c != null) {
      c.readComplete();
    }
  }

  @Override
  public void broken(Throwable cause) {
    if (settled) {
      BodyConsumer c = consumer;
      if (c != null) {
        c.broken(cause);
      }
      return;
    }
    BackendConnection l = link;
    if (cause instanceof java.io.IOException && l != null && l.reused() && !l.answerStarted() && !retried
        && MoveOnPolicy.resendOnNewConnection(owner) && !owner.finished()) {
      // A kept-alive connection the backend closed as we sent on it: nothing was answered, so an
      // idempotent request (RFC 9110 section 9.2.2) goes again, once, on a new connection.
      retried = true;
      link = null;
      pool.acquire(this);
      return;
    }
    fail(AttemptResult.Outcome.FAILED, PeerFailures.describe(cause));
  }

  /** A rejected answer that will not be relayed: read to its end when short (the connection is kept), else closed. */
  void discard(HttpResponse resp) {
    BackendConnection l = link();
    String length = resp.headers().get(HttpHeaderNames.CONTENT_LENGTH);
    long n;
    try {
      n = length == null ? Long.MAX_VALUE : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      n = Long.MAX_VALUE;
    }
    if (n > DRAIN_LIMIT || resp instanceof LastHttpContent) {
      l.done(resp instanceof LastHttpContent);
      lease.end();
      return;
    }
    consumer = new BodyConsumer() {
      @Override
      public void content(HttpContent piece) {
        piece.release();
        if (piece instanceof LastHttpContent) {
          l.done(true);
          lease.end();
        }
      }

      @Override
      public void broken(Throwable cause) {
        lease.end();
      }
    };
  }
}
