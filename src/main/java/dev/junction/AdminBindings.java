package dev.junction;

import dev.junction.admin.ApiException;
import dev.junction.admin.aliases.AliasInfo;
import dev.junction.admin.aliases.AliasKind;
import dev.junction.admin.aliases.AliasSource;
import dev.junction.admin.aliases.AliasesService;
import dev.junction.admin.aliases.ModelAliasInfo;
import dev.junction.admin.aliases.ModelAliasesService;
import dev.junction.admin.aliases.NewAlias;
import dev.junction.admin.aliases.NewModelAlias;
import dev.junction.admin.backends.BackendCatalogInfo;
import dev.junction.admin.backends.BackendCooling;
import dev.junction.admin.backends.BackendHealth;
import dev.junction.admin.backends.BackendInfo;
import dev.junction.admin.backends.BackendState;
import dev.junction.admin.backends.HealthCheckResult;
import dev.junction.admin.cache.CacheCounters;
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
import dev.junction.admin.health.HealthService;
import dev.junction.admin.health.HealthStatus;
import dev.junction.admin.openapi.FetchStatus;
import dev.junction.admin.openapi.OpenApiService;
import dev.junction.admin.openapi.OpenApiSource;
import dev.junction.admin.requests.RecentAttempt;
import dev.junction.admin.requests.RecentRequest;
import dev.junction.admin.requests.RecentRequests;
import dev.junction.admin.routes.RouteInfo;
import dev.junction.admin.server.AdminApis;
import dev.junction.alias.AliasConflictException;
import dev.junction.alias.AliasRegistry;
import dev.junction.alias.AliasTable;
import dev.junction.alias.RuntimeAliases;
import dev.junction.alias.UnknownAliasException;
import dev.junction.cache.CachedDecision;
import dev.junction.cache.DecisionCache;
import dev.junction.cache.DecisionStore;
import dev.junction.config.BackendConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ModelAlias;
import dev.junction.config.RuleConfig;
import dev.junction.health.BackendStates;
import dev.junction.models.ModelAliasRegistry;
import dev.junction.models.ModelCatalogs;
import dev.junction.openapi.sources.OpenApiSources;
import dev.junction.openapi.sources.SourceState;
import dev.junction.proxy.AttemptResult;
import dev.junction.proxy.CompletedExchange;
import dev.junction.routing.CacheKey;
import dev.junction.routing.RequestPipeline;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The admin API's service contracts, implemented on the running Junction: its config, router, decision
 * cache, alias registry and backend states. Every method answers from memory; the only I/O is
 * the cache and alias stores' own non-blocking calls.
 */
final class AdminBindings {

  private final Supplier<JunctionConfig> config;
  private final Supplier<@Nullable ConfigReloader> reloader;
  private final @Nullable String tokenFromEnv;
  private final DecisionCache cache;
  private final AliasRegistry aliases;
  private final RuntimeAliases runtimeAliases;
  private final BackendStates states;
  private final Explainer explainer;
  private final Supplier<Map<String, ModelCatalogs.BackendCatalog>> catalogs;
  private final ModelAliasRegistry modelAliases;
  private final long startedNanos = System.nanoTime();
  private final Supplier<Set<String>> adminPaths;
  private final @Nullable OpenApiSources openapi;
  private final dev.junction.observe.RecentRequests recent;

  /**
   * @param config the configuration serving now (a reload replaces it)
   * @param openapi the merged document's sources; {@code null} when the data plane serves none
   * @param reloader the config file's reloader; supplies {@code null} when Junction was not started from a file
   */
  AdminBindings(Supplier<JunctionConfig> config, @Nullable String tokenFromEnv, Supplier<@Nullable RequestPipeline> pipeline, DecisionCache cache,
      RuntimeAliases runtimeAliases, AliasRegistry aliases, BackendStates states, Supplier<Set<String>> adminPaths, @Nullable OpenApiSources openapi,
      Supplier<@Nullable ConfigReloader> reloader, dev.junction.observe.RecentRequests recent,
      Supplier<Map<String, ModelCatalogs.BackendCatalog>> catalogs, ModelAliasRegistry modelAliases) {
    this.catalogs = catalogs;
    this.modelAliases = modelAliases;
    this.openapi = openapi;
    this.recent = recent;
    this.config = config;
    this.reloader = reloader;
    this.tokenFromEnv = tokenFromEnv;
    this.cache = cache;
    this.aliases = aliases;
    this.runtimeAliases = runtimeAliases;
    this.states = states;
    this.adminPaths = adminPaths;
    this.explainer = new Explainer(pipeline, cache, states.loads(), config);
  }

  AdminApis.Services services() {
    return new AdminApis.Services(health(), configService(), routes(), this::backends, cache(), aliasesService(), this::endpoints, openApi(),
        this::recentRequests, modelAliasesService());
  }

  private ConfigService configService() {
    return new ConfigService() {
      @Override
      public Future<EffectiveConfig> effectiveConfig() {
        return Future.succeededFuture(EffectiveConfig.from(config.get(), tokenFromEnv));
      }

      @Override
      public Future<ReloadResult> reload() {
        ConfigReloader r = reloader.get();
        return r == null ? notFromFile() : r.reload("admin").map(o -> result(r, o));
      }

      @Override
      public Future<ReloadResult> lastReload() {
        ConfigReloader r = reloader.get();
        return r == null ? notFromFile() : Future.succeededFuture(result(r, r.last()));
      }
    };
  }

  private static Future<ReloadResult> notFromFile() {
    return Future.failedFuture(ApiException.conflict("Junction was not started from a config file: nothing to reload "
        + "(expected: junction serve --config FILE, or Junction.builder().config(Path))"));
  }

  private static ReloadResult result(ConfigReloader r, @Nullable ReloadOutcome o) {
    String file = r.file().toString();
    if (o == null) {
      return new ReloadResult(ReloadStatus.NONE, file, null, null, List.of(), List.of());
    }
    ReloadStatus status = o.status() == ReloadOutcome.Status.APPLIED ? ReloadStatus.APPLIED
        : o.status() == ReloadOutcome.Status.UNCHANGED ? ReloadStatus.UNCHANGED : ReloadStatus.REFUSED;
    return new ReloadResult(status, file, o.trigger(), o.at(), o.problems(), o.restartRequired());
  }

  private OpenApiService openApi() {
    return new OpenApiService() {
      @Override
      public Future<List<OpenApiSource>> sources() {
        return Future.succeededFuture(openapi == null ? List.of() : openapi.sources().stream().map(AdminBindings::source).toList());
      }

      @Override
      public Future<List<OpenApiSource>> refresh() {
        return openapi == null ? Future.succeededFuture(List.of())
            : openapi.refresh().map(states -> states.stream().map(AdminBindings::source).toList());
      }
    };
  }

  private static OpenApiSource source(SourceState s) {
    FetchStatus status = s.status() == SourceState.Status.OK ? FetchStatus.OK
        : s.status() == SourceState.Status.FAILED ? FetchStatus.FAILED : FetchStatus.PENDING;
    return new OpenApiSource(s.backend(), s.url(), status, s.inUse(), s.fetchedAt(), s.error(), s.title(), s.version());
  }

  HealthService health() {
    return () -> Future.succeededFuture(report());
  }

  /** Up while Junction routes; degraded when the persistent store is down (memory keeps serving). */
  HealthReport report() {
    DecisionStore.StoreHealth store = cache.health();
    List<HealthCheck> checks = List.of(
        new HealthCheck("listener", HealthStatus.UP, config.get().listen().toString()),
        new HealthCheck("decision-store:" + store.kind(), store.up() ? HealthStatus.UP : HealthStatus.DEGRADED, store.detail()));
    return HealthReport.of(Version.get(), (System.nanoTime() - startedNanos) / 1_000_000_000L, checks);
  }

  private dev.junction.admin.routes.RoutesService routes() {
    return new dev.junction.admin.routes.RoutesService() {
      @Override
      public Future<List<RouteInfo>> routes() {
        List<RouteInfo> out = new ArrayList<>();
        for (RuleConfig r : config.get().rules()) {
          out.add(RouteInfo.from(r));
        }
        return Future.succeededFuture(out);
      }

      @Override
      public Future<dev.junction.admin.routes.Explanation> explain(dev.junction.admin.routes.ExplainRequest request) {
        try {
          return Future.succeededFuture(explainer.explain(request));
        } catch (ApiException e) {
          return Future.failedFuture(e);
        }
      }
    };
  }

  private Future<List<BackendInfo>> backends() {
    List<BackendInfo> out = new ArrayList<>();
    Map<String, ModelCatalogs.BackendCatalog> lists = catalogs.get();
    for (BackendConfig b : config.get().backends()) {
      BackendStates.State s = states.get(b.name());
      BackendState state = states.ejected(b.name()) ? BackendState.EJECTED
          : s.reached() == null ? BackendState.UNKNOWN : s.reached() ? BackendState.UP : BackendState.DOWN;
      BackendStates.Check c = b.health() == null ? null : states.lastCheck(b.name());
      HealthCheckResult check = c == null ? null
          : new HealthCheckResult(b.pathPrefix() + b.health().path(), c.at(), c.passed(), c.detail());
      BackendStates.Cooling cooling = states.cooling(b.name());
      out.add(BackendInfo.from(b, new BackendHealth(state, s.lastFailure(), s.consecutiveFailures(), check,
          cooling == null ? null : new BackendCooling(cooling.status(), cooling.until())),
          states.inFlight().get(b.name()), catalog(lists.get(b.name()))));
    }
    return Future.succeededFuture(out);
  }

  private ModelAliasesService modelAliasesService() {
    return new ModelAliasesService() {
      @Override
      public Future<List<ModelAliasInfo>> list() {
        List<ModelAliasInfo> out = new ArrayList<>();
        modelAliases.all().forEach(a -> out.add(info(a)));
        return Future.succeededFuture(out);
      }

      @Override
      public Future<ModelAliasInfo> add(NewModelAlias a) {
        try {
          return modelAliases.add(a.name(), a.model(), a.backend()).map(this::info);
        } catch (ModelAliasRegistry.Refused e) {
          return Future.failedFuture(refused(e));
        }
      }

      @Override
      public Future<Void> remove(String name) {
        try {
          return modelAliases.remove(name);
        } catch (ModelAliasRegistry.Refused e) {
          return Future.failedFuture(refused(e));
        }
      }

      private ModelAliasInfo info(ModelAlias a) {
        return new ModelAliasInfo(a.name(), a.model(), a.backend(),
            modelAliases.configured(a.name()) ? AliasSource.CONFIG : AliasSource.RUNTIME);
      }

      private ApiException refused(ModelAliasRegistry.Refused e) {
        return e.status == 404 ? ApiException.notFound(e.getMessage())
            : e.status == 400 ? ApiException.badRequest(e.getMessage()) : ApiException.conflict(e.getMessage());
      }
    };
  }

  private static @Nullable BackendCatalogInfo catalog(ModelCatalogs.@Nullable BackendCatalog c) {
    return c == null ? null : new BackendCatalogInfo(c.models(), c.fetchedAt(), c.stale(), c.error());
  }

  private CacheService cache() {
    return new CacheService() {
      @Override
      public Future<CacheListing> list(int limit, @Nullable String path) {
        List<CacheEntry> entries = new ArrayList<>();
        boolean truncated = false;
        for (CachedDecision d : cache.snapshot()) {
          if (path != null && !d.key().path().equals(path)) {
            continue;
          }
          if (entries.size() == limit) {
            truncated = true;
            break;
          }
          entries.add(CacheEntry.from(d));
        }
        return Future.succeededFuture(new CacheListing(entries, truncated, CacheStoreStatus.from(cache.health()),
            CacheCounters.from(cache.stats())));
      }

      @Override
      public Future<Optional<CacheEntry>> get(CacheKey key) {
        return Future.succeededFuture(cache.peek(key).map(CacheEntry::from));
      }

      @Override
      public Future<Boolean> remove(CacheKey key) {
        return cache.evict(key);
      }

      @Override
      public Future<Long> clear() {
        return cache.clear();
      }
    };
  }

  private AliasesService aliasesService() {
    return new AliasesService() {
      @Override
      public Future<List<AliasInfo>> list() {
        List<AliasInfo> out = new ArrayList<>();
        for (AliasTable.Entry e : aliases.current().entries()) {
          out.add(info(e));
        }
        return Future.succeededFuture(out);
      }

      @Override
      public Future<AliasInfo> add(NewAlias alias) {
        try {
          // Live at once; saved so that a restart and the other instances sharing the store get it.
          return runtimeAliases.add(alias.alias(), alias.primary()).map(table -> info(table.entry(alias.alias()).orElseThrow()));
        } catch (AliasConflictException e) {
          String detail = String.join("; ", e.messages());
          return Future.failedFuture(e.malformed() ? ApiException.badRequest(detail) : ApiException.conflict(detail));
        }
      }

      @Override
      public Future<Void> remove(String alias) {
        try {
          return runtimeAliases.remove(alias);
        } catch (UnknownAliasException e) {
          return Future.failedFuture(ApiException.notFound("no alias '" + alias + "'"));
        } catch (AliasConflictException e) {
          return Future.failedFuture(ApiException.conflict(String.join("; ", e.messages())));
        }
      }
    };
  }

  private static AliasInfo info(AliasTable.Entry e) {
    return new AliasInfo(e.alias(), e.primary(),
        e.kind() == AliasTable.Kind.PREFIX ? AliasKind.PREFIX : AliasKind.EXACT,
        e.source() == AliasTable.Source.RUNTIME ? AliasSource.RUNTIME : AliasSource.CONFIG);
  }

  private Future<RecentRequests> recentRequests(int limit) {
    List<RecentRequest> out = new ArrayList<>();
    for (CompletedExchange e : recent.latest(limit)) {
      List<RecentAttempt> attempts = new ArrayList<>(e.attempts().size());
      for (AttemptResult a : e.attempts()) {
        attempts.add(new RecentAttempt(a.backend().name(), a.outcome().slug(), a.status() > 0 ? a.status() : null,
            a.error()));
      }
      out.add(new RecentRequest(e.startedAt(), e.method(), e.path(), e.alias(), e.source().slug(), e.rule(), e.backend(),
          e.status(), e.totalNanos() / 1_000_000, e.requestId(), attempts, e.traceId()));
    }
    return Future.succeededFuture(new RecentRequests(out));
  }

  /** Every primary path (admin paths, rule paths, alias primaries) with its exact aliases. */
  private Future<List<EndpointInfo>> endpoints() {
    Map<String, List<String>> byPrimary = aliases.current().byPrimary();
    Set<String> admin = adminPaths.get();
    Map<String, EndpointKind> kinds = new TreeMap<>();
    admin.forEach(p -> kinds.put(p, EndpointKind.ADMIN));
    for (RuleConfig r : config.get().rules()) {
      kinds.putIfAbsent(r.path(), EndpointKind.PROXIED);
    }
    byPrimary.keySet().forEach(p -> kinds.putIfAbsent(p, EndpointKind.PROXIED));
    List<EndpointInfo> out = new ArrayList<>();
    kinds.forEach((path, kind) -> out.add(new EndpointInfo(path, List.copyOf(new TreeSet<>(byPrimary.getOrDefault(path, List.of()))), kind)));
    return Future.succeededFuture(out);
  }
}
