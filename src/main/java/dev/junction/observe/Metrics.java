package dev.junction.observe;

import static java.util.Objects.requireNonNull;

import dev.junction.cache.CacheStats;
import dev.junction.config.BackendConfig;
import dev.junction.health.BackendStates;
import dev.junction.proxy.AttemptResult;
import dev.junction.proxy.CompletedExchange;
import dev.junction.proxy.ExchangeObserver;
import dev.junction.proxy.PoolUsage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Junction's Prometheus metrics, on a registry of its own (one per running Junction). Every label
 * has a bounded set of values: {@code route} is a rule id or {@code discovery}, {@code cache},
 * {@code local}, {@code none}; {@code backend} a configured backend name or {@code none};
 * {@code method} a standard method or {@code OTHER}; {@code status_class} {@code 1xx}..{@code 5xx} or
 * {@code none} (no response sent); {@code direction} {@code in} or {@code out}. Paths are never labels.
 *
 * <ul>
 *   <li>{@code junction_requests_total{route,backend,method,status_class}}
 *   <li>{@code junction_response_head_seconds{route}}, {@code junction_request_duration_seconds{route}}:
 *       histograms of the time to the response head and to the end
 *   <li>{@code junction_response_first_byte_seconds{route,backend}}: histogram of the time to the first
 *       byte of the response body written to the client (an event stream's first event); only answers
 *       with a body
 *   <li>{@code junction_tunnel_bytes_total{backend,direction}}: bytes a WebSocket tunnel carried after
 *       its 101, raw as on the wire, {@code in} from the client and {@code out} to it; added when the
 *       tunnel closes
 *   <li>{@code junction_responses_aborted_total{route,backend,cause}}: answers cut short, by {@link
 *       CompletedExchange.Abort} ({@code backend}: the backend broke its answer, and the client got a
 *       502 or a cut; {@code client}: the client went away; {@code request}: the request broke)
 *   <li>{@code junction_client_timeouts_total{timeout}}: connections or requests a client-side limit
 *       ended ({@link ExchangeObserver.ClientTimeout}: {@code request_head}, {@code request_body},
 *       {@code client_idle}, {@code answer_not_taken}); most have no request in the other counters
 *   <li>{@code junction_requests_in_flight}
 *   <li>{@code junction_discovery_attempts_total{backend,outcome}}: each backend tried by discovery
 *       (or for a remembered decision), by {@link AttemptResult.Outcome}
 *   <li>{@code junction_decision_cache_hits_total{store}}, {@code _misses_total}, {@code _evictions_total},
 *       {@code junction_decision_cache_entries{store}}: read from {@link CacheStats} at scrape time
 *   <li>{@code junction_retries_refused_total}: moves to a next backend refused by the retry budget.
 *   <li>{@code junction_discovery_waiting}: requests waiting for the discovery of their key that
 *       another request runs (one discovery per key at a time).
 *   <li>{@code junction_backend_cooling{backend}} (0 or 1: passed over after a 429 or 503 with
 *       {@code Retry-After}), {@code junction_backend_ejected{backend}} (0 or 1), {@code junction_backend_consecutive_failures{backend}}:
 *       from {@link BackendStates} at scrape time, for the backends configured then
 *   <li>{@code junction_backend_requests_in_flight{backend}}: attempts sent and not yet over (HTTP/1.1:
 *       the pooled connections in use, or waiting for one)
 *   <li>{@code junction_backend_state{backend,state}}: 1 for the backend's state as the admin {@code
 *       backends} API shows it ({@code unknown}, {@code up}, {@code down}, {@code ejected}), 0 for the
 *       other three; passive failures and active health checks both move it
 *   <li>{@code junction_backend_health_check_passed{backend}}: 1 when the last active health check
 *       passed, 0 when it failed; only for backends with a {@code health} check that has completed once
 *   <li>{@code junction_backend_pool_connections{backend,state}} ({@code active}, {@code idle}) and
 *       {@code junction_backend_pool_waiting{backend}}: the data plane's connection pools, summed over its
 *       event loops, counted by the loops themselves when scraped (nothing is added to a request's work)
 * </ul>
 *
 * <p>{@link #completed} runs on the data plane's event loops: a map lookup and a few atomic adds.
 */
public final class Metrics implements ExchangeObserver {
  private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS",
      "TRACE", "PATCH");
  private static final String[] STATUS_CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx"};
  /** The values of the {@code state} label, as the admin {@code backends} API names them. */
  private static final List<String> STATES = List.of("unknown", "up", "down", "ejected");
  private static final Duration[] BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
      Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
      Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
      Duration.ofSeconds(60), Duration.ofSeconds(300)};
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private record RequestKey(String route, String backend, String method, String statusClass) {}

  private record RouteTimers(Timer head, Timer total) {}

  private record AttemptKey(String backend, AttemptResult.Outcome outcome) {}

  private record AbortKey(String route, String backend, CompletedExchange.Abort cause) {}

  private record TunnelCounters(Counter in, Counter out) {}

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<RequestKey, Counter> requests = new ConcurrentHashMap<>();
  private final Map<String, RouteTimers> timers = new ConcurrentHashMap<>();
  /** By route, then backend: two lookups that allocate nothing once both are known. */
  private final Map<String, Map<String, Timer>> firstByte = new ConcurrentHashMap<>();
  private final Map<String, TunnelCounters> tunnelBytes = new ConcurrentHashMap<>();
  private final Map<AttemptKey, Counter> attempts = new ConcurrentHashMap<>();
  private final Map<AbortKey, Counter> aborts = new ConcurrentHashMap<>();
  private final Map<ExchangeObserver.ClientTimeout, Counter> clientTimeouts = new ConcurrentHashMap<>();
  /** Striped: every event loop adds and subtracts here for every request. */
  private final java.util.concurrent.atomic.LongAdder inFlight = new java.util.concurrent.atomic.LongAdder();
  /** Held here: Micrometer keeps only weak references to the objects its function meters read. */
  private final Supplier<CacheStats> cache;
  private final BackendStates states;
  private final Supplier<List<BackendConfig>> backends;
  private final MultiGauge ejected;
  private final MultiGauge cooling;
  private final MultiGauge failures;
  private final MultiGauge backendInFlight;
  private final MultiGauge backendState;
  private final MultiGauge checkPassed;
  private final MultiGauge poolConnections;
  private final MultiGauge poolWaiting;
  /** Requests waiting for a discovery of their key that another request runs; set once the data plane listens. */
  private volatile java.util.function.IntSupplier discoveryWaiting = () -> 0;
  /** The data plane's pools, set once it listens; may throw when a loop does not answer in time. */
  private volatile Supplier<Map<String, PoolUsage>> pools = Map::of;

  /**
   * @param cache the decision cache's counters, read at scrape time
   * @param store the decision store's kind, the {@code store} label ({@code memory}, {@code sqlite}, {@code redis})
   * @param states the backends' health
   * @param backends the backends configured now (a reload may change them), read at scrape time
   */
  public Metrics(Supplier<CacheStats> cache, String store, BackendStates states, Supplier<List<BackendConfig>> backends) {
    this.cache = requireNonNull(cache, "cache");
    requireNonNull(store, "store");
    this.states = requireNonNull(states, "states");
    this.backends = requireNonNull(backends, "backends");
    Gauge.builder("junction.requests.in.flight", inFlight, java.util.concurrent.atomic.LongAdder::sum)
        .description("Data-plane requests being served now").register(registry);
    FunctionCounter.builder("junction.decision.cache.hits", cache, c -> c.get().hits()).tag("store", store)
        .description("Decision cache lookups answered with a decision").register(registry);
    FunctionCounter.builder("junction.decision.cache.misses", cache, c -> c.get().misses()).tag("store", store)
        .description("Decision cache lookups answered with nothing").register(registry);
    FunctionCounter.builder("junction.decision.cache.evictions", cache, c -> c.get().evictions()).tag("store", store)
        .description("Decisions dropped automatically: expired or over max_entries").register(registry);
    Gauge.builder("junction.decision.cache.entries", cache, c -> c.get().entries()).tag("store", store)
        .description("Decisions held in memory (estimate)").register(registry);
    FunctionCounter.builder("junction.retries.refused", states, s -> s.inFlight().retriesRefused())
        .description("Extra attempts (moving a request on to its next backend) refused by proxy.retry_budget")
        .register(registry);
    Gauge.builder("junction.discovery.waiting", this, m -> m.discoveryWaiting.getAsInt())
        .description("Requests waiting for the discovery of their cache key that another request is running")
        .register(registry);
    ejected = MultiGauge.builder("junction.backend.ejected")
        .description("1 while the backend is ejected after repeated failures, else 0").register(registry);
    cooling = MultiGauge.builder("junction.backend.cooling")
        .description("1 while the backend is passed over after a 429 or 503 with Retry-After, else 0").register(registry);
    failures = MultiGauge.builder("junction.backend.consecutive.failures")
        .description("Failures in a row since the backend last answered").register(registry);
    backendInFlight = MultiGauge.builder("junction.backend.requests.in.flight")
        .description("Requests sent to the backend and not yet over; over HTTP/1.1 each holds one pooled connection")
        .register(registry);
    backendState = MultiGauge.builder("junction.backend.state")
        .description("1 for the backend's state (unknown, up, down, ejected) from the requests it served and its "
            + "active health checks, 0 for the others")
        .register(registry);
    checkPassed = MultiGauge.builder("junction.backend.health.check.passed")
        .description("1 when the backend's last active health check passed, 0 when it failed")
        .register(registry);
    poolConnections = MultiGauge.builder("junction.backend.pool.connections")
        .description("Connections to the backend: active (carrying requests, or being opened) or idle; HTTP/2 "
            + "connections count once however many streams they carry")
        .register(registry);
    poolWaiting = MultiGauge.builder("junction.backend.pool.waiting")
        .description("Requests waiting for a connection to the backend because its pool is full")
        .register(registry);
  }

  /**
   * Where the scrape reads pool usage from: the data plane, once it listens. The supplier runs on
   * the scrape's worker thread and may block briefly; when it throws, that scrape has no pool rows.
   */
  public void discoveryWaiting(java.util.function.IntSupplier waiting) {
    this.discoveryWaiting = requireNonNull(waiting, "waiting");
  }

  public void pools(Supplier<Map<String, PoolUsage>> usage) {
    this.pools = requireNonNull(usage, "usage");
  }

  @Override
  public void started() {
    inFlight.increment();
  }

  @Override
  public void clientTimedOut(ExchangeObserver.ClientTimeout which) {
    clientTimeouts.computeIfAbsent(which, this::clientTimeoutCounter).increment();
  }

  @Override
  public void completed(CompletedExchange e) {
    String route = route(e);
    String backend = e.backend() == null ? "none" : e.backend();
    requests.computeIfAbsent(new RequestKey(route, backend, method(e.method()), statusClass(e.status())),
        this::requestCounter).increment();
    RouteTimers t = timers.computeIfAbsent(route, this::routeTimers);
    if (e.answered()) {
      t.head().record(e.headNanos(), TimeUnit.NANOSECONDS);
    }
    if (e.bodyStarted()) {
      firstByteTimer(route, backend).record(e.firstByteNanos(), TimeUnit.NANOSECONDS);
    }
    t.total().record(e.totalNanos(), TimeUnit.NANOSECONDS);
    if (e.tunnel()) {
      TunnelCounters c = tunnelBytes.computeIfAbsent(backend, this::tunnelCounters);
      c.in().increment(e.bytesIn());
      c.out().increment(e.bytesOut());
    }
    if (e.source() == CompletedExchange.Source.DISCOVERY || e.source() == CompletedExchange.Source.CACHE) {
      for (AttemptResult a : e.attempts()) {
        attempts.computeIfAbsent(new AttemptKey(a.backend().name(), a.outcome()), this::attemptCounter).increment();
      }
    }
    if (e.abort() != null) {
      aborts.computeIfAbsent(new AbortKey(route, backend, e.abort()), this::abortCounter).increment();
    }
    // Last, so that a scrape showing nothing in flight also shows every finished request counted.
    inFlight.decrement();
  }

  /** The Prometheus text exposition (format 0.0.4) of every metric now. Thread-safe; CPU only. */
  public String scrape() {
    List<MultiGauge.Row<?>> e = new ArrayList<>();
    List<MultiGauge.Row<?>> co = new ArrayList<>();
    List<MultiGauge.Row<?>> f = new ArrayList<>();
    List<MultiGauge.Row<?>> b = new ArrayList<>();
    List<MultiGauge.Row<?>> st = new ArrayList<>();
    List<MultiGauge.Row<?>> c = new ArrayList<>();
    List<MultiGauge.Row<?>> pc = new ArrayList<>();
    List<MultiGauge.Row<?>> pw = new ArrayList<>();
    Map<String, PoolUsage> usage = poolUsage();
    for (BackendConfig backend : backends.get()) {
      String name = backend.name();
      e.add(MultiGauge.Row.of(Tags.of("backend", name), states, s -> s.ejected(name) ? 1 : 0));
      co.add(MultiGauge.Row.of(Tags.of("backend", name), states, s -> s.coolingNanos(name) > 0 ? 1 : 0));
      f.add(MultiGauge.Row.of(Tags.of("backend", name), states, s -> s.get(name).consecutiveFailures()));
      b.add(MultiGauge.Row.of(Tags.of("backend", name), states, s -> s.inFlight().get(name)));
      for (String state : STATES) {
        st.add(MultiGauge.Row.of(Tags.of("backend", name, "state", state), states,
            s -> state.equals(state(s, name)) ? 1 : 0));
      }
      if (backend.health() != null && states.lastCheck(name) != null) {
        c.add(MultiGauge.Row.of(Tags.of("backend", name), states, s -> {
          BackendStates.Check last = s.lastCheck(name);
          return last == null ? Double.NaN : last.passed() ? 1 : 0;
        }));
      }
      if (usage != null) {
        PoolUsage u = usage.getOrDefault(name, PoolUsage.NONE);
        pc.add(MultiGauge.Row.of(Tags.of("backend", name, "state", "active"), u.active()));
        pc.add(MultiGauge.Row.of(Tags.of("backend", name, "state", "idle"), u.idle()));
        pw.add(MultiGauge.Row.of(Tags.of("backend", name), u.waiting()));
      }
    }
    ejected.register(e, true);
    cooling.register(co, true);
    failures.register(f, true);
    backendInFlight.register(b, true);
    backendState.register(st, true);
    checkPassed.register(c, true);
    poolConnections.register(pc, true);
    poolWaiting.register(pw, true);
    return registry.scrape();
  }

  /** The pools now, or null (no pool rows this time) when the data plane did not answer. */
  private @Nullable Map<String, PoolUsage> poolUsage() {
    try {
      return pools.get();
    } catch (RuntimeException e) {
      LOG.warn("metrics: pool usage left out of this scrape: {}", e.getMessage());
      return null;
    }
  }

  /** The backend's state, named as the admin {@code backends} API names it: ejected wins, then the last exchange or check. */
  static String state(BackendStates states, String backend) {
    if (states.ejected(backend)) {
      return "ejected";
    }
    Boolean reached = states.get(backend).reached();
    return reached == null ? "unknown" : reached ? "up" : "down";
  }

  /**
   * {@code GET /metrics}: the scrape, rendered on a worker thread. Answers GET and HEAD, 405 otherwise.
   * Call on a Vert.x event loop.
   */
  public void serve(HttpServerRequest req) {
    if (req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD) {
      req.response().setStatusCode(405).putHeader(HttpHeaders.ALLOW, "GET, HEAD").end();
      return;
    }
    Context context = Vertx.currentContext();
    requireNonNull(context, "serve: not on a Vert.x thread");
    context.executeBlocking(this::scrape, false).onComplete(ar -> {
      if (ar.failed()) {
        req.response().setStatusCode(500).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
            .end("metrics: " + ar.cause());
        return;
      }
      req.response().putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(ar.result());
    });
  }

  private static String route(CompletedExchange e) {
    return switch (e.source()) {
      case RULE -> e.rule() == null ? "none" : e.rule();
      case CATALOG -> "catalog";
      case DISCOVERY -> "discovery";
      case CACHE -> "cache";
      case LOCAL -> "local";
      case REJECTED, ERROR -> "none";
    };
  }

  static String method(String m) {
    return METHODS.contains(m) ? m : "OTHER";
  }

  static String statusClass(int status) {
    int c = status / 100;
    return c >= 1 && c <= 5 ? STATUS_CLASSES[c] : "none";
  }

  private Counter requestCounter(RequestKey k) {
    return Counter.builder("junction.requests")
        .description("Data-plane requests by route, backend, method and status class")
        .tags("route", k.route(), "backend", k.backend(), "method", k.method(), "status_class", k.statusClass())
        .register(registry);
  }

  private RouteTimers routeTimers(String route) {
    return new RouteTimers(timer("junction.response.head", "Time from the request head to the response head", route),
        timer("junction.request.duration", "Time from the request head to the end of the response", route));
  }

  private Timer timer(String name, String description, String route) {
    return Timer.builder(name).description(description).tag("route", route)
        .serviceLevelObjectives(BUCKETS).register(registry);
  }

  private Timer firstByteTimer(String route, String backend) {
    Map<String, Timer> byBackend = firstByte.get(route);
    if (byBackend == null) {
      byBackend = firstByte.computeIfAbsent(route, r -> new ConcurrentHashMap<>());
    }
    Timer t = byBackend.get(backend);
    if (t == null) {
      t = byBackend.computeIfAbsent(backend, b -> Timer.builder("junction.response.first.byte")
          .description("Time from the request head to the first byte of the response body written to the client")
          .tags("route", route, "backend", b).serviceLevelObjectives(BUCKETS).register(registry));
    }
    return t;
  }

  private TunnelCounters tunnelCounters(String backend) {
    return new TunnelCounters(tunnelCounter(backend, "in"), tunnelCounter(backend, "out"));
  }

  private Counter tunnelCounter(String backend, String direction) {
    return Counter.builder("junction.tunnel.bytes")
        .description("Bytes WebSocket tunnels carried after their 101, raw: in from the client, out to it; "
            + "added when a tunnel closes")
        .baseUnit("bytes").tags("backend", backend, "direction", direction)
        .register(registry);
  }

  private Counter attemptCounter(AttemptKey k) {
    return Counter.builder("junction.discovery.attempts")
        .description("Backends tried by discovery or for a remembered decision, by outcome")
        .tags("backend", k.backend(), "outcome", k.outcome().slug())
        .register(registry);
  }

  private Counter abortCounter(AbortKey k) {
    return Counter.builder("junction.responses.aborted")
        .description("Answers cut short: the backend broke its answer, the client went away, or the request broke")
        .tags("route", k.route(), "backend", k.backend(), "cause", k.cause().slug())
        .register(registry);
  }

  private Counter clientTimeoutCounter(ExchangeObserver.ClientTimeout which) {
    return Counter.builder("junction.client.timeouts")
        .description("Connections or requests ended by a client-side limit (slow, stalled or idle clients)")
        .tags("timeout", which.slug())
        .register(registry);
  }
}
