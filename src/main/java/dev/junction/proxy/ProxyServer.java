package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.HostPort;
import dev.junction.config.ListenerConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.routing.AsyncRouter;
import dev.junction.routing.Payload;
import dev.junction.routing.RoutingDecision;
import dev.junction.routing.RoutingRequest;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-plane listener. Per request, in order: refuse what is never forwarded (CONNECT, bad
 * targets), canonicalize and resolve aliases ({@link RequestPaths}), answer Junction's own
 * endpoints, ask the router (reading the payload first only when it says so), buffer the body for
 * replay when the decision may try several backends, and hand over to the {@link Forwarder}.
 *
 * <p>One {@link HttpServer} per event loop shares the port. Nothing here blocks.
 */
public final class ProxyServer {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);

  /** Everything the listener needs. */
  public record Setup(
      HostPort listen,
      ProxyConfig proxy,
      DiscoveryConfig discovery,
      List<BackendConfig> backends,
      AsyncRouter router,
      RequestPaths paths,
      Forwarder.Memory memory,
      boolean decisionHeader,
      Map<String, Handler<HttpServerRequest>> localEndpoints,
      BackendStates states,
      int instances,
      ExchangeObserver observer,
      ListenerConfig listener) {
    public Setup {
      requireNonNull(listen, "listen");
      requireNonNull(proxy, "proxy");
      requireNonNull(discovery, "discovery");
      backends = List.copyOf(backends);
      requireNonNull(router, "router");
      requireNonNull(paths, "paths");
      requireNonNull(memory, "memory");
      localEndpoints = Map.copyOf(localEndpoints);
      requireNonNull(states, "states");
      if (instances < 1) {
        throw new IllegalArgumentException("instances: " + instances + " (expected: >= 1)");
      }
      requireNonNull(observer, "observer");
      requireNonNull(listener, "listener");
    }

    /** Without an observer ({@link ExchangeObserver#NONE}), cleartext HTTP/1.x ({@link ListenerConfig#defaults()}). */
    public Setup(HostPort listen, ProxyConfig proxy, DiscoveryConfig discovery, List<BackendConfig> backends,
        AsyncRouter router, RequestPaths paths, Forwarder.Memory memory, boolean decisionHeader,
        Map<String, Handler<HttpServerRequest>> localEndpoints, BackendStates states, int instances) {
      this(listen, proxy, discovery, backends, router, paths, memory, decisionHeader, localEndpoints, states, instances,
          ExchangeObserver.NONE, ListenerConfig.defaults());
    }

    /** With an observer, cleartext HTTP/1.x. */
    public Setup(HostPort listen, ProxyConfig proxy, DiscoveryConfig discovery, List<BackendConfig> backends,
        AsyncRouter router, RequestPaths paths, Forwarder.Memory memory, boolean decisionHeader,
        Map<String, Handler<HttpServerRequest>> localEndpoints, BackendStates states, int instances,
        ExchangeObserver observer) {
      this(listen, proxy, discovery, backends, router, paths, memory, decisionHeader, localEndpoints, states, instances,
          observer, ListenerConfig.defaults());
    }

    /** Without an observer. */
    public Setup(HostPort listen, ProxyConfig proxy, DiscoveryConfig discovery, List<BackendConfig> backends,
        AsyncRouter router, RequestPaths paths, Forwarder.Memory memory, boolean decisionHeader,
        Map<String, Handler<HttpServerRequest>> localEndpoints, BackendStates states, int instances,
        ListenerConfig listener) {
      this(listen, proxy, discovery, backends, router, paths, memory, decisionHeader, localEndpoints, states, instances,
          ExchangeObserver.NONE, listener);
    }
  }

  private static final java.util.concurrent.atomic.AtomicInteger RANDOM_PORT_KEYS = new java.util.concurrent.atomic.AtomicInteger();

  private final Setup setup;
  private final List<Instance> instances = new CopyOnWriteArrayList<>();
  private volatile int port;
  private volatile @Nullable String deploymentId;

  private ProxyServer(Setup setup) {
    this.setup = setup;
  }

  /**
   * Binds the listener: one verticle per event loop, each with its own server on the shared port
   * and its own backend connection pools, so that a request and its backend connection stay on
   * one event loop. Completes once every instance listens.
   */
  public static Future<ProxyServer> start(Vertx vertx, Setup setup) {
    ProxyServer p = new ProxyServer(setup);
    // A negative port asks Vert.x for one random port shared by every server of this Vert.x using
    // that number: each ProxyServer takes its own number, or two listeners on port 0 would share one.
    int port = setup.listen().port() == 0 ? RANDOM_PORT_KEYS.decrementAndGet() : setup.listen().port();
    return vertx.deployVerticle(() -> p.new Instance(port), new DeploymentOptions().setInstances(setup.instances()))
        .map(id -> {
          p.deploymentId = id;
          return p;
        });
  }

  /** For tests: the ports each instance reports. */
  List<Integer> instancePorts() {
    return instances.stream().map(i -> i.server.actualPort()).toList();
  }

  /** For tests: the event-loop thread each instance runs on. */
  List<String> instanceThreads() {
    return instances.stream().map(i -> i.thread).toList();
  }

  public int port() {
    return port;
  }

  /** Stops at once: open exchanges are cut. */
  public Future<Void> close() {
    return shutdown(java.time.Duration.ZERO);
  }

  /**
   * Graceful stop: the port stops accepting at once, requests in flight (streams included) may
   * finish within {@code grace}, then every remaining connection, client and backend, is closed.
   */
  public Future<Void> shutdown(java.time.Duration grace) {
    String id = deploymentId;
    if (id == null || instances.isEmpty()) {
      return Future.succeededFuture();
    }
    Vertx vertx = instances.get(0).vertx();
    List<Future<Void>> closing = new java.util.ArrayList<>();
    for (Instance i : instances) {
      closing.add(Future.join(i.server.shutdown(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS),
              i.forwarder.tunnels.shutdown(grace)).<Void>mapEmpty()
          .eventually(() -> i.clients.close()));
    }
    instances.clear();
    // Servers and pools first: undeploying with them open waits out Vert.x's own shutdown timeout.
    return Future.join(closing).eventually(() -> vertx.undeploy(id)).mapEmpty();
  }

  /**
   * Config reload: gives every event loop a client for each of {@code backends}, running the change
   * on each instance's own loop. Completes once every loop has applied it, so that a routing state
   * naming a new backend may be published afterwards. Clients of removed backends stay open (an
   * exchange routed on the old config may still use them) until {@link #shutdown}.
   */
  public Future<Void> updateBackends(List<BackendConfig> backends) {
    List<BackendConfig> copy = List.copyOf(backends);
    List<Future<Void>> all = new java.util.ArrayList<>();
    for (Instance i : instances) {
      io.vertx.core.Promise<Void> done = io.vertx.core.Promise.promise();
      i.loop().runOnContext(v -> {
        try {
          i.clients.update(copy);
          done.complete();
        } catch (RuntimeException e) {
          done.fail(e);
        }
      });
      all.add(done.future());
    }
    return Future.all(all).mapEmpty();
  }

  /** One event loop's share of the listener. */
  private final class Instance extends VerticleBase {
    private final int requestedPort;
    private volatile String thread = "";
    private HttpServer server;
    private BackendClients clients;
    private Forwarder forwarder;

    Instance(int requestedPort) {
      this.requestedPort = requestedPort;
    }

    Vertx vertx() {
      return vertx;
    }

    io.vertx.core.Context loop() {
      return context;
    }

    @Override
    public Future<?> start() {
      thread = Thread.currentThread().getName();
      // Each loop gets its share of the per-backend limits (at least one connection per loop).
      int perLoop = Math.max(1, setup.proxy().maxConnectionsPerBackend() / setup.instances());
      int waitPerLoop = Math.max(1, BackendClients.MAX_WAIT_QUEUE / setup.instances());
      clients = new BackendClients(vertx, setup.backends(), setup.proxy(), perLoop, waitPerLoop);
      forwarder = new Forwarder(vertx, clients, setup.proxy(), setup.discovery(), setup.memory(), setup.decisionHeader(),
          setup.states());
      HttpServerOptions options = new HttpServerOptions()
          .setHost(setup.listen().host())
          .setPort(requestedPort)
          .setHandle100ContinueAutomatically(false)
          .setCompressionSupported(false)
          .setDecompressionSupported(false)
          .setMaxHeaderSize(setup.proxy().maxHeaderSize())
          .setMaxInitialLineLength(Math.max(4096, setup.proxy().maxHeaderSize()))
          .setTcpNoDelay(true)
          .setReuseAddress(true)
          // WebSockets are tunnelled as bytes, never terminated here, so the extension negotiation
          // handler Vert.x adds by default would only cost a header scan per request.
          .setPerMessageWebSocketCompressionSupported(false)
          .setPerFrameWebSocketCompressionSupported(false);
      // Not strict thread mode: with it, Vert.x 5.0 went on to serve a pipelined request queued
      // behind a refused one (ObsFoldTest), where the refusal must close the connection.
      // h2c only when configured (it is off by default): Vert.x 5.0 decodes the first request of an
      // h2c-capable connection before connectionHandler runs, where ObsFoldGuard cannot see it.
      Protocols.listener(options, setup.listener(), setup.proxy().maxHeaderSize());
      return vertx.createHttpServer(options)
          .connectionHandler(ObsFoldGuard::install)
          .invalidRequestHandler(InvalidRequests::handle)
          .requestHandler(req -> handle(req, forwarder))
          .listen().map(s -> {
        server = s;
        port = s.actualPort();
        instances.add(this);
        return s;
      });
    }

  }

  private void handle(HttpServerRequest req, Forwarder forwarder) {
    req.pause();
    Observation seen = Observation.start(req, setup.observer());
    String method = req.method().name();
    if (method.equals("CONNECT")) {
      req.response().putHeader(HttpHeaders.CONNECTION, "close");
      Problems.send(req.response(), 405, "method-not-allowed", "Method not allowed",
          "Junction is not a forward proxy: CONNECT is never followed", null);
      return;
    }
    if (!oneHost(req)) {
      req.response().putHeader(HttpHeaders.CONNECTION, "close");
      Problems.send(req.response(), 400, "bad-host", "Bad Host header",
          "an HTTP/1.1 request needs exactly one Host header (RFC 9112 section 3.2)", null);
      return;
    }
    String target = originForm(req.uri());
    if (target == null) {
      req.response().putHeader(HttpHeaders.CONNECTION, "close");
      Problems.send(req.response(), 400, "bad-request-target", "Bad request target",
          "expected an origin-form target such as /path?query", null);
      return;
    }
    int q = target.indexOf('?');
    String rawPath = q < 0 ? target : target.substring(0, q);
    String rawQuery = q < 0 ? null : target.substring(q + 1);
    RequestPaths.Resolution r = setup.paths().resolve(rawPath);
    if (r.primary() == null) {
      req.response().putHeader(HttpHeaders.CONNECTION, "close");
      Problems.send(req.response(), 400, "invalid-path", "Invalid path",
          r.problem() == null ? "the path cannot be canonicalized" : r.problem(), null);
      return;
    }
    seen.path(r.primary(), r.alias());
    Handler<HttpServerRequest> local = setup.localEndpoints().get(r.primary());
    if (local != null) {
      seen.decided(CompletedExchange.Source.LOCAL, null);
      req.resume();
      local.handle(req);
      return;
    }
    Body body = initialBody(req);
    if (body == null) {
      req.response().putHeader(HttpHeaders.CONNECTION, "close");
      Problems.send(req.response(), 400, "bad-content-length", "Bad Content-Length",
          "Content-Length must be one non-negative integer", r.primary());
      return;
    }
    Exchange ex = new Exchange(req, method, r.primary(), rawQuery, r.alias(), body, seen);
    RoutingRequest routing = new RoutingRequest(method, ex.path, body instanceof Body.None ? Payload.ABSENT : Payload.UNREAD);
    setup.router().route(routing).onComplete(ar -> {
      if (ar.failed()) {
        internalError(ex, ar.cause());
        return;
      }
      RoutingDecision d = ar.result();
      if (d instanceof RoutingDecision.NeedPayload) {
        readPayloadThenRoute(ex, routing, forwarder);
      } else {
        proceed(ex, d, forwarder);
      }
    });
  }

  private void readPayloadThenRoute(Exchange ex, RoutingRequest routing, Forwarder forwarder) {
    if (!(ex.body instanceof Body.Unread unread)) {
      proceed(ex, new RoutingDecision.NeedPayload(), forwarder);
      return;
    }
    BodyReader.read(ex.req, unread, setup.proxy().maxBufferedBody(), ex.expectContinue).onComplete(ar -> {
      if (ar.failed()) {
        ex.req.response().reset();
        return;
      }
      ex.body = ar.result();
      Payload payload = ex.body instanceof Body.Buffered b
          ? PayloadParser.parse(b.bytes(), ex.req.getHeader(HttpHeaders.CONTENT_TYPE))
          : Payload.TOO_LARGE;
      setup.router().route(routing.withPayload(payload)).onComplete(rr -> {
        if (rr.failed()) {
          internalError(ex, rr.cause());
        } else {
          proceed(ex, rr.result(), forwarder);
        }
      });
    });
  }

  /** Buffers the body when the decision may send it to more than one backend, then forwards. */
  private void proceed(Exchange ex, RoutingDecision d, Forwarder forwarder) {
    boolean mayRetry = d instanceof RoutingDecision.Discover || d instanceof RoutingDecision.Cached
        || d instanceof RoutingDecision.Forward f && f.balanced();
    if (d instanceof RoutingDecision.Reject && !(ex.body instanceof Body.None || ex.body instanceof Body.Buffered)) {
      ex.req.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
    if (mayRetry && ex.body instanceof Body.Unread unread) {
      BodyReader.read(ex.req, unread, setup.proxy().maxBufferedBody(), ex.expectContinue).onComplete(ar -> {
        if (ar.failed()) {
          ex.req.response().reset();
          return;
        }
        ex.body = ar.result();
        forwarder.execute(ex, d);
      });
      return;
    }
    forwarder.execute(ex, d);
  }

  private static void internalError(Exchange ex, Throwable cause) {
    LOG.error("{} {}: routing failed", ex.method, ex.path, cause);
    ex.seen.decided(CompletedExchange.Source.ERROR, null);
    Problems.send(ex.req.response(), 500, "internal", "Internal error", "routing failed; see Junction's log", ex.path);
  }

  /**
   * RFC 9112 section 3.2: HTTP/1.1 needs exactly one Host; HTTP/1.0 at most one. HTTP/2 carries the
   * authority as a pseudo-header instead (RFC 9113 section 8.3.1), which the codec checks.
   */
  private static boolean oneHost(HttpServerRequest req) {
    int hosts = req.headers().getAll(HttpHeaders.HOST).size();
    if (req.version() == HttpVersion.HTTP_2) {
      return hosts <= 1;
    }
    return req.version() == HttpVersion.HTTP_1_0 ? hosts <= 1 : hosts == 1;
  }

  /**
   * The body as announced by the head: none, or unread with its length (-1 when chunked);
   * {@code null} when {@code Content-Length} is malformed or repeated with different values.
   */
  private static @Nullable Body initialBody(HttpServerRequest req) {
    if (req.version() == HttpVersion.HTTP_2 && !req.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      // HTTP/2 frames the body itself: no length announced, yet a body unless the stream already ended
      return req.isEnded() ? Body.NONE : new Body.Unread(-1);
    }
    if (req.headers().contains(HttpHeaders.TRANSFER_ENCODING)) {
      return new Body.Unread(-1);
    }
    List<String> lengths = req.headers().getAll(HttpHeaders.CONTENT_LENGTH);
    if (lengths.isEmpty()) {
      return Body.NONE;
    }
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
    return n == 0 ? Body.NONE : new Body.Unread(n);
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
