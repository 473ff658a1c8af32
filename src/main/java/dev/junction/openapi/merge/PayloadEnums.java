package dev.junction.openapi.merge;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.config.FieldCondition;
import dev.junction.config.PayloadCondition;
import dev.junction.config.ValueMatcher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The payload fields that split one operation between backends, documented as enums. A field is
 * documented only when every payload alternative routing the operation pins it to values ({@code
 * value} or {@code one_of}) and no rule without a payload condition catches the rest; then its
 * allowed values are exactly those. Globs and {@code exists} are described in text only.
 */
final class PayloadEnums {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private PayloadEnums() {}

  /** Pointer to its allowed values, in rule order; empty when nothing can be stated as an enum. */
  static Map<JsonPointer, List<JsonNode>> allowed(List<Ownership.Owner> owners) {
    List<PayloadCondition> alternatives = new ArrayList<>();
    Set<String> rulesSeen = new LinkedHashSet<>();
    for (Ownership.Owner o : owners) {
      if (o.when().isEmpty()) {
        return Map.of();
      }
      if (rulesSeen.add(o.ruleId())) {
        alternatives.addAll(o.when());
      }
    }
    Map<JsonPointer, List<JsonNode>> out = new LinkedHashMap<>();
    if (alternatives.isEmpty()) {
      return out;
    }
    for (FieldCondition candidate : alternatives.get(0).fields()) {
      JsonPointer p = candidate.pointer();
      Set<JsonNode> values = new LinkedHashSet<>();
      boolean everywhere = true;
      for (PayloadCondition alt : alternatives) {
        List<JsonNode> pinned = pinned(alt, p);
        if (pinned == null) {
          everywhere = false;
          break;
        }
        values.addAll(pinned);
      }
      if (everywhere) {
        out.put(p, List.copyOf(values));
      }
    }
    return out;
  }

  /** Adds the enums to every JSON media type of {@code requestBody} (an inline Request Body Object). */
  static void constrain(ObjectNode requestBody, Map<JsonPointer, List<JsonNode>> allowed) {
    if (allowed.isEmpty() || !(requestBody.get("content") instanceof ObjectNode content)) {
      return;
    }
    content.properties().forEach(media -> {
      String type = media.getKey().toLowerCase(java.util.Locale.ROOT);
      if (!(media.getValue() instanceof ObjectNode m) || !(type.startsWith("application/json") || type.contains("+json"))) {
        return;
      }
      ArrayNode all = F.arrayNode();
      JsonNode original = m.get("schema");
      if (original != null) {
        all.add(original);
      }
      allowed.forEach((pointer, values) -> all.add(schemaFor(pointer, values)));
      m.set("schema", all.size() == 1 ? all.get(0) : F.objectNode().set("allOf", all));
    });
  }

  private static ObjectNode schemaFor(JsonPointer pointer, List<JsonNode> values) {
    List<String> names = new ArrayList<>();
    for (JsonPointer p = pointer; !p.matches(); p = p.tail()) {
      names.add(p.getMatchingProperty());
    }
    ObjectNode schema = F.objectNode();
    schema.set("enum", F.arrayNode().addAll(values));
    for (int i = names.size() - 1; i >= 0; i--) {
      ObjectNode parent = F.objectNode();
      parent.put("type", "object");
      parent.set("properties", F.objectNode().set(names.get(i), schema));
      schema = parent;
    }
    return schema;
  }

  /** A readable line per owner: {@code /model = "a" -> llm-a}. */
  static String describe(List<Ownership.Owner> owners) {
    StringBuilder out = new StringBuilder("Routed by Junction:");
    for (Ownership.Owner o : owners) {
      out.append("\n- ").append(o.backend());
      if (!o.when().isEmpty()) {
        out.append(" when ");
        List<String> alts = new ArrayList<>();
        for (PayloadCondition alt : o.when()) {
          List<String> fields = new ArrayList<>();
          alt.fields().forEach(f -> fields.add(f.pointer() + " " + matcherText(f.matcher())));
          alts.add(String.join(" and ", fields));
        }
        out.append(String.join(", or ", alts));
      }
    }
    return out.toString();
  }

  private static String matcherText(ValueMatcher m) {
    if (m instanceof ValueMatcher.Equals e) {
      return "= " + e.value();
    } else if (m instanceof ValueMatcher.OneOf o) {
      return "in " + o.values();
    } else if (m instanceof ValueMatcher.Glob g) {
      return "matches " + g.pattern();
    } else if (m instanceof ValueMatcher.Exists x) {
      return x.present() ? "present" : "absent";
    }
    return m.toString();
  }

  private static @org.jspecify.annotations.Nullable List<JsonNode> pinned(PayloadCondition alt, JsonPointer p) {
    for (FieldCondition f : alt.fields()) {
      if (f.pointer().equals(p)) {
        if (f.matcher() instanceof ValueMatcher.Equals e) {
          return List.of(e.value());
        } else if (f.matcher() instanceof ValueMatcher.OneOf o) {
          return o.values();
        }
        return null;
      }
    }
    return null;
  }
}
