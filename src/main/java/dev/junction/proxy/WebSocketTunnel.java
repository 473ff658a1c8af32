package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.NetSocket;
import io.vertx.core.streams.WriteStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebSocket proxying (RFC 6455 section 4). An HTTP/1.1 {@code GET} without a body carrying {@code
 * Connection: upgrade} and {@code Upgrade: websocket} is routed like any request; the {@link
 * Forwarder} sends the handshake to the chosen backend with {@link #connect} (upgrade headers and
 * {@code Sec-WebSocket-*} untouched), and when the backend answers {@code 101} the 101 head is
 * relayed and the two connections become one byte tunnel, with backpressure both ways. Junction
 * neither terminates nor re-frames WebSockets. Any other answer is relayed as a normal response.
 *
 * <p>One tunnel belongs to one event loop: every method runs there and never blocks.
 */
final class WebSocketTunnel {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketTunnel.class);
  private static final String SEC_WEBSOCKET = "sec-websocket-";

  private final Tunnels owner;
  private final String label;
  private final NetSocket client;
  private final NetSocket backend;
  private final long idleTimeoutMs;
  private long lastActivity = System.nanoTime();
  private long idleTimer = -1;
  private boolean closed;
  private final Observation seen;

  private WebSocketTunnel(Tunnels owner, String label, NetSocket client, NetSocket backend, long idleTimeoutMs,
      Observation seen) {
    this.seen = seen;
    this.owner = owner;
    this.label = label;
    this.client = client;
    this.backend = backend;
    this.idleTimeoutMs = idleTimeoutMs;
  }

  /**
   * True when {@code req} asks for a WebSocket upgrade that Junction tunnels: HTTP/1.1, {@code GET},
   * no body, {@code Connection} naming {@code upgrade} and {@code Upgrade} naming {@code websocket}.
   * Costs one header lookup for requests without {@code Upgrade}.
   */
  static boolean requested(HttpServerRequest req, String method, Body body) {
    String upgrade = req.getHeader(HttpHeaders.UPGRADE);
    if (upgrade == null) {
      return false;
    }
    if (!method.equals("GET") || req.version() != HttpVersion.HTTP_1_1 || !(body instanceof Body.None)) {
      return false;
    }
    if (!hasToken(req.headers().getAll(HttpHeaders.UPGRADE), "websocket")) {
      return false;
    }
    return hasToken(req.headers().getAll(HttpHeaders.CONNECTION), "upgrade");
  }

  private static boolean hasToken(List<String> values, String token) {
    for (String value : values) {
      for (String t : value.split(",")) {
        String s = t.trim();
        if (s.equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Adds the handshake headers to a backend request already holding the end-to-end headers ({@link
   * Hop#toBackend}): {@code Connection: Upgrade}, {@code Upgrade: websocket} (the one protocol
   * tunnelled, whatever else the client offered), and every {@code
   * Sec-WebSocket-*} header exactly as the client sent it (even if its {@code Connection} named one).
   */
  static void toBackend(MultiMap client, MultiMap backend) {
    backend.add(HttpHeaders.CONNECTION, "Upgrade");
    backend.add(HttpHeaders.UPGRADE, "websocket");
    copySecWebSocket(client, backend);
  }

  /** The 101 head for the client: end-to-end backend headers, {@code Via}, the upgrade headers. */
  private static void toClient(MultiMap backend, MultiMap client) {
    Hop.toClient(backend, client);
    client.remove(HttpHeaders.TRANSFER_ENCODING);
    client.set(HttpHeaders.CONNECTION, "Upgrade");
    client.set(HttpHeaders.UPGRADE, "websocket");
    copySecWebSocket(backend, client);
  }

  private static void copySecWebSocket(MultiMap from, MultiMap to) {
    List<String> names = new ArrayList<>();
    for (Map.Entry<String, String> e : to) {
      if (e.getKey().toLowerCase(Locale.ROOT).startsWith(SEC_WEBSOCKET)) {
        names.add(e.getKey());
      }
    }
    names.forEach(to::remove);
    for (Map.Entry<String, String> e : from) {
      if (e.getKey().toLowerCase(Locale.ROOT).startsWith(SEC_WEBSOCKET)) {
        to.add(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * Sends the handshake head and completes with the backend's answer. After a non-101 answer has
   * been read (relayed or discarded) the backend connection is closed: Vert.x never ends a request
   * sent with {@code connect()}, so that connection could not go back to the pool.
   */
  static Future<HttpClientResponse> connect(HttpClientRequest r) {
    return r.connect().map(resp -> {
      if (resp.statusCode() != 101) {
        resp.end().onComplete(v -> r.connection().close());
      }
      return resp;
    });
  }

  /**
   * Opens a tunnel for an accepted handshake: relays the 101 head (plus {@code decision} as {@link
   * Forwarder#DECISION_HEADER} when not null), then pipes bytes both ways until either side closes.
   */
  static void open(Tunnels owner, Exchange ex, HttpClientResponse resp, @Nullable String decision, long idleTimeoutMs) {
    requireNonNull(owner, "owner");
    NetSocket backend = resp.netSocket();
    // Frames the backend sends right after its 101 wait until the client side is ready.
    backend.pause();
    HttpServerResponse out = ex.req.response();
    if (out.closed()) {
      backend.close();
      return;
    }
    toClient(resp.headers(), out.headers());
    if (decision != null) {
      out.putHeader(Forwarder.DECISION_HEADER, decision);
    }
    String label = ex.method + " " + ex.path;
    ex.req.toNetSocket().onComplete(ar -> {
      if (ar.failed()) {
        LOG.debug("{}: upgrade of the client connection failed: {}", label, Forwarder.describe(ar.cause()));
        backend.close();
        out.reset();
        return;
      }
      ex.seen.tunnelOpened();
      WebSocketTunnel t = new WebSocketTunnel(owner, label, ar.result(), backend, idleTimeoutMs, ex.seen);
      t.start(owner.vertx());
    });
  }

  private void start(Vertx vertx) {
    owner.add(this);
    LOG.debug("{}: WebSocket tunnel open ({} open on this event loop)", label, owner.size());
    client.closeHandler(v -> close());
    backend.closeHandler(v -> close());
    // Pipes pause the source while the destination's write queue is full: backpressure both ways.
    pipe(client, backend);
    pipe(backend, client);
    scheduleIdleCheck(vertx, idleTimeoutMs);
  }

  private void pipe(NetSocket from, NetSocket to) {
    from.pipe().endOnComplete(false).to(new Counting(this, to)).onComplete(ar -> {
      if (ar.failed() && !closed) {
        LOG.debug("{}: WebSocket tunnel broken: {}", label, Forwarder.describe(ar.cause()));
      }
      close();
    });
  }

  /** Records activity on every buffer so that the idle timer sees traffic in either direction. */
  void touch() {
    lastActivity = System.nanoTime();
  }

  private void scheduleIdleCheck(Vertx vertx, long delayMs) {
    idleTimer = vertx.setTimer(Math.max(1, delayMs), id -> {
      if (closed) {
        return;
      }
      long idleMs = (System.nanoTime() - lastActivity) / 1_000_000;
      if (idleMs >= idleTimeoutMs) {
        LOG.debug("{}: WebSocket tunnel idle for {} ms: closing", label, idleMs);
        close();
      } else {
        scheduleIdleCheck(vertx, idleTimeoutMs - idleMs);
      }
    });
  }

  /**
   * Closes both sides (each after the bytes already queued on it are flushed). Idempotent: a
   * close or end on either side closes the other.
   */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (idleTimer >= 0) {
      owner.vertx().cancelTimer(idleTimer);
    }
    client.close();
    backend.close();
    owner.remove(this);
    seen.tunnelClosed();
    LOG.debug("{}: WebSocket tunnel closed ({} open on this event loop)", label, owner.size());
  }

  /** The destination of one direction, counting activity for the idle timer. */
  private static final class Counting implements WriteStream<Buffer> {
    private final WebSocketTunnel tunnel;
    private final NetSocket to;

    Counting(WebSocketTunnel tunnel, NetSocket to) {
      this.tunnel = tunnel;
      this.to = to;
    }

    @Override
    public Counting exceptionHandler(@Nullable Handler<Throwable> handler) {
      to.exceptionHandler(handler);
      return this;
    }

    @Override
    public Future<Void> write(Buffer data) {
      tunnel.touch();
      return to.write(data);
    }

    @Override
    public Future<Void> end() {
      return to.end();
    }

    @Override
    public Counting setWriteQueueMaxSize(int maxSize) {
      to.setWriteQueueMaxSize(maxSize);
      return this;
    }

    @Override
    public boolean writeQueueFull() {
      return to.writeQueueFull();
    }

    @Override
    public Counting drainHandler(@Nullable Handler<Void> handler) {
      to.drainHandler(handler);
      return this;
    }
  }
}
