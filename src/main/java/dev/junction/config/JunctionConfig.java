package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The whole configuration, as loaded from either file format or built in code. Immutable.
 *
 * @param source the file it was loaded from, {@code null} when built in code
 * @param listen the data-plane listener (default {@code 127.0.0.1:8000})
 * @param backends every backend, in file order; names are unique
 * @param rules explicit rules, in config order
 * @param aliases primary path to its aliases, in config order; a key or value ending in
 *     {@code /*} is a prefix alias
 * @param openapi the data plane's merged OpenAPI document and its docs page
 * @param models the data plane's merged model list; {@code null} when not configured
 * @param accessLog the access log (default: on, plain)
 * @param listener how the data-plane listener speaks: TLS, HTTP/2 (default cleartext, HTTP/2 offered)
 * @param modelAliases public model names and what they stand for
 * @param tracing OpenTelemetry tracing (default: off unless the environment asks for it)
 */
public record JunctionConfig(
    @Nullable Path source,
    HostPort listen,
    List<BackendConfig> backends,
    List<RuleConfig> rules,
    Map<String, List<String>> aliases,
    CacheConfig cache,
    ProxyConfig proxy,
    DiscoveryConfig discovery,
    AdminConfig admin,
    OpenApiConfig openapi,
    @Nullable ModelsConfig models,
    AccessLogConfig accessLog,
    ListenerConfig listener,
    List<ModelAlias> modelAliases,
    TracingConfig tracing) {

  public static final HostPort DEFAULT_LISTEN = new HostPort("127.0.0.1", 8000);

  public JunctionConfig {
    requireNonNull(listen, "listen");
    backends = List.copyOf(backends);
    rules = List.copyOf(rules);
    Map<String, List<String>> a = new LinkedHashMap<>();
    aliases.forEach((k, v) -> a.put(k, List.copyOf(v)));
    aliases = java.util.Collections.unmodifiableMap(a);
    requireNonNull(cache, "cache");
    requireNonNull(proxy, "proxy");
    requireNonNull(discovery, "discovery");
    requireNonNull(admin, "admin");
    requireNonNull(openapi, "openapi");
    requireNonNull(accessLog, "accessLog");
    requireNonNull(listener, "listener");
    modelAliases = List.copyOf(modelAliases);
    requireNonNull(tracing, "tracing");
  }

  /** Without tracing settings ({@link TracingConfig#defaults()}). */
  public JunctionConfig(@Nullable Path source, HostPort listen, List<BackendConfig> backends, List<RuleConfig> rules,
      Map<String, List<String>> aliases, CacheConfig cache, ProxyConfig proxy, DiscoveryConfig discovery, AdminConfig admin,
      OpenApiConfig openapi, @Nullable ModelsConfig models, AccessLogConfig accessLog, ListenerConfig listener,
      List<ModelAlias> modelAliases) {
    this(source, listen, backends, rules, aliases, cache, proxy, discovery, admin, openapi, models, accessLog, listener,
        modelAliases, TracingConfig.defaults());
  }

  /** Without model aliases. */
  public JunctionConfig(@Nullable Path source, HostPort listen, List<BackendConfig> backends, List<RuleConfig> rules,
      Map<String, List<String>> aliases, CacheConfig cache, ProxyConfig proxy, DiscoveryConfig discovery, AdminConfig admin,
      OpenApiConfig openapi, @Nullable ModelsConfig models, AccessLogConfig accessLog, ListenerConfig listener) {
    this(source, listen, backends, rules, aliases, cache, proxy, discovery, admin, openapi, models, accessLog, listener,
        List.of());
  }

  /** With the default access log and listener settings. */
  public JunctionConfig(@Nullable Path source, HostPort listen, List<BackendConfig> backends, List<RuleConfig> rules,
      Map<String, List<String>> aliases, CacheConfig cache, ProxyConfig proxy, DiscoveryConfig discovery, AdminConfig admin,
      OpenApiConfig openapi, @Nullable ModelsConfig models) {
    this(source, listen, backends, rules, aliases, cache, proxy, discovery, admin, openapi, models, AccessLogConfig.defaults(),
        ListenerConfig.defaults());
  }

  /** With the default listener settings ({@link ListenerConfig#defaults()}). */
  public JunctionConfig(@Nullable Path source, HostPort listen, List<BackendConfig> backends, List<RuleConfig> rules,
      Map<String, List<String>> aliases, CacheConfig cache, ProxyConfig proxy, DiscoveryConfig discovery, AdminConfig admin,
      OpenApiConfig openapi, @Nullable ModelsConfig models, AccessLogConfig accessLog) {
    this(source, listen, backends, rules, aliases, cache, proxy, discovery, admin, openapi, models, accessLog,
        ListenerConfig.defaults());
  }

  /** With the default access log. */
  public JunctionConfig(@Nullable Path source, HostPort listen, List<BackendConfig> backends, List<RuleConfig> rules,
      Map<String, List<String>> aliases, CacheConfig cache, ProxyConfig proxy, DiscoveryConfig discovery, AdminConfig admin,
      OpenApiConfig openapi, @Nullable ModelsConfig models, ListenerConfig listener) {
    this(source, listen, backends, rules, aliases, cache, proxy, discovery, admin, openapi, models, AccessLogConfig.defaults(),
        listener);
  }

  /** Without the merged-document and model-list settings: {@link OpenApiConfig#defaults()}, no model list. */
  public JunctionConfig(@Nullable Path source, HostPort listen, List<BackendConfig> backends, List<RuleConfig> rules,
      Map<String, List<String>> aliases, CacheConfig cache, ProxyConfig proxy, DiscoveryConfig discovery, AdminConfig admin) {
    this(source, listen, backends, rules, aliases, cache, proxy, discovery, admin, OpenApiConfig.defaults(), null);
  }

  public Optional<BackendConfig> backend(String name) {
    for (BackendConfig b : backends) {
      if (b.name().equals(name)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }

  /**
   * Whether the data plane serves the merged OpenAPI document and its docs page: {@code openapi} is
   * enabled and at least one backend declares a document. Otherwise those paths are forwarded as
   * any other.
   */
  public boolean servesMergedOpenapi() {
    return openapi.enabled() && backends.stream().anyMatch(b -> b.openapi() != null);
  }

  /** An empty configuration with every default, to be adjusted with the {@code with*} methods. */
  public static JunctionConfig defaults() {
    return new JunctionConfig(null, DEFAULT_LISTEN, List.of(), List.of(), Map.of(),
        CacheConfig.defaults(), ProxyConfig.defaults(), DiscoveryConfig.defaults(), AdminConfig.defaults(),
        OpenApiConfig.defaults(), null);
  }

  public JunctionConfig withListen(HostPort l) {
    return new JunctionConfig(source, l, backends, rules, aliases, cache, proxy, discovery, admin, openapi, models, accessLog, listener, modelAliases, tracing);
  }

  public JunctionConfig withBackends(List<BackendConfig> b) {
    return new JunctionConfig(source, listen, b, rules, aliases, cache, proxy, discovery, admin, openapi, models, accessLog, listener, modelAliases, tracing);
  }

  public JunctionConfig withRules(List<RuleConfig> r) {
    return new JunctionConfig(source, listen, backends, r, aliases, cache, proxy, discovery, admin, openapi, models, accessLog, listener, modelAliases, tracing);
  }

  public JunctionConfig withAliases(Map<String, List<String>> a) {
    return new JunctionConfig(source, listen, backends, rules, a, cache, proxy, discovery, admin, openapi, models, accessLog, listener, modelAliases, tracing);
  }

  public JunctionConfig withCache(CacheConfig c) {
    return new JunctionConfig(source, listen, backends, rules, aliases, c, proxy, discovery, admin, openapi, models, accessLog, listener, modelAliases, tracing);
  }

  public JunctionConfig withProxy(ProxyConfig p) {
    return new JunctionConfig(source, listen, backends, rules, aliases, cache, p, discovery, admin, openapi, models, accessLog, listener, modelAliases, tracing);
  }

  public JunctionConfig withDiscovery(DiscoveryConfig d) {
    return new JunctionConfig(source, listen, backends, rules, aliases, cache, proxy, d, admin, openapi, models, accessLog, listener, modelAliases, tracing);
  }

  public JunctionConfig withAdmin(AdminConfig a) {
    return new JunctionConfig(source, listen, backends, rules, aliases, cache, proxy, discovery, a, openapi, models, accessLog, listener, modelAliases, tracing);
  }

  public JunctionConfig withOpenapi(OpenApiConfig o) {
    return new JunctionConfig(source, listen, backends, rules, aliases, cache, proxy, discovery, admin, o, models, accessLog, listener, modelAliases, tracing);
  }

  public JunctionConfig withModels(@Nullable ModelsConfig m) {
    return new JunctionConfig(source, listen, backends, rules, aliases, cache, proxy, discovery, admin, openapi, m, accessLog, listener, modelAliases, tracing);
  }

  public JunctionConfig withAccessLog(AccessLogConfig a) {
    return new JunctionConfig(source, listen, backends, rules, aliases, cache, proxy, discovery, admin, openapi, models, a, listener, modelAliases, tracing);
  }

  public JunctionConfig withModelAliases(List<ModelAlias> m) {
    return new JunctionConfig(source, listen, backends, rules, aliases, cache, proxy, discovery, admin, openapi, models, accessLog,
        listener, m, tracing);
  }

  public JunctionConfig withListener(ListenerConfig l) {
    return new JunctionConfig(source, listen, backends, rules, aliases, cache, proxy, discovery, admin, openapi, models, accessLog, l, modelAliases, tracing);
  }

  public JunctionConfig withTracing(TracingConfig t) {
    return new JunctionConfig(source, listen, backends, rules, aliases, cache, proxy, discovery, admin, openapi, models, accessLog,
        listener, modelAliases, t);
  }
}
