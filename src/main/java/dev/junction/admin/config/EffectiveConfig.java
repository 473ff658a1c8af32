package dev.junction.admin.config;

import static java.util.Objects.requireNonNull;

import dev.junction.admin.routes.RouteInfo;
import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ProxyConfig;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/** The body of {@code GET /config}. */
@Schema(description = "The configuration Junction runs with, defaults filled in and secrets redacted.")
public record EffectiveConfig(
    @Schema(description = "The file it was loaded from; absent when built in code.", example = "junction.yaml")
    @Nullable String source,
    @Schema(description = "The data-plane listener, host:port.", example = "127.0.0.1:8000")
    String listen,
    @Schema(description = "The admin listener.")
    AdminSettings admin,
    @Schema(description = "Every backend, in configuration order.")
    List<BackendSettings> backends,
    @Schema(description = "The explicit rules, in the order they are tried.")
    List<RouteInfo> routes,
    @Schema(description = "Primary path to its aliases, from the configuration; a path ending in /* is a prefix.")
    Map<String, List<String>> aliases,
    @Schema(description = "The decision cache.")
    CacheSettings cache,
    @Schema(description = "Data-plane limits and timeouts.")
    ProxySettings proxy,
    @Schema(description = "Discovery.")
    DiscoverySettings discovery) {

  public EffectiveConfig {
    requireNonNull(listen, "listen");
    requireNonNull(admin, "admin");
    backends = List.copyOf(backends);
    routes = List.copyOf(routes);
    aliases = Collections.unmodifiableMap(new LinkedHashMap<>(aliases));
    requireNonNull(cache, "cache");
    requireNonNull(proxy, "proxy");
    requireNonNull(discovery, "discovery");
  }

  /** The view of {@code config}, counting only a token set in the configuration itself. */
  public static EffectiveConfig from(JunctionConfig config) {
    return from(config, null);
  }

  /**
   * The view of {@code config} with every secret redacted: the admin token becomes {@code tokenSet},
   * passwords in backend and Redis URIs become {@code ***}.
   *
   * @param tokenFromEnv {@code JUNCTION_ADMIN_TOKEN}, only to report whether a token is set
   */
  public static EffectiveConfig from(JunctionConfig config, @Nullable String tokenFromEnv) {
    requireNonNull(config, "config");
    String tokenSource = set(config.admin().token()) ? "config" : set(tokenFromEnv) ? "environment" : null;
    AdminSettings admin = new AdminSettings(config.admin().enabled(), config.admin().listen().toString(),
        tokenSource != null, tokenSource);
    List<BackendSettings> backends = config.backends().stream().map(EffectiveConfig::backend).toList();
    List<RouteInfo> routes = config.rules().stream().map(RouteInfo::from).toList();
    CacheConfig c = config.cache();
    Map<String, List<String>> keyFields = new TreeMap<>();
    c.keyFields().forEach((path, pointers) -> keyFields.put(path, pointers.stream().map(Object::toString).toList()));
    CacheSettings cache = new CacheSettings(c.store().name().toLowerCase(Locale.ROOT), c.sqlitePath().toString(),
        c.redisUri() == null ? null : Redaction.uri(c.redisUri()), c.defaultTtl().toSeconds(), c.maxEntries(), keyFields);
    ProxyConfig p = config.proxy();
    ProxySettings proxy = new ProxySettings(p.connectTimeout().toMillis(), p.responseTimeout().toMillis(),
        p.idleTimeout().toMillis(), p.maxBufferedBody(), p.maxConnectionsPerBackend(), p.maxHeaderSize());
    DiscoveryConfig d = config.discovery();
    DiscoverySettings discovery = new DiscoverySettings(d.candidates(), RouteInfo.statuses(d.success()),
        RouteInfo.statuses(d.nonIdempotentMoveOn()), d.deadline().toMillis());
    return new EffectiveConfig(config.source() == null ? null : config.source().toString(), config.listen().toString(),
        admin, backends, routes, config.aliases(), cache, proxy, discovery);
  }

  private static BackendSettings backend(BackendConfig b) {
    return new BackendSettings(b.name(), Redaction.uri(b.url()),
        b.cacheTimeout() == null ? null : b.cacheTimeout().toSeconds());
  }

  private static boolean set(@Nullable String s) {
    return s != null && !s.isBlank();
  }
}
