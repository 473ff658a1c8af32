package dev.junction.admin.aliases;

import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiParameter;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.TypeRef;

/**
 * Declares the aliases API. An alias is addressed by the {@code alias} query parameter rather than
 * a path segment because alias paths contain slashes.
 */
public final class AliasesRoutes {
  public static final String TAG = "aliases";

  private AliasesRoutes() {}

  public static void register(ApiRegistry registry, AliasesService service) {
    registry.tag(TAG, "Path aliases: other paths Junction answers as if the primary path was asked. Alias paths "
        + "are served but never listed in this document.");
    registry.add(ApiOperation.get("/aliases")
        .operationId("listAliases")
        .summary("List every alias")
        .tag(TAG)
        .response(200, "Every alias, configured and runtime, sorted by alias path.", TypeRef.listOf(AliasInfo.class))
        .handler(req -> service.list())
        .build());
    registry.add(ApiOperation.post("/aliases")
        .operationId("addAlias")
        .summary("Add a runtime alias")
        .description("Takes effect at once and persists in the decision store. 409 when the alias is taken, is a "
            + "primary path or would create a cycle.")
        .tag(TAG)
        .requestBody(NewAlias.class)
        .response(201, "Added.", TypeRef.of(AliasInfo.class))
        .handler(req -> service.add(req.body(NewAlias.class)))
        .build());
    registry.add(ApiOperation.delete("/aliases")
        .operationId("removeAlias")
        .summary("Remove a runtime alias")
        .description("404 when there is no such alias; 409 when it is declared in the configuration file (edit the "
            + "file instead).")
        .tag(TAG)
        .parameter(ApiParameter.query("alias", ApiParameter.ParamType.STRING, "The alias path to remove, e.g. /v1/models.")
            .asRequired())
        .response(204, "Removed.", TypeRef.none())
        .handler(req -> service.remove(req.query("alias")))
        .build());
  }
}
