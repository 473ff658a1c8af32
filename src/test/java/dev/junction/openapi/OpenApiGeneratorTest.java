package dev.junction.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.admin.ApiOperation;
import dev.junction.admin.server.AdminApis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the generated document promises, read as JSON. */
class OpenApiGeneratorTest {
  private static final JsonNode DOC = Specs.tree(Specs.generated());

  static List<JsonNode> operations() {
    List<JsonNode> out = new ArrayList<>();
    DOC.path("paths").forEach(item -> item.forEach(out::add));
    return out;
  }

  @Test
  void itIsOpenApi310WithARelativeServer() {
    assertThat(DOC.path("openapi").asText()).isEqualTo("3.1.0");
    assertThat(DOC.path("servers").get(0).path("url").asText()).isEqualTo("/");
    assertThat(DOC.path("info").path("version").asText()).isEqualTo(AdminApis.API_VERSION);
  }

  @Test
  void eachApiHasADescribedTag() {
    assertThat(DOC.path("tags")).extracting(t -> t.path("name").asText())
        .containsExactly("aliases", "backends", "cache", "config", "endpoints", "health", "model-aliases", "openapi",
            "requests", "routes");
    assertThat(DOC.path("tags")).allSatisfy(t -> assertThat(t.path("description").asText()).isNotBlank());
  }

  @Test
  void everyRegisteredOperationIsDescribedOnce() {
    List<String> ids = operations().stream().map(o -> o.path("operationId").asText()).toList();
    assertThat(ids).containsExactlyInAnyOrderElementsOf(
        AdminApis.describeOnly().operations().stream().map(ApiOperation::operationId).toList());
  }

  @Test
  void everyOperationCarriesTheStandardProblemResponses() {
    Map<String, String> standard = Map.of("400", "BadRequest", "401", "Unauthorized", "404", "NotFound",
        "409", "Conflict", "500", "InternalError");
    for (JsonNode op : operations()) {
      standard.forEach((status, name) -> assertThat(op.path("responses").path(status).path("$ref").asText())
          .as(op.path("operationId").asText() + " " + status).isEqualTo("#/components/responses/" + name));
    }
    standard.values().forEach(name -> assertThat(DOC.path("components").path("responses").path(name)
        .path("content").path("application/problem+json").path("schema").path("$ref").asText())
        .isEqualTo("#/components/schemas/Problem"));
  }

  @Test
  void theProblemSchemaHasTheRfc9457Members() {
    JsonNode problem = DOC.path("components").path("schemas").path("Problem");
    assertThat(problem.path("properties").properties()).extracting(Map.Entry::getKey)
        .containsExactly("type", "title", "status", "detail", "instance");
  }

  @Test
  void everySchemaPropertyIsDescribed() {
    DOC.path("components").path("schemas").properties().forEach(s -> {
      assertThat(s.getValue().path("description").asText()).as(s.getKey()).isNotBlank();
      s.getValue().path("properties").properties().forEach(p ->
          assertThat(p.getValue().path("description").asText()).as(s.getKey() + "." + p.getKey()).isNotBlank());
    });
  }

  @Test
  void nullableComponentsAreOptionalAndTheOthersRequired() {
    JsonNode check = DOC.path("components").path("schemas").path("HealthCheck");
    assertThat(check.path("required")).extracting(JsonNode::asText).containsExactly("name", "status");
  }

  @Test
  void enumsUseTheirWireNames() {
    assertThat(DOC.path("components").path("schemas").path("Explanation").path("properties").path("decision")
        .path("enum")).extracting(JsonNode::asText).containsExactly("rule", "catalog", "cache", "discovery", "reject", "need-payload",
            "local");
  }

  @Test
  void changesRequireTheTokenAndReadsMayGoWithout() {
    assertThat(DOC.path("paths").path("/aliases").path("post").path("security").toString()).isEqualTo("[{\"adminToken\":[]}]");
    assertThat(DOC.path("paths").path("/aliases").path("get").path("security").toString())
        .isEqualTo("[{},{\"adminToken\":[]}]");
    assertThat(DOC.path("components").path("securitySchemes").path("adminToken").path("scheme").asText()).isEqualTo("bearer");
  }

  @Test
  void theExplainPayloadAcceptsAnyJson() {
    JsonNode payload = DOC.path("components").path("schemas").path("ExplainRequest").path("properties").path("payload");
    assertThat(payload.has("type")).isFalse();
    assertThat(payload.has("$ref")).isFalse();
  }

  @Test
  void theOutputEndsWithANewlineAndUsesUnixLineEnds() {
    assertThat(Specs.generated()).endsWith("}\n").doesNotContain("\r");
  }
}
