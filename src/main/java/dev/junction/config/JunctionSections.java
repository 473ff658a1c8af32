package dev.junction.config;

import com.fasterxml.jackson.core.JsonPointer;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The {@code cache}, {@code proxy}, {@code discovery}, {@code openapi}, {@code models} and {@code access_log} sections of Junction's format. A value
 * left out, or unusable (after its problem is recorded), keeps the record's default. One instance
 * per load.
 */
final class JunctionSections {
  private static final List<String> CACHE_KEYS = ConfigKeys.CACHE.names();
  private static final List<String> STORES = ConfigKeys.CACHE.choices("store");
  private static final List<String> PROXY_KEYS = ConfigKeys.PROXY.names();
  private static final List<String> EJECTION_KEYS = ConfigKeys.EJECTION.names();
  private static final List<String> RETRY_BUDGET_KEYS = ConfigKeys.RETRY_BUDGET.names();
  private static final List<String> HEALTH_KEYS = ConfigKeys.HEALTH.names();
  private static final List<String> DISCOVERY_KEYS = ConfigKeys.DISCOVERY.names();
  private static final List<String> OPENAPI_KEYS = ConfigKeys.OPENAPI.names();
  private static final List<String> MODELS_KEYS = ConfigKeys.MODELS.names();
  private static final List<String> ACCESS_LOG_KEYS = ConfigKeys.ACCESS_LOG.names();
  private static final List<String> TRACING_KEYS = ConfigKeys.TRACING.names();
  private static final List<String> ACCESS_LOG_FORMATS = ConfigKeys.ACCESS_LOG.choices("format");
  private static final String POINTER = "a JSON pointer such as /model";

  private final Scalars scalars;
  private final Quantities quantities;
  private final LoadProblems problems;
  private final @Nullable Path source;

  /** @param source the configuration file; relative paths resolve against its directory */
  JunctionSections(Scalars scalars, @Nullable Path source) {
    this.scalars = scalars;
    this.quantities = new Quantities(scalars);
    this.problems = scalars.problems();
    this.source = source;
  }

  CacheConfig cache(Section top) {
    CacheConfig d = CacheConfig.defaults();
    Node node = top.value("cache");
    if (node == null) {
      return d;
    }
    Section s = Section.of(node, top.path("cache"), CACHE_KEYS, "a mapping of cache settings", problems);
    CacheConfig.Store store = or(read(s, "store", n -> store(n, s.path("store"))), d.store());
    Path path = or(read(s, "path", n -> path(n, s.path("path"))), d.sqlitePath());
    URI redis = read(s, "redis", n -> redis(n, s.path("redis")));
    Duration ttl = or(read(s, "ttl", n -> quantities.duration(n, s.path("ttl"))), d.defaultTtl());
    Long maxEntries = or(read(s, "max_entries", n -> scalars.integer(n, s.path("max_entries"), 1, Long.MAX_VALUE)), d.maxEntries());
    Map<String, List<JsonPointer>> keyFields = or(read(s, "key_fields", n -> keyFields(n, s.path("key_fields"))), d.keyFields());
    try {
      return new CacheConfig(store, path, redis, ttl, maxEntries, keyFields);
    } catch (IllegalArgumentException e) {
      s.reject(e, problems);
      return d;
    }
  }

  ProxyConfig proxy(Section top) {
    ProxyConfig d = ProxyConfig.defaults();
    Node node = top.value("proxy");
    if (node == null) {
      return d;
    }
    Section s = Section.of(node, top.path("proxy"), PROXY_KEYS, "a mapping of proxy settings", problems);
    Duration connect = or(read(s, "connect_timeout", n -> quantities.duration(n, s.path("connect_timeout"))), d.connectTimeout());
    Duration response = or(read(s, "response_timeout", n -> quantities.duration(n, s.path("response_timeout"))),
        d.responseTimeout());
    Duration idle = or(read(s, "idle_timeout", n -> quantities.duration(n, s.path("idle_timeout"))), d.idleTimeout());
    Integer buffered = or(read(s, "max_buffered_body", n -> quantities.size(n, s.path("max_buffered_body"))), d.maxBufferedBody());
    Long connections = or(read(s, "max_connections_per_backend",
        n -> scalars.integer(n, s.path("max_connections_per_backend"), 1, Integer.MAX_VALUE)), (long) d.maxConnectionsPerBackend());
    Long waiting = or(read(s, "max_waiting_per_backend",
        n -> scalars.integer(n, s.path("max_waiting_per_backend"), 0, Integer.MAX_VALUE)), (long) d.maxWaitingPerBackend());
    Integer header = or(read(s, "max_header_size", n -> quantities.size(n, s.path("max_header_size"))), d.maxHeaderSize());
    EjectionConfig ejection = or(read(s, "ejection", n -> ejection(n, s.path("ejection"))), d.ejection());
    Duration head = or(read(s, "request_head_timeout", n -> quantities.duration(n, s.path("request_head_timeout"))),
        d.client().requestHead());
    Duration body = or(read(s, "request_body_timeout", n -> quantities.duration(n, s.path("request_body_timeout"))),
        d.client().requestBody());
    Duration clientIdle = or(read(s, "client_idle_timeout", n -> quantities.duration(n, s.path("client_idle_timeout"))),
        d.client().clientIdle());
    Duration maxRetryAfter = or(read(s, "max_retry_after", n -> quantities.duration(n, s.path("max_retry_after"))),
        d.maxRetryAfter());
    RetryBudgetConfig budget = or(read(s, "retry_budget", n -> retryBudget(n, s.path("retry_budget"))), d.retryBudget());
    try {
      return new ProxyConfig(connect, response, idle, buffered, connections.intValue(), header, ejection,
          new ClientTimeouts(head, body, clientIdle), maxRetryAfter, budget, waiting.intValue());
    } catch (IllegalArgumentException e) {
      s.reject(e, problems);
      return d;
    }
  }

  private @Nullable EjectionConfig ejection(Node node, String path) {
    EjectionConfig d = EjectionConfig.defaults();
    Section s = Section.of(node, path, EJECTION_KEYS, "a mapping with failures and cooldown", problems);
    Long failures = or(read(s, "failures", n -> scalars.integer(n, s.path("failures"), 0, 1_000_000)), (long) d.failures());
    Duration cooldown = or(read(s, "cooldown", n -> quantities.duration(n, s.path("cooldown"))), d.cooldown());
    try {
      return new EjectionConfig(failures.intValue(), cooldown);
    } catch (IllegalArgumentException e) {
      s.reject(e, problems);
      return null;
    }
  }

  private @Nullable RetryBudgetConfig retryBudget(Node node, String path) {
    RetryBudgetConfig d = RetryBudgetConfig.defaults();
    Section s = Section.of(node, path, RETRY_BUDGET_KEYS, "a mapping with percent and min_concurrency", problems);
    Long percent = or(read(s, "percent", n -> scalars.integer(n, s.path("percent"), 0, 100)), (long) d.percent());
    Long min = or(read(s, "min_concurrency", n -> scalars.integer(n, s.path("min_concurrency"), 0, 1_000_000)),
        (long) d.minConcurrency());
    try {
      return new RetryBudgetConfig(percent.intValue(), min.intValue());
    } catch (IllegalArgumentException e) {
      s.reject(e, problems);
      return null;
    }
  }

  /** A backend's {@code health} mapping; {@code null} (problems recorded) when unusable. */
  @Nullable HealthCheckConfig health(Node node, String path) {
    Section s = Section.of(node, path, HEALTH_KEYS, "a mapping with path, interval, timeout and healthy_statuses", problems);
    int before = problems.size();
    String checkPath = read(s, "path", n -> scalars.string(n, s.path("path"), "a path on the backend such as /healthz"));
    if (node instanceof MappingNode && s.value("path") == null) {
      problems.add(node, s.path("path"), "missing (expected: a path on the backend such as /healthz)");
    }
    Duration interval = or(read(s, "interval", n -> quantities.duration(n, s.path("interval"))),
        HealthCheckConfig.DEFAULT_INTERVAL);
    Duration timeout = or(read(s, "timeout", n -> quantities.duration(n, s.path("timeout"))), HealthCheckConfig.DEFAULT_TIMEOUT);
    StatusSet statuses = or(read(s, "healthy_statuses", n -> quantities.statuses(n, s.path("healthy_statuses"), false)),
        StatusSet.SUCCESS_2XX);
    if (checkPath == null || problems.size() > before) {
      return null;
    }
    try {
      return new HealthCheckConfig(checkPath, interval, timeout, statuses);
    } catch (IllegalArgumentException e) {
      s.reject(e, problems);
      return null;
    }
  }

  /** @param backendNames every backend name written, for checking {@code candidates} */
  DiscoveryConfig discovery(Section top, List<String> backendNames) {
    DiscoveryConfig d = DiscoveryConfig.defaults();
    Node node = top.value("discovery");
    if (node == null) {
      return d;
    }
    Section s = Section.of(node, top.path("discovery"), DISCOVERY_KEYS, "a mapping of discovery settings", problems);
    List<String> candidates = read(s, "candidates", n -> scalars.strings(n, s.path("candidates"), "a backend name",
        name -> backendNames.contains(name) ? null
            : "unknown backend '" + name + "' " + Suggestions.expectedOneOf(name, backendNames)));
    StatusSet success = or(read(s, "success", n -> quantities.statuses(n, s.path("success"), false)), d.success());
    StatusSet moveOn = or(read(s, "non_idempotent_move_on", n -> quantities.statuses(n, s.path("non_idempotent_move_on"), true)),
        d.nonIdempotentMoveOn());
    Duration deadline = or(read(s, "deadline", n -> quantities.duration(n, s.path("deadline"))), d.deadline());
    try {
      return new DiscoveryConfig(candidates, success, moveOn, deadline);
    } catch (IllegalArgumentException e) {
      s.reject(e, problems);
      return d;
    }
  }

  OpenApiConfig openapi(Section top) {
    OpenApiConfig d = OpenApiConfig.defaults();
    Node node = top.value("openapi");
    if (node == null) {
      return d;
    }
    Section s = Section.of(node, top.path("openapi"), OPENAPI_KEYS, "a mapping of merged OpenAPI document settings", problems);
    Boolean enabled = or(read(s, "enabled", n -> scalars.bool(n, s.path("enabled"))), d.enabled());
    String path = or(read(s, "path", n -> localPath(n, s.path("path"))), d.path());
    String docs = or(read(s, "docs_path", n -> localPath(n, s.path("docs_path"))), d.docsPath());
    Duration timeout = or(read(s, "fetch_timeout", n -> quantities.duration(n, s.path("fetch_timeout"))), d.fetchTimeout());
    Integer max = or(read(s, "max_document_size", n -> quantities.size(n, s.path("max_document_size"))), d.maxDocumentSize());
    try {
      return new OpenApiConfig(enabled, path, docs, timeout, max);
    } catch (IllegalArgumentException e) {
      s.reject(e, problems);
      return d;
    }
  }

  /** @param backendNames every backend name written, for checking {@code backends} */
  @Nullable ModelsConfig models(Section top, List<String> backendNames) {
    Node node = top.value("models");
    if (node == null) {
      return null;
    }
    Section s = Section.of(node, top.path("models"), MODELS_KEYS, "a mapping with path and backends", problems);
    int before = problems.size();
    String path = or(read(s, "path", n -> localPath(n, s.path("path"))), ModelsConfig.DEFAULT_PATH);
    List<String> backends = read(s, "backends", n -> scalars.strings(n, s.path("backends"), "a backend name",
        name -> backendNames.contains(name) ? null
            : "unknown backend '" + name + "' " + Suggestions.expectedOneOf(name, backendNames)));
    if (backends == null) {
      problems.add(node, s.path("backends"), "missing (expected: the backends whose model lists are merged)");
      return null;
    }
    Boolean route = read(s, "route", n -> scalars.bool(n, s.path("route")));
    Duration refresh = read(s, "refresh", n -> quantities.duration(n, s.path("refresh")));
    JsonPointer field = read(s, "field", n -> pointer(n, s.path("field")));
    BalanceStrategy balance = read(s, "balance", n -> {
      String text = scalars.string(n, s.path("balance"), "one of " + String.join(", ", BalanceStrategy.wireNames()));
      BalanceStrategy b = text == null ? null : BalanceStrategy.parse(text);
      if (text != null && b == null) {
        problems.add(n, s.path("balance"), Section.shown(text) + " " + Suggestions.expectedOneOf(text,
            BalanceStrategy.wireNames()));
      }
      return b;
    });
    if (problems.size() > before) {
      return null;
    }
    try {
      return new ModelsConfig(path, backends, or(route, true), or(refresh, ModelsConfig.DEFAULT_REFRESH),
          or(field, ModelsConfig.DEFAULT_FIELD), or(balance, BalanceStrategy.FIRST));
    } catch (IllegalArgumentException e) {
      s.reject(e, problems);
      return null;
    }
  }

  private @Nullable JsonPointer pointer(Node node, String path) {
    String text = scalars.string(node, path, "a JSON pointer such as /model");
    JsonPointer p = text == null ? null : PathSyntax.pointer(text);
    if (text != null && (p == null || p.matches())) {
      problems.add(node, path, Section.shown(text) + " (expected: a JSON pointer such as /model)");
      return null;
    }
    return p;
  }

  private @Nullable String localPath(Node node, String path) {
    String text = scalars.string(node, path, "a path such as /openapi.json");
    if (text == null) {
      return null;
    }
    String problem = PathSyntax.checkPath(text);
    if (problem == null && text.contains("{")) {
      problem = Section.shown(text) + " (expected: a fixed path, not a template)";
    }
    if (problem != null) {
      problems.add(node, path, problem);
      return null;
    }
    return text;
  }

  private CacheConfig.@Nullable Store store(Node node, String path) {
    String text = scalars.string(node, path, "one of " + String.join(", ", STORES));
    if (text == null) {
      return null;
    }
    if (!STORES.contains(text)) {
      problems.add(node, path, Section.shown(text) + " " + Suggestions.expectedOneOf(text, STORES));
      return null;
    }
    return CacheConfig.Store.valueOf(text.toUpperCase(Locale.ROOT));
  }

  /** A file path; relative paths resolve against the config file's directory. {@code null} (problem recorded) when unusable. */
  @Nullable Path path(Node node, String path) {
    String text = scalars.string(node, path, "a file path");
    if (text == null) {
      return null;
    }
    if (text.isBlank()) {
      problems.add(node, path, "empty (expected: a file path)");
      return null;
    }
    try {
      Path p = Path.of(text);
      Path dir = source == null ? null : source.getParent();
      return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    } catch (InvalidPathException e) {
      problems.add(node, path, Section.shown(text) + " (expected: a file path)");
      return null;
    }
  }

  private @Nullable URI redis(Node node, String path) {
    String text = scalars.string(node, path, Urls.EXPECTED_REDIS);
    URI uri = text == null ? null : Urls.redis(text);
    if (text != null && uri == null) {
      problems.add(node, path, Section.shown(text) + " (expected: " + Urls.EXPECTED_REDIS + ")");
    }
    return uri;
  }

  private Map<String, List<JsonPointer>> keyFields(Node node, String path) {
    Section s = Section.of(node, path, null, "a mapping of path: [JSON pointer, ...]", problems);
    Map<String, List<JsonPointer>> out = new LinkedHashMap<>();
    for (Section.Entry e : s.entries()) {
      String problem = PathSyntax.checkTemplate(e.key());
      if (problem != null) {
        problems.add(e.keyNode(), e.path(), problem);
      }
      List<JsonPointer> pointers = new ArrayList<>();
      if (!e.isNull()) {
        scalars.strings(e.value(), e.path(), POINTER, text -> {
          JsonPointer pointer = PathSyntax.pointer(text);
          if (pointer == null) {
            return Section.shown(text) + " (expected: " + POINTER + ")";
          }
          pointers.add(pointer);
          return null;
        });
      }
      out.put(e.key(), pointers);
    }
    return out;
  }

  AccessLogConfig accessLog(Section top) {
    AccessLogConfig d = AccessLogConfig.defaults();
    Node node = top.value("access_log");
    if (node == null) {
      return d;
    }
    Section s = Section.of(node, top.path("access_log"), ACCESS_LOG_KEYS, "a mapping with enabled and format", problems);
    Boolean enabled = or(read(s, "enabled", n -> scalars.bool(n, s.path("enabled"))), d.enabled());
    AccessLogConfig.Format format = or(read(s, "format", n -> {
      String text = scalars.string(n, s.path("format"), "one of " + String.join(", ", ACCESS_LOG_FORMATS));
      if (text != null && !ACCESS_LOG_FORMATS.contains(text)) {
        problems.add(n, s.path("format"), Section.shown(text) + " " + Suggestions.expectedOneOf(text, ACCESS_LOG_FORMATS));
        return null;
      }
      return text == null ? null : AccessLogConfig.Format.valueOf(text.toUpperCase(Locale.ROOT));
    }), d.format());
    return new AccessLogConfig(enabled, format);
  }

  TracingConfig tracing(Section top) {
    Node node = top.value("tracing");
    if (node == null) {
      return TracingConfig.defaults();
    }
    Section s = Section.of(node, top.path("tracing"), TRACING_KEYS, "a mapping with enabled, endpoint, sampling and "
        + "service_name", problems);
    Boolean enabled = read(s, "enabled", n -> scalars.bool(n, s.path("enabled")));
    String endpoint = read(s, "endpoint", n -> {
      String text = scalars.string(n, s.path("endpoint"), "an http(s) URL");
      if (text != null && Urls.backend(text) == null) {
        problems.add(n, s.path("endpoint"), Section.shown(text) + " (expected: an http(s) URL such as "
            + "http://otel-collector:4318/v1/traces)");
        return null;
      }
      return text;
    });
    Double sampling = read(s, "sampling", n -> scalars.fraction(n, s.path("sampling")));
    String serviceName = read(s, "service_name", n -> {
      String text = scalars.string(n, s.path("service_name"), "a name");
      if (text != null && text.isBlank()) {
        problems.add(n, s.path("service_name"), "an empty name (expected: a name such as junction)");
        return null;
      }
      return text;
    });
    return new TracingConfig(enabled, endpoint, sampling, serviceName);
  }

  /** The value of {@code key} read by {@code reader}, or {@code null} when absent or unusable. */
  private static <T> @Nullable T read(Section s, String key, Function<Node, @Nullable T> reader) {
    Node node = s.value(key);
    return node == null ? null : reader.apply(node);
  }

  private static <T> T or(@Nullable T value, T fallback) {
    return value != null ? value : fallback;
  }
}
