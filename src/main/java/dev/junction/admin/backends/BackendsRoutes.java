package dev.junction.admin.backends;

import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.TypeRef;

/** Declares the backends API. */
public final class BackendsRoutes {
  public static final String TAG = "backends";

  private BackendsRoutes() {}

  public static void register(ApiRegistry registry, BackendsService service) {
    registry.tag(TAG, "The configured backends and their health.");
    registry.add(ApiOperation.get("/backends")
        .operationId("listBackends")
        .summary("List the backends with their health")
        .tag(TAG)
        .response(200, "Every configured backend, in configuration order.", TypeRef.listOf(BackendInfo.class))
        .handler(req -> service.backends())
        .build());
  }
}
