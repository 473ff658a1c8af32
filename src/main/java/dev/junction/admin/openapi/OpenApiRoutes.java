package dev.junction.admin.openapi;

import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.TypeRef;

/** Declares the openapi API. */
public final class OpenApiRoutes {
  public static final String TAG = "openapi";

  private OpenApiRoutes() {}

  public static void register(ApiRegistry registry, OpenApiService service) {
    registry.tag(TAG, "The backends' OpenAPI documents behind the data plane's merged document.");
    registry.add(ApiOperation.get("/openapi/sources")
        .operationId("listOpenApiSources")
        .summary("List the backends' OpenAPI documents and how their last fetch went")
        .tag(TAG)
        .response(200, "Each backend that declares a document, in configuration order.",
            TypeRef.listOf(OpenApiSource.class))
        .handler(req -> service.sources())
        .build());
    registry.add(ApiOperation.post("/openapi/refresh")
        .operationId("refreshOpenApi")
        .summary("Fetch the backends' OpenAPI documents again and rebuild the merged document")
        .description("Answers when every fetch has ended (each bounded by openapi.fetch_timeout). A backend whose "
            + "fetch fails is reported with status failed; the refresh itself still succeeds.")
        .tag(TAG)
        .response(200, "Each source's state after the refresh.", TypeRef.listOf(OpenApiSource.class))
        .handler(req -> service.refresh())
        .build());
  }
}
