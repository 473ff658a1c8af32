package dev.junction.admin.cache;

import dev.junction.admin.ApiException;
import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiParameter;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.ApiRequest;
import dev.junction.admin.TypeRef;
import dev.junction.routing.CacheKey;

/** Declares the cache API. */
public final class CacheRoutes {
  public static final String TAG = "cache";
  public static final long DEFAULT_LIMIT = 1000;
  public static final long MAX_LIMIT = 100_000;

  private static final ApiParameter KEY = ApiParameter.path("key",
      "The entry's key, METHOD path fingerprint, URL-encoded (spaces as %20, slashes as %2F).");

  private CacheRoutes() {}

  public static void register(ApiRegistry registry, CacheService service) {
    registry.tag(TAG, "Remembered routing decisions: list, inspect and evict them.");
    registry.add(ApiOperation.get("/cache")
        .operationId("listCache")
        .summary("List remembered decisions")
        .description("Unexpired entries sorted by key, at most `limit`, optionally only those for one path; "
            + "includes the persistent store's state.")
        .tag(TAG)
        .parameter(ApiParameter.query("limit", ApiParameter.ParamType.INTEGER, "The most entries to return.")
            .withDefault(Long.toString(DEFAULT_LIMIT)).withRange(1L, MAX_LIMIT))
        .parameter(ApiParameter.query("path", ApiParameter.ParamType.STRING,
            "Only entries for this canonical path, e.g. /v1/chat/completions."))
        .response(200, "The entries.", TypeRef.of(CacheListing.class))
        .handler(req -> service.list(Math.toIntExact(req.queryLong("limit")), req.query("path")))
        .build());
    registry.add(ApiOperation.get("/cache/{key}")
        .operationId("getCacheEntry")
        .summary("Show one remembered decision")
        .tag(TAG)
        .parameter(KEY)
        .response(200, "The entry.", TypeRef.of(CacheEntry.class))
        .handler(req -> {
          CacheKey key = key(req);
          return service.get(key).map(e -> e.orElseThrow(() -> absent(key)));
        })
        .build());
    registry.add(ApiOperation.delete("/cache/{key}")
        .operationId("deleteCacheEntry")
        .summary("Evict one remembered decision")
        .description("The next matching request is routed afresh.")
        .tag(TAG)
        .parameter(KEY)
        .response(204, "Evicted.", TypeRef.none())
        .handler(req -> {
          CacheKey key = key(req);
          return service.remove(key).map(removed -> {
            if (!removed) {
              throw absent(key);
            }
            return null;
          });
        })
        .build());
    registry.add(ApiOperation.delete("/cache")
        .operationId("clearCache")
        .summary("Evict every remembered decision")
        .tag(TAG)
        .response(200, "Cleared.", TypeRef.of(ClearResult.class))
        .handler(req -> service.clear().map(ClearResult::new))
        .build());
  }

  private static CacheKey key(ApiRequest req) {
    try {
      return CacheKey.parse(req.pathParam("key"));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static ApiException absent(CacheKey key) {
    return ApiException.notFound("cache entry '" + key.asString() + "': not found (expected: a key listed by GET /cache)");
  }
}
