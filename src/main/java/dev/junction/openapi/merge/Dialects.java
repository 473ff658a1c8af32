package dev.junction.openapi.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.jspecify.annotations.Nullable;

/**
 * OpenAPI versions a backend may serve, and the 3.0-to-3.1 schema changes the merge needs: {@code
 * nullable: true} becomes a {@code "null"} type, boolean {@code exclusiveMinimum}/{@code
 * exclusiveMaximum} become numbers. Other 3.0 forms that 3.1 still accepts are left alone.
 */
final class Dialects {
  private Dialects() {}

  /** Why the document cannot be merged, or {@code null} when it can. */
  static @Nullable String problem(JsonNode doc) {
    if (!doc.isObject()) {
      return "not a JSON object (expected: an OpenAPI 3.0 or 3.1 document)";
    }
    String v = doc.path("openapi").asText("");
    if (!(v.startsWith("3.0.") || v.startsWith("3.1."))) {
      return "openapi: '" + (doc.has("swagger") ? "swagger " + doc.path("swagger").asText() : v)
          + "' (expected: an OpenAPI 3.0 or 3.1 document)";
    }
    if (!doc.path("paths").isObject() && doc.has("paths")) {
      return "paths: not an object (expected: a Paths Object)";
    }
    return null;
  }

  /** The document as 3.1 (a copy when converted; the same tree when already 3.1). */
  static JsonNode to31(JsonNode doc) {
    if (!doc.path("openapi").asText("").startsWith("3.0.")) {
      return doc;
    }
    JsonNode copy = doc.deepCopy();
    convert(copy);
    return copy;
  }

  private static void convert(JsonNode node) {
    if (node instanceof ObjectNode o) {
      if (o.get("nullable") != null && o.get("nullable").isBoolean()) {
        boolean nullable = o.remove("nullable").asBoolean();
        JsonNode type = o.get("type");
        if (nullable && type != null && type.isTextual()) {
          o.set("type", o.arrayNode().add(type.asText()).add("null"));
        }
      }
      exclusive(o, "exclusiveMinimum", "minimum");
      exclusive(o, "exclusiveMaximum", "maximum");
      o.properties().forEach(e -> convert(e.getValue()));
    } else if (node instanceof ArrayNode a) {
      a.forEach(Dialects::convert);
    }
  }

  private static void exclusive(ObjectNode o, String flag, String bound) {
    JsonNode f = o.get(flag);
    if (f != null && f.isBoolean()) {
      o.remove(flag);
      if (f.asBoolean() && o.get(bound) != null && o.get(bound).isNumber()) {
        o.set(flag, o.remove(bound));
      }
    }
  }
}
