package dev.junction.openapi.merge;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the merged document says about models: Junction's own {@code GET models.path}, and the
 * catalog models added to the enum the rules give the model field (the catalog stage routes them
 * too, before discovery, so a model only a catalog lists is no longer missing). A field the rules
 * leave open stays open: discovery may still find any model there.
 */
final class JunctionModels {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private JunctionModels() {}

  /** {@code allowed} with the catalog's models added to the model field's enum, where there is one. */
  static Map<JsonPointer, List<JsonNode>> withCatalog(Map<JsonPointer, List<JsonNode>> allowed, MergeInput.Models models) {
    JsonPointer field = models.field();
    if (field == null || models.listed().isEmpty() || !allowed.containsKey(field)) {
      return allowed;
    }
    Set<JsonNode> values = new LinkedHashSet<>(allowed.get(field));
    models.listed().forEach(m -> values.add(TextNode.valueOf(m)));
    Map<JsonPointer, List<JsonNode>> out = new LinkedHashMap<>(allowed);
    out.put(field, List.copyOf(values));
    return out;
  }

  /** The path item of Junction's merged model list: GET, answered by Junction itself. */
  static ObjectNode pathItem(MergeInput.Models models) {
    ObjectNode item = F.objectNode();
    ObjectNode get = item.putObject("get");
    get.put("operationId", "junctionListModels");
    get.put("summary", "The models every backend lists");
    get.put("description", "Answered by Junction itself, not forwarded: one OpenAI list made of the lists the "
        + "configured model servers answer, in configuration order, an id already listed skipped. The same lists "
        + "route requests naming a model to a backend that lists it."
        + (models.listed().isEmpty() ? "" : " Listed now: " + String.join(", ", models.listed()) + "."));
    get.putArray("tags").add("Junction");
    ObjectNode ok = get.putObject("responses").putObject("200");
    ok.put("description", "An OpenAI list of models.");
    ObjectNode schema = ok.putObject("content").putObject("application/json").putObject("schema");
    schema.put("type", "object");
    schema.putArray("required").add("object").add("data");
    ObjectNode props = schema.putObject("properties");
    props.putObject("object").put("const", "list");
    ObjectNode entry = props.putObject("data").put("type", "array").putObject("items");
    entry.put("type", "object");
    entry.putArray("required").add("id");
    ObjectNode id = entry.putObject("properties").putObject("id").put("type", "string");
    if (!models.listed().isEmpty()) {
      id.set("examples", F.arrayNode().add(models.listed().get(0)));
    }
    ObjectNode bad = ((ObjectNode) get.get("responses")).putObject("502");
    bad.put("description", "No model server answered a list (problem+json).");
    item.put("x-junction-local", true);
    return item;
  }
}
