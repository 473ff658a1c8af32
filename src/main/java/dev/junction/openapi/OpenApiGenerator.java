package dev.junction.openapi;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.junction.admin.ApiOperation;
import dev.junction.admin.ApiParameter;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.Problem;
import dev.junction.admin.ResponseSpec;
import dev.junction.admin.TypeRef;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Generates the OpenAPI 3.1.0 document of an {@link ApiRegistry}. Schemas come from the model
 * records through swagger-core's {@code ModelConverters} in 3.1 mode, so they are the classes the
 * handlers use; a component is required unless it is {@code @Nullable}. Every operation carries the
 * standard problem responses (400, 401, 404, 409, 500) as references.
 *
 * <p>The output is deterministic: paths, schemas, responses and tags are sorted, properties keep
 * their declaration order, and {@link #toJson} always writes the same text for the same registry,
 * so comparing it with the committed file is meaningful. Alias paths are never in the registry, so
 * never in the document.
 */
public final class OpenApiGenerator {
  public static final String OPENAPI_VERSION = "3.1.0";
  public static final String TITLE = "Junction admin API";
  public static final String SECURITY_SCHEME = "adminToken";
  static final String DESCRIPTION = """
      Inspect and manage a running Junction router.

      **Authentication.** Operations that change state need `Authorization: Bearer <token>`, the \
      admin token from `admin.token` in the configuration file or the `JUNCTION_ADMIN_TOKEN` \
      environment variable; without a configured token they are refused. When the admin listener \
      is not bound to loopback, every request needs the token.

      **Errors.** Every error is an RFC 9457 `application/problem+json` body (`type`, `title`, \
      `status`, `detail`, `instance`).""";

  private static final String JSON = "application/json";

  /** A problem response every operation carries, shared under {@code components/responses/<name>}. */
  private record Standard(int status, String name, String description) {}

  private static final List<Standard> STANDARD = List.of(
      new Standard(400, "BadRequest", "The request is malformed: a parameter or body field is missing, unknown or invalid."),
      new Standard(401, "Unauthorized", "The admin token is missing or wrong, or none is configured for a change."),
      new Standard(404, "NotFound", "The path or the addressed item does not exist."),
      new Standard(409, "Conflict", "The request conflicts with the current state."),
      new Standard(500, "InternalError", "An unexpected failure; the detail carries an incident id found in the server log."));

  private OpenApiGenerator() {}

  /** The document with Junction's standard {@link Info} at API version {@code version}. */
  public static OpenAPI generate(ApiRegistry registry, String version) {
    requireNonNull(version, "version");
    return generate(registry, new Info().title(TITLE).version(version).description(DESCRIPTION));
  }

  public static OpenAPI generate(ApiRegistry registry, Info info) {
    requireNonNull(registry, "registry");
    requireNonNull(info, "info");
    OpenAPI api = new OpenAPI(SpecVersion.V31).openapi(OPENAPI_VERSION).info(info);
    api.servers(List.of(new Server().url("/")));
    List<Tag> tags = new ArrayList<>();
    registry.tags().forEach((name, description) -> tags.add(new Tag().name(name).description(description)));
    api.tags(tags);
    api.components(new Components()
        .schemas(ModelSchemas.of(registry.schemaTypes()))
        .responses(standardResponses())
        .securitySchemes(Map.of(SECURITY_SCHEME, new SecurityScheme()
            .type(SecurityScheme.Type.HTTP)
            .scheme("bearer")
            .description("The admin token: admin.token in the configuration file or JUNCTION_ADMIN_TOKEN."))));
    api.paths(paths(registry));
    return api;
  }

  /** The document as pretty-printed JSON with {@code \n} line ends and a final newline. */
  public static String toJson(OpenAPI api) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
        .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    try {
      return Json31.mapper().writer(printer).writeValueAsString(api) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("openapi: cannot write the document", e);
    }
  }

  private static Map<String, ApiResponse> standardResponses() {
    Map<String, ApiResponse> out = new TreeMap<>();
    for (Standard std : STANDARD) {
      ApiResponse r = new ApiResponse().description(std.description()).content(new Content()
          .addMediaType(Problem.CONTENT_TYPE, new MediaType().schema(ref(Problem.class))));
      if (std.status() == 401) {
        r.addHeaderObject("WWW-Authenticate", new Header()
            .description("The Bearer challenge.")
            .schema(new JsonSchema().types(Set.of("string"))));
      }
      out.put(std.name(), r);
    }
    return out;
  }

  private static Paths paths(ApiRegistry registry) {
    SortedMap<String, PathItem> items = new TreeMap<>();
    for (ApiOperation op : registry.operations()) {
      PathItem item = items.computeIfAbsent(op.path(), p -> new PathItem());
      item.operation(PathItem.HttpMethod.valueOf(op.method().name()), operation(op));
    }
    Paths paths = new Paths();
    items.forEach(paths::addPathItem);
    return paths;
  }

  private static Operation operation(ApiOperation op) {
    Operation o = new Operation()
        .operationId(op.operationId())
        .summary(op.summary())
        .description(op.description().isBlank() ? null : op.description())
        .tags(op.tags());
    if (op.deprecated()) {
      o.deprecated(true);
    }
    for (ApiParameter p : op.parameters()) {
      o.addParametersItem(parameter(p));
    }
    if (op.requestBody() != null) {
      o.requestBody(new RequestBody().required(true).content(new Content()
          .addMediaType(JSON, new MediaType().schema(ref(op.requestBody())))));
    }
    SortedMap<Integer, ApiResponse> responses = new TreeMap<>();
    for (ResponseSpec r : op.responses()) {
      ApiResponse response = new ApiResponse().description(r.description());
      if (!r.body().isNone()) {
        response.content(new Content().addMediaType(JSON, new MediaType().schema(schema(r.body()))));
      }
      responses.put(r.status(), response);
    }
    for (Standard std : STANDARD) {
      responses.put(std.status(), new ApiResponse().$ref("#/components/responses/" + std.name()));
    }
    ApiResponses apiResponses = new ApiResponses();
    responses.forEach((status, r) -> apiResponses.addApiResponse(Integer.toString(status), r));
    o.responses(apiResponses);
    SecurityRequirement token = new SecurityRequirement().addList(SECURITY_SCHEME);
    // an empty requirement means "no credentials": reads are open on a loopback listener
    o.security(op.mutating() ? List.of(token) : List.of(new SecurityRequirement(), token));
    return o;
  }

  private static Parameter parameter(ApiParameter p) {
    JsonSchema schema = new JsonSchema();
    schema.types(Set.of(p.type().jsonType()));
    if (p.defaultValue() != null) {
      schema.setDefault(p.type().parse(p.name(), p.defaultValue()));
    }
    if (p.minimum() != null) {
      schema.minimum(BigDecimal.valueOf(p.minimum()));
    }
    if (p.maximum() != null) {
      schema.maximum(BigDecimal.valueOf(p.maximum()));
    }
    Parameter out = new Parameter()
        .name(p.name())
        .in(p.in() == ApiParameter.In.PATH ? "path" : "query")
        .description(p.description())
        .schema(schema);
    if (p.required()) {
      out.required(true);
    }
    return out;
  }

  @SuppressWarnings("rawtypes")
  private static Schema schema(TypeRef body) {
    Class<? extends Record> type = requireNonNull(body.type(), "type");
    if (!body.list()) {
      return ref(type);
    }
    JsonSchema array = new JsonSchema();
    array.types(Set.of("array"));
    array.setItems(ref(type));
    return array;
  }

  @SuppressWarnings("rawtypes")
  private static Schema ref(Class<? extends Record> type) {
    return new JsonSchema().$ref("#/components/schemas/" + type.getSimpleName());
  }
}
