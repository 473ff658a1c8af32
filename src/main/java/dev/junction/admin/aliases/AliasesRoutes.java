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

  public static final String MODELS_TAG = "model-aliases";

  /** Declares the model aliases API. A model alias is addressed by the {@code name} query parameter, as model names may hold slashes. */
  public static void registerModels(ApiRegistry registry, ModelAliasesService service) {
    registry.tag(MODELS_TAG, "Model aliases: public model names clients keep while backends change. A request body "
        + "naming one is routed as the backend's model and its model value rewritten to it.");
    registry.add(ApiOperation.get("/model-aliases")
        .operationId("listModelAliases")
        .summary("List every model alias")
        .tag(MODELS_TAG)
        .response(200, "Every model alias, the configuration's first, then the runtime ones by name.",
            TypeRef.listOf(ModelAliasInfo.class))
        .handler(req -> service.list())
        .build());
    registry.add(ApiOperation.post("/model-aliases")
        .operationId("addModelAlias")
        .summary("Add a runtime model alias")
        .description("Takes effect at once, persists in the decision store and reaches the other instances sharing it "
            + "(Redis). 409 when the name is taken or declared in the configuration, is a model a backend lists, or "
            + "would chain or cycle; 400 for an unknown backend.")
        .tag(MODELS_TAG)
        .requestBody(NewModelAlias.class)
        .response(201, "Added.", TypeRef.of(ModelAliasInfo.class))
        .handler(req -> service.add(req.body(NewModelAlias.class)))
        .build());
    registry.add(ApiOperation.delete("/model-aliases")
        .operationId("removeModelAlias")
        .summary("Remove a runtime model alias")
        .description("404 when there is no such alias; 409 when it is declared in the configuration file.")
        .tag(MODELS_TAG)
        .parameter(ApiParameter.query("name", ApiParameter.ParamType.STRING, "The public model name, e.g. gpt-4o.")
            .asRequired())
        .response(204, "Removed.", TypeRef.none())
        .handler(req -> service.remove(req.query("name")))
        .build());
  }

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
