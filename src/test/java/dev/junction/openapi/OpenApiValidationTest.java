package dev.junction.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The document is valid OpenAPI 3.1 for a validator that is not swagger-core: vertx-openapi, with
 * the OpenAPI Initiative's published 3.1 JSON Schemas (schema-base also checks every Schema Object
 * against the OAS 3.1 dialect of JSON Schema 2020-12). vertx-openapi's own contract model is not used:
 * for its request validation it refuses things the specification allows (a relative server URL,
 * the application/problem+json media type).
 */
class OpenApiValidationTest {
  private static final String SCHEMA_BASE = "https://spec.openapis.org/oas/3.1/schema-base/2022-10-07";
  private static final String DIALECT = "https://spec.openapis.org/oas/3.1/dialect/base";

  static Vertx vertx;
  static SchemaRepository repository;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    repository = OpenAPIVersion.V3_1.getRepository(vertx, "app://").await();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  /**
   * What the validator finds wrong: the document against the OAS 3.1 schema, then each Schema
   * Object against the OAS 3.1 dialect (vertx-json-schema does not follow schema-base's dynamic
   * reference into Schema Objects by itself, so they are checked one by one).
   */
  static List<String> errors(JsonObject doc) {
    List<String> out = new ArrayList<>(errors("", repository.validator(SCHEMA_BASE).validate(doc)));
    schemaObjects(Specs.tree(doc.encode())).forEach((where, schema) ->
        out.addAll(errors(where, repository.validator(DIALECT).validate(new JsonObject(schema.toString())))));
    return out;
  }

  private static List<String> errors(String where, OutputUnit unit) {
    if (Boolean.TRUE.equals(unit.getValid())) {
      return List.of();
    }
    return unit.getErrors().stream()
        .map(e -> where + e.getInstanceLocation() + ": " + e.getError() + " (" + e.getKeywordLocation() + ")")
        .collect(Collectors.toList());
  }

  /** Every Schema Object of the document by location: components, parameters, bodies, headers. */
  static Map<String, JsonNode> schemaObjects(JsonNode doc) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    doc.path("components").path("schemas").properties().forEach(e -> out.put("#/components/schemas/" + e.getKey(), e.getValue()));
    collect(doc.path("components").path("responses"), "#/components/responses", out);
    collect(doc.path("paths"), "#/paths", out);
    return out;
  }

  private static void collect(JsonNode n, String at, Map<String, JsonNode> out) {
    n.properties().forEach(e -> {
      String where = at + "/" + e.getKey().replace("~", "~0").replace("/", "~1");
      if (e.getKey().equals("schema") && e.getValue().isObject()) {
        out.put(where, e.getValue());
      } else if (e.getValue().isContainerNode()) {
        collect(e.getValue(), where, out);
      }
    });
    if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        collect(n.get(i), at + "/" + i, out);
      }
    }
  }

  @Test
  void theDocumentIsValidAgainstTheOfficialSchemas() {
    assertThat(errors(new JsonObject(Specs.generated()))).isEmpty();
  }

  @Test
  void everySchemaObjectIsChecked() {
    Map<String, JsonNode> schemas = schemaObjects(Specs.tree(Specs.generated()));
    assertThat(schemas).containsKeys("#/components/schemas/CacheEntry",
        "#/paths/~1cache/get/parameters/0/schema",
        "#/paths/~1aliases/post/requestBody/content/application~1json/schema",
        "#/components/responses/Unauthorized/headers/WWW-Authenticate/schema");
  }

  /** Every {@code $ref} that does not point at a node of the document. */
  static List<String> danglingReferences(JsonNode doc) {
    List<String> out = new ArrayList<>();
    Deque<JsonNode> todo = new ArrayDeque<>(List.of(doc));
    while (!todo.isEmpty()) {
      JsonNode n = todo.pop();
      String ref = n.path("$ref").asText("");
      if (!ref.isEmpty() && (!ref.startsWith("#/") || doc.at(ref.substring(1)).isMissingNode())) {
        out.add(ref);
      }
      n.forEach(todo::push);
    }
    return out;
  }

  @Test
  void everyReferencePointsIntoTheDocument() {
    assertThat(danglingReferences(Specs.tree(Specs.generated()))).isEmpty();
  }

  @Test
  void theValidatorCatchesAnInvalidSchemaObject() {
    JsonObject broken = new JsonObject(Specs.generated());
    broken.getJsonObject("components").getJsonObject("schemas").getJsonObject("CacheEntry")
        .getJsonObject("properties").getJsonObject("backend").put("type", "text");
    assertThat(errors(broken)).isNotEmpty();
  }

  @Test
  void theValidatorCatchesAResponseWithoutDescription() {
    JsonObject broken = new JsonObject(Specs.generated());
    broken.getJsonObject("paths").getJsonObject("/health").getJsonObject("get").getJsonObject("responses")
        .getJsonObject("200").remove("description");
    assertThat(errors(broken)).isNotEmpty();
  }

  @Test
  void aDanglingReferenceIsCaught() {
    ObjectNode broken = (ObjectNode) Specs.tree(Specs.generated());
    ((ObjectNode) broken.path("components").path("schemas")).remove("Problem");
    assertThat(danglingReferences(broken)).contains("#/components/schemas/Problem");
  }
}
