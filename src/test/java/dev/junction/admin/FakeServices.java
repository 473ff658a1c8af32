package dev.junction.admin;

import dev.junction.admin.aliases.AliasInfo;
import dev.junction.admin.aliases.AliasKind;
import dev.junction.admin.aliases.AliasSource;
import dev.junction.admin.aliases.AliasesService;
import dev.junction.admin.aliases.ModelAliasInfo;
import dev.junction.admin.aliases.ModelAliasesService;
import dev.junction.admin.aliases.NewAlias;
import dev.junction.admin.aliases.NewModelAlias;
import dev.junction.admin.backends.BackendHealth;
import dev.junction.admin.backends.BackendInfo;
import dev.junction.admin.backends.BackendState;
import dev.junction.admin.cache.CacheEntry;
import dev.junction.admin.cache.CacheListing;
import dev.junction.admin.cache.CacheService;
import dev.junction.admin.cache.CacheStoreStatus;
import dev.junction.admin.config.ConfigService;
import dev.junction.admin.config.EffectiveConfig;
import dev.junction.admin.config.ReloadResult;
import dev.junction.admin.config.ReloadStatus;
import dev.junction.admin.endpoints.EndpointInfo;
import dev.junction.admin.endpoints.EndpointKind;
import dev.junction.admin.health.HealthCheck;
import dev.junction.admin.health.HealthReport;
import dev.junction.admin.health.HealthStatus;
import dev.junction.admin.openapi.FetchStatus;
import dev.junction.admin.openapi.OpenApiService;
import dev.junction.admin.openapi.OpenApiSource;
import dev.junction.admin.routes.DecisionKind;
import dev.junction.admin.routes.ExplainRequest;
import dev.junction.admin.routes.Explanation;
import dev.junction.admin.routes.RouteInfo;
import dev.junction.admin.server.AdminApis;
import dev.junction.cache.CachedDecision;
import dev.junction.config.JunctionConfig;
import dev.junction.routing.CacheKey;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * Simple in-memory implementations of every admin service, for tests over real HTTP. Not the
 * runtime's logic: just enough state to exercise each operation, including its errors.
 */
public final class FakeServices {
  public static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

  public final JunctionConfig config = SampleConfig.config();
  public volatile HealthReport health = HealthReport.of("0.1.0-test", 42,
      List.of(new HealthCheck("cache-store", HealthStatus.UP, "redis cache.internal:6379")));
  public final Map<String, CachedDecision> cache = new ConcurrentSkipListMap<>();
  public final Map<String, AliasInfo> aliases = new ConcurrentSkipListMap<>();
  public volatile int openApiRefreshes;
  /** What {@code GET /requests/recent} lists, newest first. */
  public final List<dev.junction.admin.requests.RecentRequest> recentRequests = List.of(
      new dev.junction.admin.requests.RecentRequest(T0.plusSeconds(2), "POST", "/v1/chat/completions", "/chat", "rule",
          "chat-gpt4", "gpu-1", 200, 42, "req-2"),
      new dev.junction.admin.requests.RecentRequest(T0.plusSeconds(1), "GET", "/models", null, "discovery", null, null, 502,
          7, "req-1"));
  /** What the next {@code POST /config/reload} answers; {@code null} answers 409 (not started from a file). */
  public volatile @Nullable ReloadResult nextReload = new ReloadResult(ReloadStatus.APPLIED, "/etc/junction.yaml", "admin",
      T0, List.of(), List.of());
  public volatile ReloadResult lastReload = new ReloadResult(ReloadStatus.NONE, "/etc/junction.yaml", null, null, List.of(),
      List.of());

  public FakeServices() {
    put(new CacheKey("GET", "/models", CacheKey.NO_PAYLOAD), "gpu-1");
    put(new CacheKey("POST", "/v1/chat/completions", "ab12"), "gpu-2");
    put(new CacheKey("POST", "/v1/chat/completions", "cd34"), "gpu-1");
    config.aliases().forEach((primary, as) -> as.forEach(a ->
        aliases.put(a, new AliasInfo(a, primary, AliasKind.EXACT, AliasSource.CONFIG))));
  }

  public void put(CacheKey key, String backend) {
    cache.put(key.asString(), new CachedDecision(key, backend, T0, T0.plusSeconds(3600)));
  }

  private final class Config implements ConfigService {
    @Override
    public Future<EffectiveConfig> effectiveConfig() {
      return Future.succeededFuture(EffectiveConfig.from(config));
    }

    @Override
    public Future<ReloadResult> reload() {
      ReloadResult r = nextReload;
      if (r == null) {
        return Future.failedFuture(ApiException.conflict("not started from a config file"));
      }
      lastReload = r;
      return Future.succeededFuture(r);
    }

    @Override
    public Future<ReloadResult> lastReload() {
      return Future.succeededFuture(lastReload);
    }
  }

  public AdminApis.Services services() {
    return new AdminApis.Services(
        () -> Future.succeededFuture(health),
        new Config(),
        new Routes(),
        () -> Future.succeededFuture(List.of(
            BackendInfo.from(config.backends().get(0), new BackendHealth(BackendState.UP, null, 0)),
            BackendInfo.from(config.backends().get(1), new BackendHealth(BackendState.EJECTED, "connection refused", 5)))),
        new Cache(),
        new Aliases(),
        () -> Future.succeededFuture(endpoints()),
        new OpenApi(),
        limit -> Future.succeededFuture(new dev.junction.admin.requests.RecentRequests(recentRequests.stream().limit(limit).toList())),
        new ModelAliases());
  }

  public final Map<String, ModelAliasInfo> modelAliases = new ConcurrentSkipListMap<>(Map.of("gpt-4o",
      new ModelAliasInfo("gpt-4o", "llama-3.1-70b", "gpu-1", AliasSource.CONFIG)));

  private final class ModelAliases implements ModelAliasesService {
    @Override
    public Future<List<ModelAliasInfo>> list() {
      return Future.succeededFuture(List.copyOf(modelAliases.values()));
    }

    @Override
    public Future<ModelAliasInfo> add(NewModelAlias a) {
      if (modelAliases.containsKey(a.name())) {
        return Future.failedFuture(ApiException.conflict("'" + a.name() + "' is already an alias (remove it first)"));
      }
      ModelAliasInfo info = new ModelAliasInfo(a.name(), a.model(), a.backend(), AliasSource.RUNTIME);
      modelAliases.put(a.name(), info);
      return Future.succeededFuture(info);
    }

    @Override
    public Future<Void> remove(String name) {
      ModelAliasInfo existing = modelAliases.get(name);
      if (existing == null) {
        return Future.failedFuture(ApiException.notFound("no model alias '" + name + "'"));
      }
      if (existing.source() == AliasSource.CONFIG) {
        return Future.failedFuture(ApiException.conflict("'" + name + "' is declared in the configuration file"));
      }
      modelAliases.remove(name);
      return Future.succeededFuture();
    }
  }

  private final class OpenApi implements OpenApiService {
    @Override
    public Future<List<OpenApiSource>> sources() {
      return Future.succeededFuture(List.of(
          new OpenApiSource("gpu-1", "http://gpu-1.internal:8080/openapi.json", openApiRefreshes == 0 ? FetchStatus.PENDING
              : FetchStatus.OK, openApiRefreshes > 0, openApiRefreshes == 0 ? null : T0, null,
              openApiRefreshes == 0 ? null : "GPU 1", openApiRefreshes == 0 ? null : "1.0")));
    }

    @Override
    public Future<List<OpenApiSource>> refresh() {
      openApiRefreshes++;
      return sources();
    }
  }

  private List<EndpointInfo> endpoints() {
    Map<String, List<String>> byPrimary = new TreeMap<>();
    config.rules().forEach(r -> byPrimary.put(r.path(), new ArrayList<>()));
    aliases.values().forEach(a -> byPrimary.computeIfAbsent(a.primary(), p -> new ArrayList<>()).add(a.alias()));
    List<EndpointInfo> out = new ArrayList<>();
    byPrimary.forEach((path, as) -> out.add(new EndpointInfo(path, as,
        config.rules().stream().anyMatch(r -> r.path().equals(path)) ? EndpointKind.PROXIED : EndpointKind.ADMIN)));
    return out;
  }

  private final class Routes implements dev.junction.admin.routes.RoutesService {
    @Override
    public Future<List<RouteInfo>> routes() {
      return Future.succeededFuture(config.rules().stream().map(RouteInfo::from).toList());
    }

    @Override
    public Future<Explanation> explain(ExplainRequest request) {
      AliasInfo alias = aliases.get(request.path());
      String primary = alias == null ? request.path() : alias.primary();
      List<String> steps = new ArrayList<>();
      steps.add(alias == null ? "no alias for " + request.path() : "alias " + alias.alias() + " -> " + primary);
      if (request.payload() == null) {
        steps.add("no payload given");
      }
      return Future.succeededFuture(new Explanation(request.path(), alias == null ? null : alias.alias(), primary,
          DecisionKind.DISCOVERY, null, List.of(), request.method() + " " + primary + " -", null,
          List.of("gpu-1", "gpu-2"), null, steps));
    }
  }

  private final class Cache implements CacheService {
    @Override
    public Future<CacheListing> list(int limit, String path) {
      List<CacheEntry> all = cache.values().stream()
          .filter(d -> path == null || d.key().path().equals(path)).map(CacheEntry::from).toList();
      return Future.succeededFuture(new CacheListing(all.subList(0, Math.min(limit, all.size())), all.size() > limit,
          new CacheStoreStatus("memory", true, "in-process")));
    }

    @Override
    public Future<Optional<CacheEntry>> get(CacheKey key) {
      return Future.succeededFuture(Optional.ofNullable(cache.get(key.asString())).map(CacheEntry::from));
    }

    @Override
    public Future<Boolean> remove(CacheKey key) {
      return Future.succeededFuture(cache.remove(key.asString()) != null);
    }

    @Override
    public Future<Long> clear() {
      long n = cache.size();
      cache.clear();
      return Future.succeededFuture(n);
    }
  }

  private final class Aliases implements AliasesService {
    @Override
    public Future<List<AliasInfo>> list() {
      return Future.succeededFuture(List.copyOf(aliases.values()));
    }

    @Override
    public Future<AliasInfo> add(NewAlias a) {
      AliasInfo existing = aliases.get(a.alias());
      if (existing != null) {
        return Future.failedFuture(ApiException.conflict("alias " + a.alias() + ": already stands for "
            + existing.primary() + " (expected: an unused path)"));
      }
      AliasInfo info = new AliasInfo(a.alias(), a.primary(), a.kind(), AliasSource.RUNTIME);
      aliases.put(a.alias(), info);
      return Future.succeededFuture(info);
    }

    @Override
    public Future<Void> remove(String alias) {
      AliasInfo existing = aliases.get(alias);
      if (existing == null) {
        return Future.failedFuture(ApiException.notFound("alias " + alias + ": no such alias"));
      }
      if (existing.source() == AliasSource.CONFIG) {
        return Future.failedFuture(ApiException.conflict("alias " + alias + ": declared in the configuration file "
            + "(expected: a runtime alias; edit the file to remove it)"));
      }
      aliases.remove(alias);
      return Future.succeededFuture();
    }
  }
}
