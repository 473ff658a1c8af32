package dev.junction.admin.routes;

import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.TypeRef;

/** Declares the routes API. */
public final class RoutesRoutes {
  public static final String TAG = "routes";

  private RoutesRoutes() {}

  public static void register(ApiRegistry registry, RoutesService service) {
    registry.tag(TAG, "The explicit routing rules, and how a given request would be routed.");
    registry.add(ApiOperation.get("/routes")
        .operationId("listRoutes")
        .summary("List the routing rules in order")
        .description("Rules are tried top to bottom; the first that matches decides. Payload conditions are "
            + "shown as text such as `/model equals \"gpt-4o\"`.")
        .tag(TAG)
        .response(200, "The rules, in order.", TypeRef.listOf(RouteInfo.class))
        .handler(req -> service.routes())
        .build());
    registry.add(ApiOperation.post("/routes/explain")
        .operationId("explainRoute")
        .summary("Explain how a request would be routed")
        .description("Runs alias resolution, the rules, the decision cache and discovery planning on paper. "
            + "Nothing is forwarded and nothing changes, so it needs no token on a loopback listener.")
        .tag(TAG)
        .requestBody(ExplainRequest.class)
        .response(200, "The explanation.", TypeRef.of(Explanation.class))
        .mutating(false)
        .handler(req -> service.explain(req.body(ExplainRequest.class)))
        .build());
  }
}
