package dev.junction.proxy;

import dev.junction.http1.PeerFailures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection over HTTP/1.x, or one HTTP/2 stream (a child channel of its connection).
 * Turns the decoder's messages into {@link Exchange}s, one at a time: an HTTP/1.1 request that
 * arrives while the previous one is still being answered (pipelining) waits, in order, until that
 * answer has ended. Writes the answers, and decides per answer whether the connection is kept.
 *
 * <p>Reading stops while too much input is held (a body nobody consumes yet, a consumer that cannot
 * keep up, pipelined requests): each reason is one bit of {@link #pauseReading}; reading resumes once
 * no bit is left. Confined to the channel's event loop.
 *
 * <p>Invariant (RFC 9112 section 9.6): once an answer that closes the connection has been written,
 * or the connection was reset, or it closes with no exchange current, the connection is
 * <em>finished</em>: reading stops for good, every message read afterwards (the decoder may still
 * hold some from the same read, or produce more before the close completes) is released unread,
 * requests held behind the current one are released, and no exchange is ever started again.
 * A request pipelined behind a refused one is therefore never forwarded.
 *
 * <p>Its client-side timeouts are kept by a {@link RequestClock} its loop's {@link ClientSweep}
 * looks at: for an HTTP/1.x connection all its life, for an HTTP/2 stream until it is answered.
 * The hot path only counts {@link #exchanges} and marks each read batch.
 */
final class ClientConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ClientConnection.class);
  /** Reading paused because a request body is held (no consumer yet, or it is slow). */
  static final int BODY = 1;
  /** Reading paused because pipelined requests wait behind the current one. */
  static final int PIPELINE = 2;
  private static final ByteBuf CONTINUE = Unpooled.unreleasableBuffer(
      Unpooled.copiedBuffer("HTTP/1.1 100 Continue\r\n\r\n", StandardCharsets.US_ASCII)).asReadOnly();

  private final Intake intake;
  private final Loop loop;
  /** An HTTP/2 stream: one exchange, no keep-alive decisions, no Connection header. */
  final boolean stream;
  /** "https" on TLS listeners. */
  final String scheme;
  private @Nullable ChannelHandlerContext ctx;
  private @Nullable Exchange current;
  private @Nullable ArrayDeque<Object> later;
  private int laterBytes;
  private int pausedFor;
  /** Close once the current exchange is over (a refused request, shutdown). */
  private boolean closing;
  /** The current answer keeps the connection open when it ends. */
  private boolean keepAlive;
  /** Nothing read from now on is processed (see the class comment). */
  private boolean finished;
  private @Nullable String clientAddress;
  private boolean inReadBatch;
  /** Exchanges started here: the sweep compares counts to see that one came and went between two looks. */
  private int exchanges;
  /** Something was read since the sweep last looked. */
  private boolean readSinceSweep;
  /** An HTTP/1.x connection's from the start; an HTTP/2 stream's once it reads a body. */
  private @Nullable RequestClock clock;

  /**
   * @param stream an HTTP/2 stream rather than an HTTP/1.x connection
   * @param accepted when the connection was accepted ({@link System#nanoTime}): its first request
   *     head is timed from then; unused for a stream
   */
  ClientConnection(Intake intake, Loop loop, boolean stream, String scheme, long accepted) {
    this.intake = intake;
    this.loop = loop;
    this.stream = stream;
    this.scheme = scheme;
    this.clock = stream ? null : new RequestClock(this, loop.clients, accepted);
  }

  Channel channel() {
    return ctx().channel();
  }

  private ChannelHandlerContext ctx() {
    ChannelHandlerContext c = ctx;
    if (c == null) {
      throw new IllegalStateException("connection: not in a pipeline");
    }
    return c;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    RequestClock c = clock;
    if (c != null) {
      loop.clients.watch(c);
    }
  }

  /** Taken out of the pipeline (an h2c upgrade, a WebSocket tunnel): its timeouts are no longer its own. */
  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    unwatch();
  }

  private void unwatch() {
    RequestClock c = clock;
    if (c != null) {
      loop.clients.unwatch(c);
    }
  }

  /** The client's IP address, worked out once per connection; {@code unknown} when not known. */
  String clientAddress() {
    String a = clientAddress;
    if (a == null) {
      Channel ch = channel();
      java.net.SocketAddress sa = ch instanceof io.netty.handler.codec.http2.Http2StreamChannel s ? s.parent().remoteAddress()
          : ch.remoteAddress();
      a = clientAddress = sa instanceof java.net.InetSocketAddress i && i.getAddress() != null
          ? i.getAddress().getHostAddress() : "unknown";
    }
    return a;
  }

  /** True between a read and the end of its batch: writes made now are flushed at the batch's end. */
  boolean inReadBatch() {
    return inReadBatch;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (finished) {
      ReferenceCountUtil.release(msg);
      return;
    }
    inReadBatch = true;
    Exchange ex = current;
    if ((later != null && !later.isEmpty()) || (ex != null && ex.inbound.ended())) {
      hold(msg);
      return;
    }
    dispatch(msg);
  }

  private void dispatch(Object msg) {
    if (msg instanceof HttpRequest req) {
      if (current != null) {
        ReferenceCountUtil.release(msg); // the decoder never starts a head inside a body
        return;
      }
      Exchange ex = new Exchange(this, req, loop);
      current = ex;
      exchanges++;
      if (stream) {
        watchStream();
      }
      intake.begin(ex);
      if (msg instanceof HttpContent c) { // HTTP/2 without a body, or an h2c upgrade request
        offer(ex, c);
      }
    } else if (msg instanceof HttpContent c) {
      Exchange ex = current;
      if (ex == null) {
        c.release();
        return;
      }
      offer(ex, c);
    } else {
      ReferenceCountUtil.release(msg);
    }
  }

  private void offer(Exchange ex, HttpContent c) {
    ex.inbound.offer(c);
    if (c instanceof LastHttpContent && ex.answered() && current == ex) {
      // answered before its (empty) body ended: now the connection can go on
      next();
    }
  }

  /** A message of a later (pipelined) request: kept in order until the current exchange is over. */
  private void hold(Object msg) {
    ArrayDeque<Object> q = later;
    if (q == null) {
      q = later = new ArrayDeque<>(4);
    }
    q.add(msg);
    if (msg instanceof HttpContent c) {
      laterBytes += c.content().readableBytes();
    }
    if (q.size() > 16 || laterBytes > RequestBody.HIGH_WATER) {
      pauseReading(PIPELINE);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof io.netty.handler.codec.http.HttpServerUpgradeHandler.UpgradeEvent) {
      ctx.pipeline().remove(this); // upgraded to h2c: the request goes on as HTTP/2 stream 1
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    inReadBatch = false;
    readSinceSweep = true;
    Exchange ex = current;
    if (ex != null) {
      ex.inbound.batchEnd();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    Exchange ex = current;
    if (ex != null && ctx.channel().isWritable()) {
      ex.clientDrained();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    unwatch();
    Exchange ex = current;
    current = null;
    if (ex != null) {
      ex.clientGone();
    }
    ArrayDeque<Object> q = later;
    if (q != null) {
      q.forEach(ReferenceCountUtil::release);
      q.clear();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("client connection {}: {}", ctx.channel().remoteAddress(), PeerFailures.describe(cause));
    ctx.close();
    finish();
  }

  /**
   * The connection is closing: stops reading for good, releases what waits behind the current
   * exchange, and makes {@link #channelRead} drop everything from now on. The current exchange, if
   * any, is left for {@link #channelInactive} to tell.
   */
  private void finish() {
    finished = true;
    ArrayDeque<Object> q = later;
    if (q != null) {
      q.forEach(ReferenceCountUtil::release);
      q.clear();
    }
    laterBytes = 0;
    if (ctx != null) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  /** Stops reading for {@code reason} ({@link #BODY}, {@link #PIPELINE}). */
  void pauseReading(int reason) {
    if (pausedFor == 0 && ctx != null) {
      ctx.channel().config().setAutoRead(false);
    }
    pausedFor |= reason;
  }

  /** {@code reason} no longer holds reading back; reading resumes when no other does. */
  void resumeReading(int reason) {
    if ((pausedFor & reason) == 0) {
      return;
    }
    pausedFor &= ~reason;
    if (pausedFor == 0 && ctx != null && !finished) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** Closes the connection once the current exchange is over, at once when there is none. */
  void closeWhenIdle() {
    closing = true;
    if (current == null && ctx != null) {
      ctx.close();
      finish();
    }
  }

  boolean idle() {
    return current == null;
  }

  // --- client timeouts, as the sweep sees them (see RequestClock) -----------------------------------

  private void watchStream() {
    RequestClock c = clock;
    if (c == null) {
      c = clock = new RequestClock(this, loop.clients, 0);
    }
    loop.clients.watch(c);
  }

  @Nullable Exchange current() {
    return current;
  }

  int exchanges() {
    return exchanges;
  }

  /** Whether anything was read since the last call. */
  boolean takeRead() {
    boolean r = readSinceSweep;
    readSinceSweep = false;
    return r;
  }

  /** Junction itself holds reading back (a body nobody takes yet or a slow consumer, pipelined requests). */
  boolean readingPaused() {
    return pausedFor != 0;
  }

  /**
   * {@code ex}'s body has not ended, and the client may send it: it is not waiting for a {@code 100
   * Continue} (which HTTP/2 streams are never sent: a stream's client sends anyway, after a while).
   */
  boolean readingBody(Exchange ex) {
    return !ex.inbound.ended() && (!ex.expectContinue || ex.continueSent || stream);
  }

  /** A request head did not complete within {@code limitMs}: 408 problem+json, then the connection closes. */
  void headTimedOut(long limitMs) {
    LOG.debug("client connection {}: request head not complete within {} ms", clientAddress(), limitMs);
    ctx().writeAndFlush(ProblemAnswers.closingAnswer(ProblemAnswers.body(408, "request-timeout", "Request timeout",
        "the request head was not complete within request_head_timeout (" + limitMs + " ms)", null)))
        .addListener(ChannelFutureListener.CLOSE);
    finish();
  }

  /** Nothing was asked within the time allowed: the connection closes without a word. */
  void closeQuietly() {
    ctx().close();
    finish();
  }

  /** The connection is finished (see the class comment) and waits to close once its last answer is written. */
  boolean finished() {
    return finished;
  }

  /**
   * The client took none of {@code ex}'s answer for {@code limitMs} while Junction had bytes for it:
   * the answer is cut (the backend side ends with it) and the connection closes.
   */
  void answerNotTaken(Exchange ex, long limitMs) {
    LOG.debug("client connection {}: took none of its answer within {} ms, closing", clientAddress(), limitMs);
    ex.clientGone(); // the relay lets go of the backend side, as when the client leaves
    closeQuietly();
  }

  /** Closes without waiting for what is still to be written: the client does not take it. */
  void closeNow() {
    LOG.debug("client connection {}: last answer not taken in time, closing", clientAddress());
    ctx().close();
  }

  // --- the answer -------------------------------------------------------------------------------

  /** {@code 100 Continue}, written around the encoder so that it never counts as the answer. */
  void writeContinue(Exchange ex) {
    if (current == ex && !stream && !ex.answered()) {
      ex.continueSent = true;
      ChannelHandlerContext codec = ctx().pipeline().context(ServerPipelines.HTTP_CODEC);
      (codec != null ? codec : ctx()).writeAndFlush(CONTINUE.duplicate());
    }
  }

  /**
   * Writes the answer's head (not flushed). Decides whether the connection stays open: it does when
   * the client wants it, nothing asked to close it, the request body has ended or will with no more
   * bytes, and the answer is framed by a length or chunks (or has no body).
   */
  void writeHead(Exchange ex, HttpResponse head, boolean framed) {
    if (stream) {
      head.headers().remove(HttpHeaderNames.CONNECTION);
      ctx().write(head, ctx().voidPromise());
      return;
    }
    HttpRequest req = ex.req;
    keepAlive = framed && !closing && ex.clientKeepAlive && !head.headers().contains(HttpHeaderNames.CONNECTION,
        HttpHeaderValues.CLOSE, true);
    if (!keepAlive) {
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    } else if (req.protocolVersion() == HttpVersion.HTTP_1_0) {
      head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
    }
    if (req.protocolVersion() == HttpVersion.HTTP_1_0) {
      head.setProtocolVersion(HttpVersion.HTTP_1_0);
    }
    ctx().write(head, ctx().voidPromise());
  }

  // Writes without a listener take the void promise (no promise object per write); a failed write
  // then reaches exceptionCaught, which closes the connection, as a failed promise would have.
  void write(ByteBuf data) {
    ctx().write(new DefaultHttpContent(data), ctx().voidPromise());
  }

  void flush() {
    ctx().flush();
  }

  /** Bytes queued on the connection beyond what would make it writable again; 0 while writable. */
  long queuedBeyondLowWater() {
    return ctx == null ? 0 : ctx.channel().bytesBeforeWritable();
  }

  boolean writable() {
    return ctx != null && ctx.channel().isWritable();
  }

  /** Writes the last piece, flushes, and goes on to the next request or closes. */
  void end(Exchange ex, LastHttpContent last) {
    if (current != ex) {
      last.release();
      return;
    }
    if (stream) {
      ctx().writeAndFlush(last, ctx().voidPromise());
      current = null;
      return;
    }
    boolean keep = keepAlive && !closing;
    if (!keep) {
      ctx().writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
      current = null;
      finish();
      return;
    }
    ctx().writeAndFlush(last, ctx().voidPromise());
    if (ex.inbound.ended()) {
      // what is still held of its body is nobody's now, and must not keep reading paused
      ex.inbound.discard();
      next();
    } else if (ex.bodyless) {
      ex.inbound.discard(); // its empty last piece is on its way: next() runs when it arrives
    } else {
      // The client is still sending a body nobody reads: this connection cannot carry another request.
      ctx().close();
      current = null;
      finish();
    }
  }

  /**
   * Breaks the answer so the client never takes it for complete: resets the HTTP/2 stream, or
   * closes the HTTP/1.x connection.
   */
  void reset(Exchange ex) {
    if (current == ex) {
      current = null;
    }
    if (ctx != null) {
      ctx.close();
    }
    finish();
  }

  /** The current exchange is over and its request fully read: serve what waits, or wait for more. */
  private void next() {
    current = null;
    ArrayDeque<Object> q = later;
    while (q != null && !q.isEmpty() && current == null) {
      Object msg = q.poll();
      if (msg instanceof HttpContent c) {
        laterBytes -= c.content().readableBytes();
      }
      dispatch(msg);
      Exchange ex = current;
      // dispatch the rest of this request's body too, up to where it ends
      while (ex != null && !ex.inbound.ended() && !q.isEmpty() && current == ex) {
        Object m = q.poll();
        if (m instanceof HttpContent c) {
          laterBytes -= c.content().readableBytes();
        }
        dispatch(m);
      }
    }
    if (q == null || q.size() <= 16 && laterBytes <= RequestBody.HIGH_WATER / 2) {
      resumeReading(PIPELINE);
    }
  }
}
