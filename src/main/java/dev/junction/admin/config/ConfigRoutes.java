package dev.junction.admin.config;

import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.TypeRef;

/** Declares the config API. */
public final class ConfigRoutes {
  public static final String TAG = "config";

  private ConfigRoutes() {}

  public static void register(ApiRegistry registry, ConfigService service) {
    registry.tag(TAG, "The configuration in effect, secrets redacted.");
    registry.add(ApiOperation.get("/config")
        .operationId("getConfig")
        .summary("Show the effective configuration")
        .description("Defaults filled in; the admin token is never shown (only whether one is set) and passwords in "
            + "URIs read ***.")
        .tag(TAG)
        .response(200, "The configuration.", TypeRef.of(EffectiveConfig.class))
        .handler(req -> service.effectiveConfig())
        .build());
  }
}
