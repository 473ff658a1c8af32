package dev.junction.admin.requests;

import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiParameter;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.TypeRef;

/** Declares the requests API. */
public final class RequestsRoutes {
  public static final String TAG = "requests";
  public static final long DEFAULT_LIMIT = 50;
  /** Junction keeps this many. */
  public static final long MAX_LIMIT = 200;

  private RequestsRoutes() {}

  public static void register(ApiRegistry registry, RequestsService service) {
    registry.tag(TAG, "The latest data-plane requests and how each was routed.");
    registry.add(ApiOperation.get("/requests/recent")
        .operationId("listRecentRequests")
        .summary("List the latest requests")
        .description("The latest data-plane requests, newest first: method, path, alias, decision source, rule, "
            + "backend, status, duration and request id. Junction keeps the last 200.")
        .tag(TAG)
        .parameter(ApiParameter.query("limit", ApiParameter.ParamType.INTEGER, "The most requests to return.")
            .withDefault(Long.toString(DEFAULT_LIMIT)).withRange(1L, MAX_LIMIT))
        .response(200, "The requests, newest first.", TypeRef.of(RecentRequests.class))
        .handler(req -> service.recent(Math.toIntExact(req.queryLong("limit"))))
        .build());
  }
}
