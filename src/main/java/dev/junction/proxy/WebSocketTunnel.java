package dev.junction.proxy;

import dev.junction.health.InFlight;
import dev.junction.http1.PeerFailures;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket proxying (RFC 6455 section 4). An HTTP/1.1 {@code GET} without a body carrying {@code
 * Connection: upgrade} and {@code Upgrade: websocket} is routed like any request; an {@link
 * Attempt} sends the handshake to the chosen backend (upgrade headers and {@code Sec-WebSocket-*}
 * untouched), and when the backend answers {@code 101} the 101 head is relayed and the two
 * connections become one byte tunnel: both HTTP codecs leave the pipelines, and each side stops
 * reading while the other cannot take more. Junction neither terminates nor re-frames WebSockets.
 * Any other answer is relayed as a normal response. The bytes the tunnel carries each way, frames and
 * all, are counted as they pass and reported with the request when it closes.
 *
 * <p>One tunnel belongs to one event loop: every method runs there and never blocks.
 */
final class WebSocketTunnel {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketTunnel.class);
  private static final String SEC_WEBSOCKET = "sec-websocket-";

  private final Tunnels owner;
  private final String label;
  private final Channel client;
  private final Channel backend;
  private final long idleNanos;
  private final Observation seen;
  private long lastActivity = System.nanoTime();
  /** Bytes passed on from the client to the backend, and back; plain fields: one loop owns the tunnel. */
  private long fromClient;
  private long toClient;
  private @Nullable ScheduledFuture<?> idleCheck;
  private boolean closed;

  private WebSocketTunnel(Tunnels owner, String label, Channel client, Channel backend, long idleTimeoutMs, Observation seen) {
    this.owner = owner;
    this.label = label;
    this.client = client;
    this.backend = backend;
    this.idleNanos = TimeUnit.MILLISECONDS.toNanos(idleTimeoutMs);
    this.seen = seen;
  }

  /**
   * True when {@code ex} asks for a WebSocket upgrade that Junction tunnels: HTTP/1.1, {@code GET},
   * no body, {@code Connection} naming {@code upgrade} and {@code Upgrade} naming {@code websocket}.
   * Costs one header lookup for requests without {@code Upgrade}.
   */
  static boolean requested(Exchange ex) {
    HttpHeaders h = ex.headers;
    if (!h.contains(HttpHeaderNames.UPGRADE)) {
      return false;
    }
    if (!ex.method.equals("GET") || ex.conn.stream || ex.version() != HttpVersion.HTTP_1_1 || !(ex.body instanceof Body.None)) {
      return false;
    }
    return hasToken(h.getAll(HttpHeaderNames.UPGRADE), "websocket") && hasToken(h.getAll(HttpHeaderNames.CONNECTION), "upgrade");
  }

  private static boolean hasToken(List<String> values, String token) {
    for (String value : values) {
      for (String t : value.split(",")) {
        if (t.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Adds the handshake headers to a backend request already holding the end-to-end headers ({@link
   * Hop#toBackend}): {@code Connection: Upgrade}, {@code Upgrade: websocket} (the one protocol
   * tunnelled, whatever else the client offered), and every {@code Sec-WebSocket-*} header exactly as
   * the client sent it (even if its {@code Connection} named one).
   */
  static void toBackend(HttpHeaders client, HttpHeaders backend) {
    backend.add(HttpHeaderNames.CONNECTION, "Upgrade");
    backend.add(HttpHeaderNames.UPGRADE, "websocket");
    copySecWebSocket(client, backend);
  }

  /** The 101 head for the client: end-to-end backend headers, {@code Via}, the upgrade headers. */
  private static void toClient(HttpHeaders backend, HttpHeaders client) {
    Hop.toClient(backend, client);
    client.remove(HttpHeaderNames.TRANSFER_ENCODING);
    client.set(HttpHeaderNames.CONNECTION, "Upgrade");
    client.set(HttpHeaderNames.UPGRADE, "websocket");
    copySecWebSocket(backend, client);
  }

  private static void copySecWebSocket(HttpHeaders from, HttpHeaders to) {
    List<String> names = new ArrayList<>();
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = to.iteratorCharSequence(); it.hasNext(); ) {
      CharSequence name = it.next().getKey();
      if (AsciiString.regionMatches(name, true, 0, SEC_WEBSOCKET, 0, SEC_WEBSOCKET.length())) {
        names.add(name.toString());
      }
    }
    names.forEach(to::remove);
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence(); it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      if (AsciiString.regionMatches(e.getKey(), true, 0, SEC_WEBSOCKET, 0, SEC_WEBSOCKET.length())) {
        to.add(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * Opens a tunnel for an accepted handshake: relays the 101 head (with {@code decision} as {@link
   * DecisionHeader#NAME} when its plan shows it), then turns both connections into byte pipes.
   */
  static void open(Exchange ex, BackendConnection link, InFlight.Lease lease, HttpResponse resp, DecisionHeader decision,
      long idleTimeoutMs) {
    lease.end();
    if (ex.over()) {
      link.done(false);
      return;
    }
    HttpHeaders h = Hop.newHeaders();
    toClient(resp.headers(), h);
    String shown = decision.value();
    if (shown != null) {
      h.set(DecisionHeader.NAME, shown);
    }
    Channel client = ex.conn.channel();
    Channel backend = link.channel();
    link.detach();
    ex.seen.tunnelOpened();
    ex.onClientGone(null);
    ex.head(new DefaultHttpResponse(HttpVersion.HTTP_1_1, resp.status(), h), true);
    ex.flush();
    WebSocketTunnel t = new WebSocketTunnel(ex.loop.tunnels, ex.method + " " + ex.path, client, backend, idleTimeoutMs, ex.seen);
    // Pipes in first, codecs out after: what a codec still holds goes on to the pipe.
    ChannelPipeline cp = client.pipeline();
    cp.replace(ClientConnection.class, "junctionTunnel", new Side(t, backend, true));
    removeAll(cp, ServerPipelines.HTTP_CODEC);
    ChannelPipeline bp = backend.pipeline();
    // in front of the backend connection's handler, which stays to tell its pool when it closes
    bp.addBefore(bp.context(BackendConnection.class).name(), "junctionTunnel", new Side(t, client, false));
    removeAll(bp, "codec");
    t.start();
  }

  private static void removeAll(ChannelPipeline p, String... names) {
    for (String n : names) {
      ChannelHandler h = p.get(n);
      if (h != null) {
        p.remove(h);
      }
    }
  }

  private void start() {
    owner.add(this);
    LOG.debug("{}: WebSocket tunnel open ({} open on this event loop)", label, owner.size());
    if (!client.isActive() || !backend.isActive()) {
      close();
      return;
    }
    scheduleIdleCheck(idleNanos);
  }

  private void scheduleIdleCheck(long delayNanos) {
    idleCheck = client.eventLoop().schedule(() -> {
      if (closed) {
        return;
      }
      long idle = System.nanoTime() - lastActivity;
      if (idle >= idleNanos) {
        LOG.debug("{}: WebSocket tunnel idle for {} ms: closing", label, TimeUnit.NANOSECONDS.toMillis(idle));
        close();
      } else {
        scheduleIdleCheck(idleNanos - idle);
      }
    }, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
  }

  /**
   * Closes both sides, each after the bytes already queued on it are flushed. Idempotent: a close
   * on either side closes the other.
   */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    ScheduledFuture<?> check = idleCheck;
    if (check != null) {
      check.cancel(false);
    }
    client.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    backend.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    owner.remove(this);
    seen.tunnelled(fromClient, toClient);
    seen.end(true);
    LOG.debug("{}: WebSocket tunnel closed ({} open on this event loop)", label, owner.size());
  }

  /** One side of the tunnel: what it reads goes to {@code peer}; it stops reading while the peer is full. */
  private static final class Side extends ChannelInboundHandlerAdapter {
    private final WebSocketTunnel tunnel;
    private final Channel peer;
    /** This side reads the client connection (else the backend's). */
    private final boolean client;

    Side(WebSocketTunnel tunnel, Channel peer, boolean client) {
      this.tunnel = tunnel;
      this.peer = peer;
      this.client = client;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ByteBuf b && b.isReadable() && !tunnel.closed) {
        tunnel.lastActivity = System.nanoTime();
        if (client) {
          tunnel.fromClient += b.readableBytes();
        } else {
          tunnel.toClient += b.readableBytes();
        }
        peer.write(b, peer.voidPromise());
      } else {
        ReferenceCountUtil.release(msg); // a codec's last empty message, or bytes after the close
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      peer.flush();
      if (!peer.isWritable()) {
        ctx.channel().config().setAutoRead(false);
      }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
      if (ctx.channel().isWritable()) {
        peer.config().setAutoRead(true);
      }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      tunnel.close();
      ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      if (!tunnel.closed) {
        LOG.debug("{}: WebSocket tunnel broken: {}", tunnel.label, PeerFailures.describe(cause));
      }
      tunnel.close();
    }
  }
}
