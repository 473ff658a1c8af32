package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.HostPort;
import dev.junction.config.ListenerConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.health.BackendStates;
import dev.junction.http1.Http1Codec;
import dev.junction.routing.DecisionMemory;
import dev.junction.routing.RequestPipeline;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.NetUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data-plane listener, on Netty directly. It runs its own event loops ({@code instances} of
 * them, on the Vert.x instance's transport: io_uring, epoll or NIO), each owning the client
 * connections it accepted, its own backend connection pools and its tunnels, so that a request and
 * its backend connections stay on one thread. The request path itself: {@link ClientConnection}
 * (framing), {@link Intake} (refusals, paths, aliases, routing), {@link Forwarder} (backends),
 * {@link Relay} (the answer).
 *
 * <p>Why not Vert.x's HTTP server and client, which the admin plane keeps: on the 2-core machine
 * this project measures on, they cost about a third of Junction's CPU per proxied request
 * (request, response and header-map objects per hop, futures, the client's pool), and the data
 * plane is Junction's core. See docs/benchmarks.md.
 */
public final class ProxyServer {
  private static final Logger LOG = LoggerFactory.getLogger(ProxyServer.class);
  private static final AtomicInteger SERVERS = new AtomicInteger();

  /** Everything the listener needs. */
  public record Setup(
      HostPort listen,
      ProxyConfig proxy,
      DiscoveryConfig discovery,
      List<BackendConfig> backends,
      RequestPipeline pipeline,
      DecisionMemory memory,
      boolean decisionHeader,
      Map<String, LocalEndpoint> localEndpoints,
      BackendStates states,
      int instances,
      ExchangeObserver observer,
      ListenerConfig listener) {
    public Setup {
      requireNonNull(listen, "listen");
      requireNonNull(proxy, "proxy");
      requireNonNull(discovery, "discovery");
      backends = List.copyOf(backends);
      requireNonNull(pipeline, "pipeline");
      requireNonNull(memory, "memory");
      localEndpoints = Map.copyOf(localEndpoints);
      for (String p : localEndpoints.keySet()) {
        if (!pipeline.resolve(p).local()) {
          throw new IllegalArgumentException("local endpoint " + p + ": not a local path of the request pipeline");
        }
      }
      requireNonNull(states, "states");
      if (instances < 1) {
        throw new IllegalArgumentException("instances: " + instances + " (expected: >= 1)");
      }
      requireNonNull(observer, "observer");
      requireNonNull(listener, "listener");
    }

    /** Without an observer ({@link ExchangeObserver#NONE}), cleartext HTTP/1.x ({@link ListenerConfig#defaults()}). */
    public Setup(HostPort listen, ProxyConfig proxy, DiscoveryConfig discovery, List<BackendConfig> backends,
        RequestPipeline pipeline, DecisionMemory memory, boolean decisionHeader,
        Map<String, LocalEndpoint> localEndpoints, BackendStates states, int instances) {
      this(listen, proxy, discovery, backends, pipeline, memory, decisionHeader, localEndpoints, states, instances,
          ExchangeObserver.NONE, ListenerConfig.defaults());
    }

    /** With an observer, cleartext HTTP/1.x. */
    public Setup(HostPort listen, ProxyConfig proxy, DiscoveryConfig discovery, List<BackendConfig> backends,
        RequestPipeline pipeline, DecisionMemory memory, boolean decisionHeader,
        Map<String, LocalEndpoint> localEndpoints, BackendStates states, int instances, ExchangeObserver observer) {
      this(listen, proxy, discovery, backends, pipeline, memory, decisionHeader, localEndpoints, states, instances,
          observer, ListenerConfig.defaults());
    }

    /** Without an observer. */
    public Setup(HostPort listen, ProxyConfig proxy, DiscoveryConfig discovery, List<BackendConfig> backends,
        RequestPipeline pipeline, DecisionMemory memory, boolean decisionHeader,
        Map<String, LocalEndpoint> localEndpoints, BackendStates states, int instances, ListenerConfig listener) {
      this(listen, proxy, discovery, backends, pipeline, memory, decisionHeader, localEndpoints, states, instances,
          ExchangeObserver.NONE, listener);
    }
  }

  private final Setup setup;
  private final Vertx vertx;
  private final EventLoopGroup group;
  private final Map<EventLoop, Loop> loops = new IdentityHashMap<>();
  /** One discovery per cache key at a time, across every loop. */
  private final DiscoveryFlights flights = new DiscoveryFlights();
  private final List<String> threads = new ArrayList<>();
  private final RecvRing ring;
  private volatile @Nullable Channel server;
  private volatile int port;
  private volatile boolean stopped;

  private ProxyServer(Vertx vertx, Setup setup, EventLoopGroup group, RecvRing ring) {
    this.vertx = vertx;
    this.setup = setup;
    this.group = group;
    this.ring = ring;
  }

  /**
   * Binds the listener on new event loops of {@code vertx}'s transport. Reads the TLS files (off the
   * event loops) first. Completes once the port listens; fails, leaving nothing running, when it
   * cannot (a port in use, unreadable key).
   */
  public static Future<ProxyServer> start(Vertx vertx, Setup setup) {
    return vertx.executeBlocking(() -> Tls.load(vertx, setup)).compose(tls -> {
      VertxInternal vx = (VertxInternal) vertx;
      int n = SERVERS.incrementAndGet();
      RecvRing ring = RecvRing.of(vx.transport());
      EventLoopGroup group = new MultiThreadIoEventLoopGroup(setup.instances(),
          new DefaultThreadFactory("junction-data-" + n, true), ring.factory());
      ProxyServer p = new ProxyServer(vertx, setup, group, ring);
      Promise<ProxyServer> started = Promise.promise();
      try {
        p.bind(vx, tls, started);
      } catch (RuntimeException e) {
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        return Future.failedFuture(e);
      }
      return started.future();
    });
  }

  /** The TLS contexts of one listener, read off the event loops. */
  private record Tls(@Nullable SslContext listener, SslContext backends, SslContext h2Backends) {
    static Tls load(Vertx vertx, Setup setup) throws Exception {
      SslContext l = setup.listener().tls() == null ? null
          : Protocols.listenerTls(setup.listener().tls(), setup.listener().http2());
      return new Tls(l, Protocols.backendTls(false), Protocols.backendTls(true));
    }
  }

  private void bind(VertxInternal vx, Tls tls, Promise<ProxyServer> started) {
    int perLoop = Math.max(1, setup.proxy().maxConnectionsPerBackend() / setup.instances());
    int waiting = setup.proxy().maxWaitingPerBackend();
    int waitPerLoop = waiting == 0 ? 0 : Math.max(1, waiting / setup.instances());
    Bootstrap template = new Bootstrap()
        .channelFactory(vx.transport().channelFactory(false))
        .resolver(vx.nameResolver().nettyAddressResolverGroup())
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, setup.proxy().connectTimeout().toMillis()))
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.SO_KEEPALIVE, true)
        .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024));
    ring.applyTo(template);
    long idleMs = setup.proxy().idleTimeout().toMillis();
    for (io.netty.util.concurrent.EventExecutor e : group) {
      EventLoop el = (EventLoop) e;
      Bootstrap onLoop = template.clone().group(el);
      Pools pools = new Pools(setup.backends(), setup.proxy(), (b, proxy) -> pool(b, onLoop, tls, perLoop, waitPerLoop, idleMs));
      loops.put(el, new Loop(el, pools, loop -> new Forwarder(loop, setup.proxy(), setup.discovery(), setup.memory(),
          setup.decisionHeader(), setup.states(), flights), setup.observer(), setup.proxy().client()));
    }
    Intake intake = new Intake(setup);
    ServerBootstrap sb = new ServerBootstrap()
        .group(group)
        .channelFactory(vx.transport().serverChannelFactory(false))
        .option(ChannelOption.SO_BACKLOG, setup.listener().backlog() == ListenerConfig.SYSTEM_BACKLOG
            ? NetUtil.SOMAXCONN : setup.listener().backlog())
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 * 1024, 64 * 1024))
        .childHandler(new ServerPipelines(setup, intake, loops, tls.listener()));
    ring.applyToChildren(sb);
    sb.bind(new InetSocketAddress(setup.listen().host(), setup.listen().port())).addListener(f -> {
      io.netty.channel.ChannelFuture cf = (io.netty.channel.ChannelFuture) f;
      if (!f.isSuccess()) {
        group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
        started.fail(f.cause());
        return;
      }
      server = cf.channel();
      port = ((InetSocketAddress) cf.channel().localAddress()).getPort();
      for (io.netty.util.concurrent.EventExecutor e : group) {
        e.execute(() -> {
          synchronized (threads) {
            threads.add(Thread.currentThread().getName());
          }
        });
      }
      started.complete(this);
    });
  }

  /** A pool for {@code b} on one loop: HTTP/1.1 keep-alive connections, or HTTP/2 streams. */
  private Pools.Pool pool(BackendConfig b, Bootstrap onLoop, Tls tls, int perLoop, int waitPerLoop, long idleMs) {
    String host = b.url().getHost();
    int backendPort = b.port();
    int maxHeader = Math.max(setup.proxy().maxHeaderSize(), 8192) * 4;
    if (b.protocol() == BackendConfig.Protocol.HTTP1) {
      return new BackendPool(b, onLoop, owner -> ch -> {
        if (b.tls()) {
          SslHandler ssl = tls.backends().newHandler(ch.alloc(), host, backendPort);
          Protocols.verifyHost(ssl.engine());
          ch.pipeline().addLast("tls", ssl);
        }
        ch.pipeline().addLast("codec", new Http1Codec(false, 8192, maxHeader));
        ch.pipeline().addLast("junction", new BackendConnection(owner, false, idleMs));
      }, perLoop, waitPerLoop);
    }
    return new H2Pool(b, onLoop, ch -> {
      if (b.tls()) {
        SslHandler ssl = tls.h2Backends().newHandler(ch.alloc(), host, backendPort);
        Protocols.verifyHost(ssl.engine());
        ch.pipeline().addLast("tls", ssl);
      }
      ch.pipeline().addLast("h2", Http2FrameCodecBuilder.forClient()
          .initialSettings(Protocols.settings(setup.proxy().maxHeaderSize(), false)).build());
      ch.pipeline().addLast("h2streams", new Http2MultiplexHandler(new io.netty.channel.ChannelInboundHandlerAdapter()));
    }, perLoop, waitPerLoop, idleMs);
  }

  /**
   * The backend connection pools of every event loop, summed per configured backend (pools a reload
   * retired are left out). Asks each loop for its counts and waits up to {@code wait} for the answers:
   * call it off the event loops (the metrics scrape runs on a worker thread). Empty once the server
   * is stopping.
   *
   * @throws IllegalStateException when a loop did not answer in time
   */
  public Map<String, PoolUsage> poolUsage(Duration wait) throws InterruptedException {
    if (stopped) {
      return Map.of();
    }
    List<io.netty.util.concurrent.Future<Map<String, PoolUsage>>> answers = new ArrayList<>();
    try {
      for (Loop l : loops.values()) {
        answers.add(l.executor.submit(() -> {
          Map<String, PoolUsage> one = new java.util.HashMap<>();
          l.pools.all().forEach((name, pool) -> one.put(name, PoolUsage.NONE.plus(pool)));
          return one;
        }));
      }
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return Map.of(); // the loops are shutting down
    }
    Map<String, PoolUsage> sum = new java.util.TreeMap<>();
    long deadline = System.nanoTime() + wait.toNanos();
    for (io.netty.util.concurrent.Future<Map<String, PoolUsage>> a : answers) {
      if (!a.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("pool usage: an event loop did not answer within " + wait.toMillis() + " ms");
      }
      if (!a.isSuccess()) {
        if (a.cause() instanceof java.util.concurrent.RejectedExecutionException) {
          return Map.of();
        }
        throw new IllegalStateException("pool usage: " + a.cause(), a.cause());
      }
      a.getNow().forEach((name, u) -> sum.merge(name, u, PoolUsage::plus));
    }
    return sum;
  }

  /** For tests: the names of the threads the listener's event loops run on. */
  List<String> instanceThreads() {
    synchronized (threads) {
      return List.copyOf(threads);
    }
  }

  /** For tests: client connections open now, per event loop thread. */
  Map<String, Integer> connectionsPerLoop() {
    Map<String, Integer> out = new java.util.TreeMap<>();
    try {
      for (Loop l : loops.values()) {
        int n = l.executor.submit(() -> l.accepted.size()).get(5, TimeUnit.SECONDS);
        String name = l.executor.submit(() -> Thread.currentThread().getName()).get(5, TimeUnit.SECONDS);
        out.put(name, n);
      }
    } catch (Exception e) {
      throw new IllegalStateException("event loops did not answer: " + e, e);
    }
    return out;
  }

  /** Requests waiting now for a discovery of their cache key that another request runs. */
  public int discoveryWaiting() {
    return flights.waiting();
  }

  public int port() {
    return port;
  }

  /**
   * Builds and drops a backend TLS context, which loads what makes the first one slow: the TLS
   * library's classes and native code, the JDK's trust store. For a warm-up thread at start-up; the
   * contexts Junction uses are still built at each listener's start, from the settings of that
   * moment. Never throws: what is wrong is reported by the listener's start.
   */
  public static void warmUpTls() {
    try {
      Protocols.backendTls(false);
    } catch (Exception | LinkageError e) {
      LOG.debug("TLS warm-up: {}", e.toString());
    }
  }

  /** The TLS library both sides use: {@code OpenSSL (BoringSSL)} where netty-tcnative loads, else {@code JDK}. */
  public static String tlsLibrary() {
    return Protocols.tlsName();
  }

  /** Whether the event loops read through an io_uring buffer ring (see {@link RecvRing}). */
  public boolean receiveRing() {
    return ring.active();
  }

  /** Stops at once: open exchanges are cut. */
  public Future<Void> close() {
    return shutdown(Duration.ZERO);
  }

  /**
   * Graceful stop: the port stops accepting at once, idle connections close, requests in flight
   * (streams and tunnels included) may finish within {@code grace}, then every remaining connection,
   * client and backend, is closed and the event loops stop.
   */
  public Future<Void> shutdown(Duration grace) {
    if (stopped) {
      return Future.succeededFuture();
    }
    stopped = true;
    Channel s = server;
    Promise<Void> done = Promise.promise();
    Runnable rest = () -> drain(grace).addListener(f -> {
      // On io_uring a close completes on a later turn of its loop (a pending receive is cancelled
      // first), so the loops stop only once their client connections are closed, or after 2 s, and
      // then only after a quiet 100 ms in which the backend connections' closes complete too.
      io.netty.util.concurrent.Promise<Void> closed = group.next().newPromise();
      AtomicInteger open = new AtomicInteger(loops.size());
      for (Loop l : loops.values()) {
        l.executor.execute(() -> {
          List<Channel> clients = new ArrayList<>(l.accepted);
          AtomicInteger left = new AtomicInteger(clients.size() + 1);
          Runnable one = () -> {
            if (left.decrementAndGet() == 0 && open.decrementAndGet() == 0) {
              closed.trySuccess(null);
            }
          };
          clients.forEach(ch -> ch.close().addListener(c -> one.run()));
          l.pools.close();
          one.run();
        });
      }
      group.next().schedule(() -> closed.trySuccess(null), 2, TimeUnit.SECONDS);
      closed.addListener(c -> group.shutdownGracefully(100, 2000, TimeUnit.MILLISECONDS).addListener(g -> done.complete()));
    });
    if (s == null) {
      rest.run();
    } else {
      s.close().addListener(f -> rest.run());
    }
    return done.future();
  }

  /** Closes idle connections and waits until the busy ones are done, at most {@code grace}. */
  private io.netty.util.concurrent.Future<Void> drain(Duration grace) {
    io.netty.util.concurrent.Promise<Void> drained = group.next().newPromise();
    long deadline = System.nanoTime() + grace.toNanos();
    List<io.netty.util.concurrent.Future<Void>> tunnels = new ArrayList<>();
    for (Loop l : loops.values()) {
      tunnels.add(l.tunnels.shutdown(grace));
      l.executor.execute(() -> {
        for (Channel ch : new ArrayList<>(l.accepted)) {
          ClientConnection c = ch.pipeline().get(ClientConnection.class);
          if (c != null) {
            c.closeWhenIdle();
          } else if (ch.pipeline().get(Http2MultiplexHandler.class) != null) {
            ch.close(); // HTTP/2: GOAWAY, then open streams finish
          }
        }
      });
    }
    Runnable[] check = new Runnable[1];
    check[0] = () -> {
      boolean busy = false;
      for (Loop l : loops.values()) {
        busy |= !l.accepted.isEmpty();
      }
      busy |= tunnels.stream().anyMatch(t -> !t.isDone());
      if (!busy || System.nanoTime() >= deadline) {
        drained.trySuccess(null);
      } else {
        group.next().schedule(check[0], 20, TimeUnit.MILLISECONDS);
      }
    };
    group.next().schedule(check[0], grace.isZero() ? 0 : 5, TimeUnit.MILLISECONDS);
    return drained;
  }

  /**
   * Config reload: gives every event loop a pool for each of {@code backends}, running the change on
   * each loop. Completes once every loop has applied it, so that a routing state naming a new backend
   * may be published afterwards. Pools of removed backends stay open (an exchange routed on the old
   * config may still use them) until {@link #shutdown}.
   */
  public Future<Void> updateBackends(List<BackendConfig> backends) {
    List<BackendConfig> copy = List.copyOf(backends);
    List<Future<Void>> all = new ArrayList<>();
    for (Loop l : loops.values()) {
      Promise<Void> applied = Promise.promise();
      l.executor.execute(() -> {
        try {
          l.pools.update(copy);
          applied.complete();
        } catch (RuntimeException e) {
          applied.fail(e);
        }
      });
      all.add(applied.future());
    }
    return Future.all(all).mapEmpty();
  }
}
