package dev.junction.openapi.merge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiMergerTest {
  private final ObjectNode doc = MergeFixtures.merged();

  private static List<String> keys(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  @Test
  void listsEachRoutedOperationOnceUnderItsPrimaryPath() {
    assertThat(keys(doc.path("paths")))
        .containsExactly("/chat/completions", "/models", "/models/{model}", "/internal/stats", "/embeddings", "/audio/speech");
  }

  @Test
  void anOperationARuleSendsElsewhereIsLeftOut() {
    assertThat(doc.at("/paths/~1models/get/operationId").asText()).isEqualTo("listModels");
  }

  @Test
  void anOperationNoRuleCoversIsOfferedByEveryCandidateThatDocumentsIt() {
    assertThat(doc.at("/paths/~1models~1{model}/get/x-junction-backends").toString()).isEqualTo("[\"llm-a\",\"llm-b\"]");
  }

  @Test
  void aRuleToABackendWithoutTheOperationHidesTheOthersOperation() {
    List<dev.junction.config.RuleConfig> rules = new ArrayList<>(MergeFixtures.rules());
    rules.add(MergeFixtures.rule("embed", "/embeddings", "POST", "tts", null));

    ObjectNode merged = OpenApiMerger.merge(MergeFixtures.input(MergeFixtures.documents(), rules));

    assertThat(merged.path("paths").has("/embeddings")).isFalse();
  }

  @Test
  void aPathSplitByModelIsOneOperationWithTheModelsAsAnEnum() {
    JsonNode schema = doc.at("/paths/~1chat~1completions/post/requestBody/content/application~1json/schema");

    assertThat(schema.toString()).isEqualTo("{\"allOf\":[{\"$ref\":\"#/components/schemas/llm-a_ChatRequest\"},"
        + "{\"type\":\"object\",\"properties\":{\"model\":{\"enum\":[\"alpha-1\",\"alpha-2\",\"beta\"]}}}]}");
  }

  @Test
  void modelsACatalogListsJoinTheEnumAndTheModelListIsJunctionsOwnOperation() {
    MergeInput base = MergeFixtures.input(MergeFixtures.documents(), MergeFixtures.rules());
    MergeInput withCatalog = new MergeInput(base.backendOrder(), base.rules(), base.discoveryCandidates(), base.documents(),
        base.primaryPath(), base.title(), base.version(), new MergeInput.Models("/models",
            com.fasterxml.jackson.core.JsonPointer.compile("/model"), List.of("beta", "gamma-7b")));

    ObjectNode merged = OpenApiMerger.merge(withCatalog);

    assertThat(merged.at("/paths/~1chat~1completions/post/requestBody/content/application~1json/schema/allOf/1")
        .toString()).isEqualTo("{\"type\":\"object\",\"properties\":{\"model\":{\"enum\":"
            + "[\"alpha-1\",\"alpha-2\",\"beta\",\"gamma-7b\"]}}}");
    JsonNode models = merged.at("/paths/~1models");
    assertThat(models.path("x-junction-local").asBoolean()).isTrue();
    assertThat(models.at("/get/operationId").asText()).isEqualTo("junctionListModels");
    assertThat(models.at("/get/x-junction-backends").isMissingNode()).as("not a backend's operation").isTrue();
    assertThat(models.at("/get/description").asText()).contains("Answered by Junction itself")
        .contains("Listed now: beta, gamma-7b.");
  }

  @Test
  void aPathSplitByModelNamesEveryBackendThatReceivesIt() {
    assertThat(doc.at("/paths/~1chat~1completions/post/x-junction-backends").toString()).isEqualTo("[\"llm-a\",\"llm-b\"]");
  }

  @Test
  void clashingComponentsArePrefixedByBackendAndIdenticalOnesShared() {
    assertThat(keys(doc.at("/components/schemas"))).containsExactly("Completion", "EmbeddingRequest", "Error", "ModelList",
        "llm-a_ChatRequest", "llm-a_Model", "llm-b_ChatRequest", "llm-b_Model");
  }

  @Test
  void referencesFollowTheirBackendsRenamedComponents() {
    assertThat(List.of(doc.at("/components/schemas/ModelList/properties/data/items/$ref").asText(),
        doc.at("/components/schemas/EmbeddingRequest/properties/model/$ref").asText()))
        .containsExactly("#/components/schemas/llm-a_Model", "#/components/schemas/llm-b_Model");
  }

  @Test
  void everyReferenceResolvesInTheMergedDocument() {
    List<String> dangling = new ArrayList<>();
    collectRefs(doc, dangling);

    assertThat(dangling).isEmpty();
  }

  private void collectRefs(JsonNode n, List<String> dangling) {
    if (n.isObject() && n.path("$ref").isTextual()) {
      String ref = n.path("$ref").asText();
      if (doc.at(JsonPointer.compile(ref.substring(1))).isMissingNode()) {
        dangling.add(ref);
      }
    }
    n.forEach(child -> collectRefs(child, dangling));
  }

  @Test
  void serversPointAtJunctionNotAtTheBackends() {
    List<String> servers = new ArrayList<>();
    doc.findValues("servers").forEach(s -> s.forEach(x -> servers.add(x.path("url").asText())));

    assertThat(servers).containsExactly("/");
  }

  @Test
  void openApi30SchemasAreWrittenAs31() {
    assertThat(List.of(doc.at("/components/schemas/llm-b_ChatRequest/properties/temperature/type").toString(),
        doc.at("/paths/~1embeddings/post/responses/200/content/application~1json/schema/properties/usage").toString()))
        .containsExactly("[\"number\",\"null\"]", "{\"type\":[\"integer\",\"null\"],\"exclusiveMinimum\":0}");
  }

  @Test
  void pathLevelParametersAreCopiedIntoTheOperation() {
    assertThat(doc.at("/paths/~1models~1{model}/get/parameters/0/name").asText()).isEqualTo("model");
  }

  @Test
  void theSameInputInAnotherMapOrderGivesTheSameDocument() {
    Map<String, JsonNode> reversed = new LinkedHashMap<>();
    List<String> names = new ArrayList<>(MergeFixtures.BACKENDS);
    java.util.Collections.reverse(names);
    names.forEach(n -> reversed.put(n, MergeFixtures.documents().get(n)));

    assertThat(OpenApiMerger.merge(MergeFixtures.input(reversed, MergeFixtures.rules()))).isEqualTo(doc);
  }

  @Test
  void aSwagger2DocumentIsRefused() {
    JsonNode swagger = MergeFixtures.JSON.createObjectNode().put("swagger", "2.0");

    assertThat(OpenApiMerger.problem(swagger)).isEqualTo("openapi: 'swagger 2.0' (expected: an OpenAPI 3.0 or 3.1 document)");
  }

  @Test
  void aDuplicateOperationIdIsPrefixedByItsBackend() {
    List<dev.junction.config.RuleConfig> rules = List.of(
        MergeFixtures.rule("chat", "/chat/completions", "POST", "llm-b", null),
        MergeFixtures.rule("other", "/internal/stats", "GET", "llm-a", null));
    Map<String, JsonNode> docs = MergeFixtures.documents();
    ((ObjectNode) docs.get("llm-a").at("/paths/~1internal~1stats/get")).put("operationId", "createChatCompletion");

    ObjectNode merged = OpenApiMerger.merge(MergeFixtures.input(docs, rules));

    assertThat(merged.at("/paths/~1internal~1stats/get/operationId").asText()).isEqualTo("llm-a_createChatCompletion");
  }
}
