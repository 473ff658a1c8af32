package dev.junction.admin.endpoints;

import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.TypeRef;

/** Declares the endpoints API. */
public final class EndpointsRoutes {
  public static final String TAG = "endpoints";

  private EndpointsRoutes() {}

  public static void register(ApiRegistry registry, EndpointsService service) {
    registry.tag(TAG, "Every path Junction answers, with its aliases.");
    registry.add(ApiOperation.get("/endpoints")
        .operationId("listEndpoints")
        .summary("List every primary path with its aliases")
        .tag(TAG)
        .response(200, "The paths, sorted.", TypeRef.listOf(EndpointInfo.class))
        .handler(req -> service.endpoints())
        .build());
  }
}
