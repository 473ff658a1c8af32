package dev.junction.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker against deliberately changed copies of the real document. */
class BreakingChangeCheckerTest {
  private static final JsonNode BASE = Specs.tree(Specs.generated());

  static List<String> after(Consumer<ObjectNode> change) {
    ObjectNode copy = BASE.deepCopy();
    change.accept(copy);
    return BreakingChangeChecker.compare(BASE, copy).stream().map(Object::toString).toList();
  }

  static ObjectNode schema(ObjectNode doc, String name) {
    return (ObjectNode) doc.path("components").path("schemas").path(name);
  }

  static ObjectNode op(ObjectNode doc, String path, String method) {
    return (ObjectNode) doc.path("paths").path(path).path(method);
  }

  @Test
  void theSameDocumentHasNoBreakingChange() {
    assertThat(after(d -> {})).isEmpty();
  }

  @Test
  void aRemovedPathBreaksEachOfItsOperations() {
    assertThat(after(d -> ((ObjectNode) d.path("paths")).remove("/cache/{key}")))
        .containsExactly("GET /cache/{key}: operation removed", "DELETE /cache/{key}: operation removed");
  }

  @Test
  void aRemovedOperationBreaks() {
    assertThat(after(d -> ((ObjectNode) d.path("paths").path("/aliases")).remove("delete")))
        .containsExactly("DELETE /aliases: operation removed");
  }

  @Test
  void aRemovedResponsePropertyBreaks() {
    assertThat(after(d -> ((ObjectNode) schema(d, "CacheEntry").path("properties")).remove("backend")))
        .contains("CacheEntry: property backend removed");
  }

  @Test
  void aNewRequiredRequestPropertyBreaks() {
    assertThat(after(d -> {
      ObjectNode s = schema(d, "NewAlias");
      ((ObjectNode) s.path("properties")).putObject("comment").put("type", "string");
      ((ArrayNode) s.path("required")).add("comment");
    })).containsExactly("NewAlias: property comment is now required in requests");
  }

  @Test
  void anOptionalRequestPropertyBecomingRequiredBreaks() {
    assertThat(after(d -> ((ArrayNode) schema(d, "ExplainRequest").path("required")).add("payload")))
        .containsExactly("ExplainRequest: property payload is now required in requests");
  }

  @Test
  void aResponsePropertyThatMayNowBeAbsentBreaks() {
    assertThat(after(d -> {
      ArrayNode required = (ArrayNode) schema(d, "ClearResult").path("required");
      required.removeAll();
    })).containsExactly("ClearResult: property removed may now be absent from responses");
  }

  @Test
  void aChangedTypeBreaks() {
    assertThat(after(d -> ((ObjectNode) schema(d, "HealthReport").path("properties").path("uptimeSeconds"))
        .put("type", "string").remove("format")))
        .contains("HealthReport: uptimeSeconds: type changed from [integer] to [string]");
  }

  @Test
  void aChangedFormatBreaks() {
    assertThat(after(d -> ((ObjectNode) schema(d, "BackendHealth").path("properties").path("consecutiveFailures"))
        .put("format", "int64")))
        .containsExactly("BackendHealth: consecutiveFailures: format changed from 'int32' to 'int64'");
  }

  @Test
  void aRemovedEnumValueBreaks() {
    assertThat(after(d -> {
      ArrayNode values = (ArrayNode) schema(d, "HealthReport").path("properties").path("status").path("enum");
      values.remove(1);
    })).containsExactly("HealthReport: status: enum value \"degraded\" removed");
  }

  @Test
  void aRemovedSchemaBreaks() {
    assertThat(after(d -> ((ObjectNode) d.path("components").path("schemas")).remove("Rejection")))
        .contains("Rejection: schema removed");
  }

  @Test
  void aNewRequiredQueryParameterBreaks() {
    assertThat(after(d -> op(d, "/cache", "get").withArray("parameters").addObject()
        .put("name", "owner").put("in", "query").put("required", true).putObject("schema").put("type", "string")))
        .containsExactly("GET /cache: query parameter owner added as required");
  }

  @Test
  void aChangedSuccessStatusBreaks() {
    assertThat(after(d -> {
      ObjectNode responses = (ObjectNode) op(d, "/aliases", "post").path("responses");
      responses.set("200", responses.remove("201"));
    })).containsExactly("POST /aliases: response 201 removed");
  }

  @Test
  void aResponseWhoseBodyBecomesAnotherSchemaBreaks() {
    assertThat(after(d -> ((ObjectNode) op(d, "/cache", "delete").path("responses").path("200").path("content")
        .path("application/json").path("schema")).put("$ref", "#/components/schemas/CacheListing")))
        .containsExactly("DELETE /cache: response 200: type changed from [ref:ClearResult] to [ref:CacheListing]");
  }

  @Test
  void additionsDoNotBreak() {
    assertThat(after(d -> {
      ((ObjectNode) schema(d, "CacheEntry").path("properties")).putObject("hits").put("type", "integer");
      ((ObjectNode) d.path("paths")).putObject("/metrics").putObject("get").putObject("responses");
      ((ArrayNode) schema(d, "HealthReport").path("properties").path("status").path("enum")).add("starting");
      ((ArrayNode) schema(d, "NewAlias").path("required")).remove(1);
    })).isEmpty();
  }

  @Test
  void wideningARequestFieldTypeDoesNotBreak() {
    assertThat(after(d -> ((ObjectNode) schema(d, "ExplainRequest").path("properties").path("method"))
        .putArray("type").add("string").add("null"))).isEmpty();
  }

  @Test
  void theAllowListReadsSubjectsAndIgnoresComments(@TempDir Path dir) throws IOException {
    Path f = dir.resolve("allowed.txt");
    Files.writeString(f, "# intended\nDELETE /aliases   # moved to /aliases/{alias}\n\nCacheEntry\n");
    assertThat(BreakingChangeChecker.allowList(f)).containsExactly("CacheEntry", "DELETE /aliases");
  }
}
