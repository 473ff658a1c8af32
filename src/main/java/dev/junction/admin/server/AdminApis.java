package dev.junction.admin.server;

import static java.util.Objects.requireNonNull;

import dev.junction.admin.ApiException;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.aliases.AliasesRoutes;
import dev.junction.admin.aliases.AliasesService;
import dev.junction.admin.aliases.ModelAliasesService;
import dev.junction.admin.backends.BackendsRoutes;
import dev.junction.admin.backends.BackendsService;
import dev.junction.admin.cache.CacheRoutes;
import dev.junction.admin.cache.CacheService;
import dev.junction.admin.config.ConfigRoutes;
import dev.junction.admin.config.ConfigService;
import dev.junction.admin.endpoints.EndpointsRoutes;
import dev.junction.admin.endpoints.EndpointsService;
import dev.junction.admin.health.HealthRoutes;
import dev.junction.admin.health.HealthService;
import dev.junction.admin.openapi.OpenApiRoutes;
import dev.junction.admin.openapi.OpenApiService;
import dev.junction.admin.requests.RequestsRoutes;
import dev.junction.admin.requests.RequestsService;
import dev.junction.admin.routes.RoutesRoutes;
import dev.junction.admin.routes.RoutesService;
import io.vertx.core.Future;
import java.lang.reflect.Proxy;

/**
 * The one place every admin API is registered. Adding an API: its service to {@link Services}, one
 * line to {@link #registerAll} (see docs/DEVELOPING.md, "Adding an admin API").
 */
public final class AdminApis {
  /** The version of the admin API contract, {@code info.version} in the OpenAPI document. */
  public static final String API_VERSION = "1.0.0";

  private AdminApis() {}

  /** The implementations the APIs delegate to; the runtime binds them to Junction's state. */
  public record Services(
      HealthService health,
      ConfigService config,
      RoutesService routes,
      BackendsService backends,
      CacheService cache,
      AliasesService aliases,
      EndpointsService endpoints,
      OpenApiService openapi,
      RequestsService requests,
      ModelAliasesService modelAliases) {

    public Services {
      requireNonNull(health, "health");
      requireNonNull(config, "config");
      requireNonNull(routes, "routes");
      requireNonNull(backends, "backends");
      requireNonNull(cache, "cache");
      requireNonNull(aliases, "aliases");
      requireNonNull(endpoints, "endpoints");
      requireNonNull(openapi, "openapi");
      requireNonNull(requests, "requests");
      requireNonNull(modelAliases, "modelAliases");
    }
  }

  /** Registers every admin API into {@code registry}; returns it. */
  public static ApiRegistry registerAll(ApiRegistry registry, Services s) {
    HealthRoutes.register(registry, s.health());
    ConfigRoutes.register(registry, s.config());
    RoutesRoutes.register(registry, s.routes());
    BackendsRoutes.register(registry, s.backends());
    CacheRoutes.register(registry, s.cache());
    AliasesRoutes.register(registry, s.aliases());
    AliasesRoutes.registerModels(registry, s.modelAliases());
    EndpointsRoutes.register(registry, s.endpoints());
    OpenApiRoutes.register(registry, s.openapi());
    RequestsRoutes.register(registry, s.requests());
    return registry;
  }

  /**
   * A registry with every API declared but no state behind it: for generating the document (e.g. a
   * CLI command) without a running Junction. Its handlers answer 503.
   */
  public static ApiRegistry describeOnly() {
    return registerAll(new ApiRegistry(), new Services(unbound(HealthService.class), unbound(ConfigService.class),
        unbound(RoutesService.class), unbound(BackendsService.class), unbound(CacheService.class),
        unbound(AliasesService.class), unbound(EndpointsService.class), unbound(OpenApiService.class),
        unbound(RequestsService.class), unbound(ModelAliasesService.class)));
  }

  private static <T> T unbound(Class<T> service) {
    Object p = Proxy.newProxyInstance(service.getClassLoader(), new Class<?>[] {service}, (proxy, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return method.getName().equals("toString") ? "unbound " + service.getSimpleName()
            : method.getName().equals("hashCode") ? System.identityHashCode(proxy) : proxy == args[0];
      }
      return Future.failedFuture(ApiException.unavailable(service.getSimpleName() + " is not bound to a running "
          + "Junction (expected: a registry built with AdminApis.registerAll and real services)"));
    });
    return service.cast(p);
  }
}
