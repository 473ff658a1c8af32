package dev.junction.proxy;

import dev.junction.http1.Http1Codec;
import dev.junction.http1.Http1Decoder;
import dev.junction.http1.PeerFailures;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One backend HTTP/1.1 connection, or one HTTP/2 stream to a backend, at the end of its pipeline.
 * Bound to one {@link ConnectionListener} (an {@link Attempt}) at a time; what it reads goes to that
 * attempt. When the attempt is {@link #done} with it, a connection whose exchange ended cleanly goes
 * back to its pool; anything else is closed (an HTTP/2 stream is reset), so that no half-read answer
 * is ever reused.
 *
 * <p>The backend is a peer Junction does not trust. Invariants kept here:
 *
 * <ul>
 *   <li>A connection is pooled only when its last request was written whole, its last answer was read
 *       to its end by its own framing, and nothing was read beyond that end ({@link
 *       Http1Decoder#OVERRUN}). A framing error, leftover bytes, an early close, a timeout, an
 *       unsolicited {@code 101} or bytes on an idle connection close it instead.
 *   <li>What it reads goes only to the attempt it is bound to, which is the attempt whose request it
 *       carries; read while no attempt is bound, it is dropped and the connection closed.
 *   <li>An answer whose body cannot be decoded never reaches its attempt as ended: the attempt hears
 *       {@link ConnectionListener#broken} with the reason, as for an early close.
 * </ul>
 *
 * <p>No bytes either way for {@code idle_timeout} closes the connection; an attempt bound to it hears
 * {@link ConnectionListener#broken}. Confined to the connection's event loop.
 */
final class BackendConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(BackendConnection.class);

  /** Where a connection goes back to, and says it closed. */
  interface Owner {
    void release(BackendConnection c);

    void gone(BackendConnection c);
  }

  /** Thrown to an attempt whose connection saw no byte either way for too long. */
  static final class IdleTimeoutException extends IOException {
    private static final long serialVersionUID = 1L;

    IdleTimeoutException(long ms) {
      super("no bytes either way for " + ms + " ms (proxy.idle_timeout)");
    }
  }

  private final Owner owner;
  /** An HTTP/2 stream: used once, never pooled. */
  final boolean stream;
  private final long idleNanos;
  private @Nullable ChannelHandlerContext ctx;
  /** The HTTP/1.1 decoder before this handler; null on an HTTP/2 stream. */
  private @Nullable Http1Decoder decoder;
  private @Nullable ConnectionListener listener;
  private boolean written;
  private boolean requestEnded;
  private boolean responseEnded;
  private boolean reusable = true;
  private boolean interim;
  private int uses;
  private long lastActivity = System.nanoTime();
  private @Nullable ScheduledFuture<?> idleCheck;
  private @Nullable Throwable lastError;
  private boolean detached;

  BackendConnection(Owner owner, boolean stream, long idleTimeoutMs) {
    this.owner = owner;
    this.stream = stream;
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs);
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    Http1Codec codec = ctx.pipeline().get(Http1Codec.class);
    this.decoder = codec == null ? null : codec.decoder();
    scheduleIdleCheck(idleNanos);
  }

  Channel channel() {
    return ctx().channel();
  }

  private ChannelHandlerContext ctx() {
    ChannelHandlerContext c = ctx;
    if (c == null) {
      throw new IllegalStateException("backend connection: not in a pipeline");
    }
    return c;
  }

  /** Binds {@code c}: the connection is now its until {@link #done}. */
  void bind(ConnectionListener c) {
    listener = c;
    written = false;
    requestEnded = false;
    responseEnded = false;
    interim = false;
    uses++;
  }

  /**
   * The connection leaves the pool for good (it became a tunnel): no attempt, no idle check here; it
   * still tells the pool when it closes.
   */
  void detach() {
    listener = null;
    reusable = false;
    ScheduledFuture<?> check = idleCheck;
    if (check != null) {
      check.cancel(false);
      idleCheck = null;
    }
    detached = true;
  }

  /**
   * True when the backend sent any byte since the current request was written, even part of a head:
   * it started answering, so the request is not sent again elsewhere as if nothing had happened.
   */
  boolean answerStarted() {
    Http1Decoder d = decoder;
    return d != null && d.heard;
  }

  /** True when this connection carried an exchange before the current one. */
  boolean reused() {
    return uses > 1;
  }

  boolean active() {
    return ctx != null && ctx.channel().isActive();
  }

  /** Writes part of the request (not flushed); a {@link LastHttpContent} ends it. */
  void write(Object msg) {
    written = true;
    lastActivity = System.nanoTime();
    if (msg instanceof LastHttpContent) {
      requestEnded = true;
    }
    ctx().write(msg, ctx().voidPromise());
  }

  void flush() {
    ctx().flush();
  }

  boolean writable() {
    return ctx != null && ctx.channel().isWritable();
  }

  /** Stops or resumes reading the answer (backpressure from a slow client). */
  void reading(boolean on) {
    if (ctx != null) {
      ctx.channel().config().setAutoRead(on);
    }
  }

  /**
   * The attempt is over with this connection. {@code clean}: the answer was read to its end (or nothing
   * was sent); the connection then goes back to the pool when both messages ended and it may be kept.
   */
  void done(boolean clean) {
    listener = null;
    ChannelHandlerContext c = ctx;
    if (c == null) {
      return;
    }
    c.channel().config().setAutoRead(true);
    boolean idle = !written || (requestEnded && responseEnded);
    if (clean && idle && reusable && !stream && c.channel().isActive()) {
      owner.release(this);
    } else {
      c.close();
    }
  }

  /**
   * Never goes back to the pool, whatever its answer's end looks like: the caller saw the backend
   * break the protocol (an unsolicited {@code 101}...).
   */
  void poison() {
    reusable = false;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt == Http1Decoder.OVERRUN) {
      // the answer itself ended cleanly and is relayed; the connection is not used again
      LOG.debug("backend connection {}: {}; closed after this answer", ctx.channel().remoteAddress(), evt);
      reusable = false;
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    lastActivity = System.nanoTime();
    ConnectionListener c = listener;
    if (c == null) {
      // nothing was asked: an idle connection has no business receiving bytes
      ReferenceCountUtil.release(msg);
      reusable = false;
      ctx.close();
      return;
    }
    if (msg instanceof HttpResponse r) {
      if (r.decoderResult().isFailure()) {
        ReferenceCountUtil.release(msg);
        fail(ctx, r.decoderResult().cause());
        return;
      }
      int code = r.status().code();
      if (code < 200 && code != 101) {
        interim = true; // 100 Continue, 103 Early Hints: not an answer; its empty last piece follows
        ReferenceCountUtil.release(msg);
        return;
      }
      if (!stream && (!HttpUtil.isKeepAlive(r) || closeDelimited(r))) {
        reusable = false;
      }
      c.head(r);
      if (!(msg instanceof HttpContent)) {
        return;
      }
      c = listener;
      if (c == null) {
        ReferenceCountUtil.release(msg);
        return;
      }
    }
    if (msg instanceof HttpContent piece) {
      if (piece.decoderResult().isFailure()) {
        // the body broke (a bad chunk, a bad trailer): never passed on as an end; the attempt hears why
        piece.release();
        fail(ctx, piece.decoderResult().cause());
        return;
      }
      if (interim) {
        interim = !(piece instanceof LastHttpContent);
        piece.release();
        return;
      }
      if (piece instanceof LastHttpContent) {
        responseEnded = true;
      }
      c.content(piece);
    } else if (!(msg instanceof HttpResponse)) {
      ReferenceCountUtil.release(msg);
    }
  }

  /** An answer whose body ends when the connection closes: neither a length nor chunks (it may have no body). */
  private static boolean closeDelimited(HttpResponse r) {
    int code = r.status().code();
    return code != 204 && code != 304 && !HttpUtil.isContentLengthSet(r) && !HttpUtil.isTransferEncodingChunked(r);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    ConnectionListener c = listener;
    if (c != null) {
      c.readComplete();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    ConnectionListener c = listener;
    if (c != null && ctx.channel().isWritable()) {
      c.writable();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    ScheduledFuture<?> check = idleCheck;
    if (check != null) {
      check.cancel(false);
    }
    owner.gone(this);
    ConnectionListener c = listener;
    listener = null;
    if (c != null) {
      Throwable e = lastError;
      c.broken(e != null ? e : new IOException("the backend closed the connection"));
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("backend connection {}: {}", ctx.channel().remoteAddress(), PeerFailures.describe(cause));
    fail(ctx, cause);
  }

  /**
   * The backend broke the protocol or the connection failed: the bound attempt hears it now, within
   * the read that showed it (before that read's batch ends and flushes anything), and the connection
   * closes.
   */
  private void fail(ChannelHandlerContext ctx, Throwable cause) {
    lastError = cause;
    reusable = false;
    ConnectionListener c = listener;
    listener = null;
    ctx.close();
    if (c != null) {
      c.broken(cause);
    }
  }

  private void scheduleIdleCheck(long delayNanos) {
    ChannelHandlerContext c = ctx;
    if (c == null) {
      return;
    }
    idleCheck = c.executor().schedule(this::checkIdle, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
  }

  private void checkIdle() {
    ChannelHandlerContext c = ctx;
    if (c == null || detached || !c.channel().isActive()) {
      return;
    }
    long idle = System.nanoTime() - lastActivity;
    if (idle >= idleNanos) {
      lastError = new IdleTimeoutException(TimeUnit.NANOSECONDS.toMillis(idleNanos));
      reusable = false;
      c.close();
    } else {
      scheduleIdleCheck(idleNanos - idle);
    }
  }
}
