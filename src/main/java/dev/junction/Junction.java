package dev.junction;

import static java.util.Objects.requireNonNull;

import dev.junction.admin.ApiRegistry;
import dev.junction.admin.health.HealthResponses;
import dev.junction.admin.server.AdminApis;
import dev.junction.admin.server.AdminServer;
import dev.junction.alias.AliasRegistry;
import dev.junction.alias.AliasTable;
import dev.junction.alias.CanonicalPath;
import dev.junction.alias.RuntimeAliases;
import dev.junction.cache.DecisionCache;
import dev.junction.cache.DecisionStores;
import dev.junction.config.BackendConfig;
import dev.junction.config.ConfigLoader;
import dev.junction.config.ConfigOverrides;
import dev.junction.config.HostPort;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ModelAlias;
import dev.junction.health.BackendStates;
import dev.junction.health.HealthChecker;
import dev.junction.models.ModelAliasRegistry;
import dev.junction.models.ModelCatalogs;
import dev.junction.models.ModelsEndpoint;
import dev.junction.observe.Observability;
import dev.junction.observe.Tracing;
import dev.junction.openapi.sources.OpenApiSources;
import dev.junction.proxy.ProxyServer;
import dev.junction.routing.ModelCatalog;
import dev.junction.routing.RequestPipeline;
import dev.junction.routing.RuleRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Junction, embedded: the Java counterpart of the seed router's {@code Server(endpoints,
 * "config.yaml").run()}.
 *
 * <pre>{@code
 * try (Junction.Running j = Junction.builder()
 *     .config(Path.of("config.yaml"))
 *     .fallbackBackends(List.of(URI.create("http://127.0.0.1:3000")))
 *     .listen("127.0.0.1", 8000)
 *     .build()
 *     .start()) {
 *   System.out.println("listening on " + j.port());
 * }
 * }</pre>
 *
 * <p>{@link #start()} blocks until every listener is bound (or throws), then returns; the server
 * runs on its own threads until {@link Running#close()}.
 */
public final class Junction {
  private static final Logger LOG = LoggerFactory.getLogger(Junction.class);

  private final JunctionConfig config;
  private final List<BackendConfig> fallback;
  private final int eventLoops;
  private final NetTransport transport;
  private final boolean decisionHeader;
  private final java.time.Duration shutdownGrace;
  private final ConfigOverrides overrides;
  private final @Nullable Path configFile;
  private final boolean watchConfig;

  private Junction(Builder b) {
    this.overrides = new ConfigOverrides(b.listen, b.adminListen, b.adminEnabled, b.fallback);
    this.configFile = b.configFile;
    this.watchConfig = b.watchConfig;
    ConfigOverrides.Effective e = overrides.apply(b.config != null ? b.config : JunctionConfig.defaults());
    this.config = e.config();
    this.fallback = e.fallback();
    this.eventLoops = b.eventLoops;
    this.transport = b.transport;
    this.decisionHeader = b.decisionHeader;
    this.shutdownGrace = b.shutdownGrace;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The config file this instance was built from; {@code null} when built from a {@link JunctionConfig}. */
  public @Nullable Path configFile() {
    return configFile;
  }

  /** The effective configuration this instance runs with (fallback backends included). */
  public JunctionConfig config() {
    return config;
  }

  /** Starts every listener; blocks until bound. Throws when anything cannot start, leaving nothing running. */
  public Running start() {
    io.vertx.core.transport.Transport chosen = transport.resolve();
    Tracing tracing = Tracing.start(config.tracing(), System.getenv());
    Vertx vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(eventLoops)).withTransport(chosen).build();
    try {
      return startAsync(vertx, NetTransport.nameOf(chosen), tracing).toCompletionStage().toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      vertx.close();
      if (tracing != null) {
        tracing.close();
      }
      Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("Junction did not start: " + cause.getMessage(), cause);
    }
  }

  private Future<Running> startAsync(Vertx vertx, String transportName, @Nullable Tracing tracing) {
    AtomicReference<RoutingState> state = new AtomicReference<>(RoutingState.compile(config, fallback));
    for (String warning : RuleRouter.lint(config)) {
      LOG.warn("{}", warning);
    }
    String tokenFromEnv = System.getenv("JUNCTION_ADMIN_TOKEN");
    BackendStates states = new BackendStates(config.proxy().ejection(), System::nanoTime);
    ApiRegistry registry = new ApiRegistry();
    AliasRegistry aliases = new AliasRegistry(AliasTable.build(config.aliases(), LocalPaths.reserved(AdminApis.describeOnly(), config)));
    DecisionCache cache = new DecisionCache(vertx, config.cache(), DecisionStores.open(vertx, config.cache()), Clock.systemUTC());
    UnaryOperator<String> adminAliases = p -> {
      CanonicalPath.Result c = CanonicalPath.canonicalize(p);
      return c.ok() ? aliases.current().primaryPath(c.path()) : p;
    };
    ModelCatalogs catalogs = config.models() == null ? null : new ModelCatalogs(vertx, () -> state.get().config(),
        Clock.systemUTC());
    OpenApiSources openapi = config.servesMergedOpenapi()
        ? new OpenApiSources(vertx, config, discoveryCandidates(), p -> aliases.current().primaryPath(p), Version.get(),
            Clock.systemUTC())
        : null;
    AtomicReference<@Nullable ConfigReloader> reloader = new AtomicReference<>();
    if (openapi != null && catalogs != null) {
      openapi.catalogModels(catalogs::listed);
      catalogs.onChange(openapi::modelsChanged);
    }
    Observability observe = new Observability(config.accessLog(), tracing, cache::stats, config.cache().store().name().toLowerCase(java.util.Locale.ROOT),
        states, () -> state.get().config().backends());
    // The request pipeline's own endpoints are known once their assets are read: set before any listener starts.
    AtomicReference<@Nullable RequestPipeline> pipeline = new AtomicReference<>();
    RuntimeAliases runtimeAliases = new RuntimeAliases(aliases, cache);
    ModelAliasRegistry modelAliases = new ModelAliasRegistry(() -> state.get().config(), cache,
        catalogs == null ? Set::of : () -> catalogs.catalog().models().keySet());
    if (catalogs != null) {
      catalogs.aliasNames(() -> modelAliases.all().stream().map(ModelAlias::name).toList());
    }
    AdminBindings admin = new AdminBindings(() -> state.get().config(), tokenFromEnv, pipeline::get, cache, runtimeAliases, aliases, states,
        registry::paths, openapi, reloader::get, observe.recent(), catalogs == null ? Map::of : catalogs::catalogs,
        modelAliases);
    AdminApis.registerAll(registry, admin.services());
    return cache.start()
        .compose(v -> runtimeAliases.loadSaved())
        .compose(v -> modelAliases.loadSaved())
        .compose(v -> LocalPaths.endpoints(vertx, config, req -> Future.succeededFuture(HealthResponses.response(admin.report())), openapi,
            catalogs))
        .compose(local -> {
          if (config.models() != null && local.get(config.models().path()) instanceof ModelsEndpoint list) {
            list.aliases(modelAliases::all);
          }
          RequestPipeline requests = new RequestPipeline(aliases::current, local.keySet(), () -> state.get().router(), cache,
              catalogs == null ? () -> ModelCatalog.NONE : catalogs::catalog, modelAliases::current);
          pipeline.set(requests);
          // Both listeners start together; the admin one spends its time generating the OpenAPI document.
          Future<ProxyServer> proxy = ProxyServer.start(vertx, new ProxyServer.Setup(config.listen(), config.proxy(),
              config.discovery(), config.backends(), requests, cache, decisionHeader, local,
              states, eventLoops, observe.observer(), config.listener()));
          if (openapi != null) {
            openapi.refresh(); // in the background: a slow or failing backend never delays the start
          }
          if (catalogs != null) {
            catalogs.start(); // in the background too: until a catalog comes, its models go to the cache and discovery
          }
          Future<@Nullable AdminServer> adminServer = config.admin().enabled()
              ? AdminServer.start(vertx, config.admin(), registry, adminAliases, tokenFromEnv,
                  Map.of("/metrics", observe.metrics()::serve)).map(a -> a)
              : Future.succeededFuture(null);
          return Future.join(proxy, adminServer).recover(e -> {
            // One failed: close whichever started, then report the failure.
            Future<Void> p = proxy.succeeded() ? proxy.result().close() : Future.succeededFuture();
            Future<Void> a = adminServer.succeeded() && adminServer.result() != null ? adminServer.result().close() : Future.succeededFuture();
            return Future.join(p, a).transform(x -> Future.failedFuture(proxy.failed() ? proxy.cause() : adminServer.cause()));
          }).map(x -> {
            AdminServer a = adminServer.result();
            ProxyServer dataPlane = proxy.result();
            observe.metrics().discoveryWaiting(dataPlane::discoveryWaiting);
            observe.metrics().pools(() -> {
              try {
                return dataPlane.poolUsage(Duration.ofSeconds(2));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("pool usage: interrupted", e);
              }
            });
            ConfigReloader reload = configFile == null ? null : new ConfigReloader(vertx, configFile,
                loaded -> {
                  ConfigOverrides.Effective e = overrides.apply(loaded);
                  return RoutingState.compile(e.config(), e.fallback());
                }, state, aliases, proxy.result()::updateBackends, Clock.systemUTC());
            if (reload != null && openapi != null) {
              reload.afterApplied(openapi::refresh); // fetch the backends' documents again, in the background
            }
            if (reload != null && catalogs != null) {
              reload.afterApplied(catalogs::reconfigure);
            }
            if (reload != null) {
              reload.afterApplied(modelAliases::reconfigure);
            }
            reloader.set(reload);
            ConfigWatcher watcher = reload != null && watchConfig ? ConfigWatcher.start(configFile, () -> reload.reload("file-watch"))
                : null;
            HealthChecker health = HealthChecker.start(vertx, config.backends(), states);
            if (reload != null) {
              reload.afterApplied(() -> health.update(state.get().config().backends()));
            }
            Running r = new Running(vertx, this, proxy.result(), a, cache, aliases, state, reload, watcher, health, observe);
            LOG.info("Junction listening on {}:{} with {} backend(s), {} rule(s); admin {}; tracing {}; TLS {}; transport {}",
                config.listen().host(), proxy.result().port(), config.backends().size(), config.rules().size(),
                a == null ? "off" : config.admin().listen().host() + ":" + a.port(), tracing == null ? "off" : tracing.describe(),
                ProxyServer.tlsLibrary(),
                proxy.result().receiveRing() ? transportName + " (multishot receive into a buffer ring)" : transportName);
            return r;
          });
        });
  }

  /** The backends discovery tries, in order: the fallback list, else the configured candidates, else all. */
  private List<String> discoveryCandidates() {
    if (!fallback.isEmpty()) {
      return fallback.stream().map(BackendConfig::name).toList();
    }
    List<String> c = config.discovery().candidates();
    return c != null ? c : config.backends().stream().map(BackendConfig::name).toList();
  }

  /**
   * A started Junction. {@link #close()} stops accepting, lets requests in flight finish within the
   * builder's {@link Builder#shutdownGrace shutdown grace}, flushes the decision store and releases
   * threads.
   */
  public static final class Running implements AutoCloseable {
    private final Vertx vertx;
    private final Junction junction;
    private final ProxyServer proxy;
    private final @Nullable AdminServer admin;
    private final DecisionCache cache;
    private final AliasRegistry aliases;
    private final AtomicReference<RoutingState> state;
    private final @Nullable ConfigReloader reloader;
    private final @Nullable ConfigWatcher watcher;
    private final HealthChecker health;
    private final Observability observe;
    private volatile boolean closed;

    private Running(Vertx vertx, Junction junction, ProxyServer proxy, @Nullable AdminServer admin, DecisionCache cache,
        AliasRegistry aliases, AtomicReference<RoutingState> state, @Nullable ConfigReloader reloader,
        @Nullable ConfigWatcher watcher, HealthChecker health, Observability observe) {
      this.observe = observe;
      this.state = state;
      this.reloader = reloader;
      this.watcher = watcher;
      this.health = health;
      this.vertx = vertx;
      this.junction = junction;
      this.proxy = proxy;
      this.admin = admin;
      this.cache = cache;
      this.aliases = aliases;
    }

    /** The data-plane port actually bound (useful with port 0). */
    public int port() {
      return proxy.port();
    }

    /** Whether the data plane's sockets read through an io_uring buffer ring (io_uring on a 6.0+ kernel). */
    public boolean receiveRing() {
      return proxy.receiveRing();
    }

    public URI uri() {
      return URI.create(junction.config.listener().scheme() + "://" + new HostPort(host(), port()));
    }

    /** The admin port actually bound; -1 when the admin listener is off. */
    public int adminPort() {
      return admin == null ? -1 : admin.port();
    }

    /** The admin base URI; {@code null} when the admin listener is off. */
    public @Nullable URI adminUri() {
      if (admin == null) {
        return null;
      }
      String h = junction.config.admin().listen().host();
      return URI.create("http://" + new HostPort(h.equals("0.0.0.0") || h.equals("::") ? "127.0.0.1" : h, admin.port()));
    }

    private String host() {
      String h = junction.config.listen().host();
      return h.equals("0.0.0.0") || h.equals("::") ? "127.0.0.1" : h;
    }

    /** The configuration serving now: the latest one a reload applied, else the one started with. */
    public JunctionConfig config() {
      return state.get().config();
    }

    /**
     * Re-reads the config file Junction was started from and swaps the routing when the whole file is
     * valid; a bad file changes nothing (see {@link ReloadOutcome}). Blocking (up to a minute): call it
     * from your own thread, never from an event loop. Reloads run one at a time.
     *
     * @throws IllegalStateException when Junction was not started from a file ({@link Builder#config(Path)})
     */
    public ReloadOutcome reload() {
      return reload("api");
    }

    /** As {@link #reload()}, naming what triggered it (e.g. {@code SIGHUP}) in the outcome and the log. */
    public ReloadOutcome reload(String trigger) {
      ConfigReloader r = reloader;
      if (r == null) {
        throw new IllegalStateException("reload: no config file (expected: Junction.builder().config(Path))");
      }
      try {
        return r.reload(trigger).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("reload: did not finish: " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("reload: interrupted", e);
      }
    }

    /**
     * Starts a reload and returns at once (for signal handlers and other threads that must not wait);
     * the outcome is logged and shown by {@link #lastReload()}.
     *
     * @throws IllegalStateException when Junction was not started from a file
     */
    public Future<ReloadOutcome> reloadAsync(String trigger) {
      ConfigReloader r = reloader;
      if (r == null) {
        throw new IllegalStateException("reload: no config file (expected: Junction.builder().config(Path))");
      }
      return r.reload(trigger);
    }

    /** The latest reload's outcome; {@code null} before the first or without a config file. */
    public @Nullable ReloadOutcome lastReload() {
      ConfigReloader r = reloader;
      return r == null ? null : r.last();
    }

    public DecisionCache cache() {
      return cache;
    }

    public AliasRegistry aliases() {
      return aliases;
    }

    @Override
    public synchronized void close() {
      if (closed) {
        return;
      }
      closed = true;
      java.time.Duration grace = junction.shutdownGrace;
      LOG.info("Junction stopping: no new connections; requests in flight have up to {} to finish", grace);
      if (watcher != null) {
        watcher.close();
      }
      try {
        health.close()
            .eventually(() -> proxy.shutdown(grace))
            .eventually(() -> admin == null ? Future.succeededFuture() : admin.close())
            .eventually(() -> cache.close())
            .eventually(() -> vertx.close())
            .toCompletionStage().toCompletableFuture().get(grace.toMillis() + 30_000, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        LOG.warn("Junction did not close cleanly: {}", e.toString());
      }
      observe.close(); // the last requests' spans: exported once the data plane is done with them
      LOG.info("Junction stopped");
    }
  }

  /** Builds a {@link Junction}. Every setting is optional; see each method for its default. */
  public static final class Builder {
    private @Nullable JunctionConfig config;
    private final List<URI> fallback = new ArrayList<>();
    private @Nullable HostPort listen;
    private @Nullable HostPort adminListen;
    private @Nullable Boolean adminEnabled;
    private int eventLoops = defaultEventLoops(Runtime.getRuntime().availableProcessors());
    private NetTransport transport = NetTransport.AUTO;
    private boolean decisionHeader;
    private java.time.Duration shutdownGrace = java.time.Duration.ofSeconds(30);
    private @Nullable Path configFile;
    private boolean watchConfig;

    private Builder() {}

    /**
     * How long {@link Running#close()} (and so SIGTERM under {@code junction serve}) lets requests
     * in flight finish after it stopped accepting; past it they are cut. Default 30 s; zero cuts at once.
     */
    public Builder shutdownGrace(java.time.Duration grace) {
      requireNonNull(grace, "grace");
      if (grace.isNegative()) {
        throw new IllegalArgumentException("shutdownGrace: " + grace + " (expected: >= 0)");
      }
      this.shutdownGrace = grace;
      return this;
    }

    /**
     * Loads the config file (either format). Default: no rules, no backends but the fallback ones.
     * A Junction started from a file can reload it ({@link Running#reload()}, admin
     * {@code POST /config/reload}, and {@link #watchConfig} when on).
     */
    public Builder config(Path file) {
      this.config = ConfigLoader.load(requireNonNull(file, "file"));
      this.configFile = file;
      return this;
    }

    /** A config built in code: it cannot be reloaded. */
    public Builder config(JunctionConfig config) {
      this.config = requireNonNull(config, "config");
      this.configFile = null;
      return this;
    }

    /**
     * Whether to watch the {@link #config(Path) config file} and reload it when it changes
     * (changes are debounced: a reload starts once the file has been quiet for 500 ms). Default
     * off; {@code junction serve --config} turns it on unless {@code --no-watch}. Ignored without
     * a config file.
     */
    public Builder watchConfig(boolean on) {
      this.watchConfig = on;
      return this;
    }

    /**
     * Backends tried in this order by discovery, replacing the config's candidate list; as the seed's
     * {@code Server(endpoints, conf)}. A URL that is also a configured backend is that backend.
     */
    public Builder fallbackBackends(List<URI> backends) {
      this.fallback.clear();
      this.fallback.addAll(backends);
      return this;
    }

    /** The data-plane address (default: the config's, else {@code 127.0.0.1:8000}); port 0 picks a free port. */
    public Builder listen(String host, int port) {
      this.listen = new HostPort(host, port);
      return this;
    }

    public Builder adminListen(String host, int port) {
      this.adminListen = new HostPort(host, port);
      return this;
    }

    /** Whether the admin listener starts (default: the config's, true). */
    public Builder admin(boolean enabled) {
      this.adminEnabled = enabled;
      return this;
    }

    /**
     * The event loops when none are asked for: one per CPU, but one on a machine of one or two CPUs.
     * There the second CPU does the rest of the process's work (the collector, the JIT compiler, the
     * access log, TLS handshakes) and the kernel's network work; with two loops, every pause of one
     * for lack of a CPU held its connections' requests. Measured on 2 CPUs against HAProxy at its
     * default two threads doing the same work (bench/run.sh defaults): the same throughput with one
     * loop or two, and p99 1.0 to 1.2x HAProxy's with one against 1.5 to 1.8x with two
     * (bench/results/2026-12-07-defaults-event-loops.md).
     */
    static int defaultEventLoops(int cpus) {
      return cpus <= 2 ? 1 : cpus;
    }

    /** Event loops, and data-plane listener instances (default: {@link #defaultEventLoops}). */
    public Builder eventLoops(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("eventLoops: " + n + " (expected: >= 1)");
      }
      this.eventLoops = n;
      return this;
    }

    /**
     * The socket transport (default {@link NetTransport#AUTO}: epoll, else NIO; io_uring only when
     * asked for, see docs/running.md).
     */
    public Builder transport(NetTransport t) {
      this.transport = requireNonNull(t, "transport");
      return this;
    }

    /** Adds {@code X-Junction-Decision} (rule, cache or discovery, and the backend name) to responses. Default off. */
    public Builder decisionHeader(boolean on) {
      this.decisionHeader = on;
      return this;
    }

    public Junction build() {
      return new Junction(this);
    }
  }
}
