package dev.junction.testing;

import dev.junction.alias.AliasTable;
import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.HostPort;
import dev.junction.config.ListenerConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.health.BackendStates;
import dev.junction.proxy.ExchangeObserver;
import dev.junction.proxy.ProxyServer;
import dev.junction.routing.DecisionMemory;
import dev.junction.routing.RequestPipeline;
import dev.junction.routing.Router;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** A {@link ProxyServer} on an ephemeral port in front of given backends, with a given router. */
public final class ProxyFixture implements AutoCloseable {
  public static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  private final ProxyServer server;
  private final String scheme;

  public ProxyFixture(Vertx vertx, List<BackendConfig> backends, Router router, ProxyConfig proxy, DiscoveryConfig discovery) {
    this(vertx, backends, router, proxy, discovery, DecisionMemory.NONE);
  }

  public ProxyFixture(Vertx vertx, List<BackendConfig> backends, Router router, ProxyConfig proxy,
      DiscoveryConfig discovery, DecisionMemory memory) {
    this(vertx, backends, router, proxy, discovery, memory, new BackendStates());
  }

  /** With the given backend states, so a test can read them or move their clock. */
  public ProxyFixture(Vertx vertx, List<BackendConfig> backends, Router router, ProxyConfig proxy,
      DiscoveryConfig discovery, DecisionMemory memory, BackendStates states) {
    this(vertx, backends, router, proxy, discovery, memory, states, ListenerConfig.defaults());
  }

  /** With listener settings (TLS, HTTP/2 on or off). */
  public ProxyFixture(Vertx vertx, List<BackendConfig> backends, Router router, ListenerConfig listener) {
    this(vertx, backends, router, ProxyConfig.defaults(), DiscoveryConfig.defaults(), DecisionMemory.NONE,
        new BackendStates(), listener);
  }

  private ProxyFixture(Vertx vertx, List<BackendConfig> backends, Router router, ProxyConfig proxy,
      DiscoveryConfig discovery, DecisionMemory memory, BackendStates states, ListenerConfig listener) {
    this(vertx, backends, router, proxy, discovery, memory, states, listener, 2, ExchangeObserver.NONE);
  }

  /**
   * With {@code eventLoops} data-plane loops and an observer of every finished request. One loop
   * and {@code max_connections_per_backend: 1} make every request share one pooled backend
   * connection, which the hostile-backend tests need.
   */
  public ProxyFixture(Vertx vertx, List<BackendConfig> backends, Router router, ProxyConfig proxy, int eventLoops,
      ExchangeObserver observer) {
    this(vertx, backends, router, proxy, DiscoveryConfig.defaults(), DecisionMemory.NONE,
        new BackendStates(proxy.ejection(), System::nanoTime), ListenerConfig.defaults(), eventLoops, observer);
  }


  /**
   * With proxy and listener settings and {@code eventLoops} data-plane loops: what the tests of client
   * behaviour need.
   */
  public ProxyFixture(Vertx vertx, List<BackendConfig> backends, Router router, ProxyConfig proxy, ListenerConfig listener,
      int eventLoops) {
    this(vertx, backends, router, proxy, DiscoveryConfig.defaults(), DecisionMemory.NONE,
        new BackendStates(), listener, eventLoops, ExchangeObserver.NONE);
  }

  private ProxyFixture(Vertx vertx, List<BackendConfig> backends, Router router, ProxyConfig proxy,
      DiscoveryConfig discovery, DecisionMemory memory, BackendStates states, ListenerConfig listener, int eventLoops,
      ExchangeObserver observer) {
    this.scheme = listener.scheme();
    var setup = new ProxyServer.Setup(new HostPort("127.0.0.1", 0), proxy, discovery, backends, pipeline(router),
        memory, true, Map.of(), states, eventLoops, observer, listener);
    try {
      server = ProxyServer.start(vertx, setup).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A decision cache in memory (5 minutes, 1000 entries): the default store is a SQLite file
   * relative to the working directory, which is the checkout under Maven.
   */
  public static CacheConfig memoryCache() {
    return new CacheConfig(CacheConfig.Store.MEMORY, CacheConfig.DEFAULT_SQLITE_PATH, null, Duration.ofMinutes(5), 1000, Map.of());
  }

  /**
   * The request pipeline Junction runs, without aliases, own endpoints or a decision cache: paths
   * are canonicalized (refused when they cannot be), then {@code router} decides.
   */
  public static RequestPipeline pipeline(Router router) {
    AliasTable none = AliasTable.build(Map.of(), Set.of());
    return new RequestPipeline(() -> none, Set.of(), () -> router, DecisionMemory.NONE);
  }

  public static BackendConfig backend(String name, URI uri) {
    return new BackendConfig(name, uri, null);
  }

  public int port() {
    return server.port();
  }

  public URI uri(String pathAndQuery) {
    return URI.create(scheme + "://" + (scheme.equals("https") ? "localhost" : "127.0.0.1") + ":" + port() + pathAndQuery);
  }

  public HttpResponse<String> get(String pathAndQuery) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> send(String method, String pathAndQuery, String body) throws Exception {
    return CLIENT.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
