package dev.junction.admin.health;

import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.ApiResult;
import dev.junction.admin.TypeRef;

/** Declares the health API. */
public final class HealthRoutes {
  public static final String TAG = "health";

  private HealthRoutes() {}

  public static void register(ApiRegistry registry, HealthService service) {
    registry.tag(TAG, "Whether Junction is up, degraded or down; for load balancers and operators.");
    registry.add(ApiOperation.get("/health")
        .operationId("getHealth")
        .summary("Report Junction's health")
        .description("Answers 200 while Junction serves (status up or degraded) and 503 when it is down, "
            + "with the same body either way. The data plane answers this path too.")
        .tag(TAG)
        .response(200, "Junction is up or degraded.", TypeRef.of(HealthReport.class))
        .response(503, "Junction is down.", TypeRef.of(HealthReport.class))
        .handler(req -> service.health().map(r -> ApiResult.of(r.httpStatus(), r)))
        .build());
  }
}
