package dev.junction.admin.config;

import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.ApiResult;
import dev.junction.admin.TypeRef;

/** Declares the config API. */
public final class ConfigRoutes {
  public static final String TAG = "config";

  private ConfigRoutes() {}

  public static void register(ApiRegistry registry, ConfigService service) {
    registry.tag(TAG, "The configuration in effect, secrets redacted; reloading the config file.");
    registry.add(ApiOperation.get("/config")
        .operationId("getConfig")
        .summary("Show the effective configuration")
        .description("Defaults filled in; the admin token is never shown (only whether one is set) and passwords in "
            + "URIs read ***.")
        .tag(TAG)
        .response(200, "The configuration.", TypeRef.of(EffectiveConfig.class))
        .handler(req -> service.effectiveConfig())
        .build());
    registry.add(ApiOperation.post("/config/reload")
        .operationId("reloadConfig")
        .summary("Reload the config file")
        .description("Re-reads the file Junction was started from. When all of it is valid, the new rules, "
            + "discovery candidates, cache key fields, backends and config aliases serve every request routed from "
            + "then on (requests in flight finish on the old ones); settings read only at start are listed in "
            + "restartRequired. A bad file changes nothing and answers 422 with the problems, each with its file, "
            + "line and key. 409 when Junction was not started from a file.")
        .tag(TAG)
        .response(200, "Applied, or unchanged.", TypeRef.of(ReloadResult.class))
        .response(422, "Refused: the previous configuration keeps serving.", TypeRef.of(ReloadResult.class))
        .handler(req -> service.reload().map(r -> ApiResult.of(r.status() == ReloadStatus.REFUSED ? 422 : 200, r)))
        .build());
    registry.add(ApiOperation.get("/config/reload")
        .operationId("getConfigReload")
        .summary("Show the latest reload's outcome")
        .description("Whatever triggered it (admin, SIGHUP, file watch). Status none before the first reload; 409 "
            + "when Junction was not started from a file.")
        .tag(TAG)
        .response(200, "The latest outcome.", TypeRef.of(ReloadResult.class))
        .handler(req -> service.lastReload())
        .build());
  }
}
