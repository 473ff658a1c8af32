package dev.junction.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schema (draft 2020-12) of the configuration file, written from the catalogue
 * ({@link ConfigKeys}): {@code docs/junction.schema.json}, for editors (the YAML language server)
 * and other tools. Both formats: a document with a {@code junction} key and no backend URL beside
 * it is Junction's format, anything else the seed router's, as {@link ConfigLoader} decides.
 *
 * <p>The schema sees the JSON value a YAML value stands for, as the loader reads YAML 1.1. A key
 * left empty (YAML null) is accepted wherever the loader reads it as left out. In Junction's format
 * a string holding <code>${</code> is accepted wherever the loader expands the environment, since
 * only the environment tells what it becomes. Some checks are left to the loader: references
 * between keys (backend names, ids used once, a timeout at most its interval), files, and the range
 * of sizes written with a unit. Stateless.
 */
final class ConfigSchema {
  static final String ID = "urn:junction:schema:config";
  private static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";

  /** A duration above zero: at least one digit other than 0, then a unit. */
  private static final String DURATION = "^(?:[0-9]*[1-9][0-9]*(?:ms|s|m|h|d))$";
  private static final String SIZE = "^(?:[0-9]+(?:[kKmMgG][iI]?[bB]|[bB]))$";
  private static final String STATUS_RANGE = "^(?:[1-5][0-9]{2}-[1-5][0-9]{2})$";
  /** A string the environment decides: it holds a reference. */
  private static final String REFERENCE = "\\$\\{";
  private static final String URL_PREFIX = "^https?://";

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private ConfigSchema() {}

  /** The schema, pretty-printed, {@code \n} line ends and a final newline; the same text every time. */
  static String generate() {
    ObjectNode root = JSON.objectNode();
    root.put("$schema", DRAFT);
    root.put("$id", ID);
    root.put("title", "Junction configuration");
    root.put("description", "A Junction configuration file, in either format: Junction's own (a single top-level "
        + "junction key) or the seed router's (every top-level key a backend URL). See docs/configuration.md.");
    root.put("type", "object");
    ObjectNode junctionFormat = root.putObject("if");
    junctionFormat.putArray("required").add(ConfigLoader.JUNCTION_KEY);
    junctionFormat.putObject("propertyNames").putObject("not").put("pattern", URL_PREFIX);
    root.putObject("then").put("$ref", "#/$defs/junction-format");
    root.putObject("else").put("$ref", "#/$defs/seed-format");
    ObjectNode defs = root.putObject("$defs");
    defs.set("junction-format", described("Junction's own format: a single top-level key, junction, holding every "
        + "setting. String values may use ${NAME} for the environment variable NAME.", shape(ConfigKeys.ROOT, true)));
    defs.set("seed-format", described("The seed router's format: every top-level key is a backend URL, in discovery "
        + "order. No environment references.", shape(ConfigKeys.SEED, false)));
    return print(root);
  }

  /**
   * The schema of {@code key}'s value, with its description, default and example.
   *
   * @param env whether string values are expanded from the environment (Junction's format)
   * @param nullable whether an empty value is read as the key left out
   */
  static ObjectNode key(ConfigKey key, boolean env, boolean nullable) {
    ObjectNode schema = shape(key.shape(), env);
    if (nullable) {
      allowNull(schema);
    }
    String note = key.defaultValue() == null && key.defaultNote() != null ? " Default: " + key.defaultNote() + "." : "";
    ObjectNode out = described(key.description() + note, schema);
    if (key.defaultValue() != null) {
      out.set("default", yaml(key.defaultValue()));
    }
    out.putArray("examples").add(yaml(key.example()));
    return out;
  }

  /** The schema of a value of {@code shape}. */
  static ObjectNode shape(KeyShape shape, boolean env) {
    ObjectNode out = JSON.objectNode();
    if (shape instanceof KeyShape.Duration d) {
      types(out, "integer", "string").put("minimum", d.min()).put("pattern", pattern(DURATION, env));
    } else if (shape instanceof KeyShape.Size s) {
      types(out, "integer", "string").put("minimum", s.min()).put("maximum", s.max()).put("pattern", pattern(SIZE, env));
    } else if (shape instanceof KeyShape.Status) {
      types(out, "integer", "string").put("minimum", 100).put("maximum", 599).put("pattern", pattern(STATUS_RANGE, env));
    } else if (shape instanceof KeyShape.Flag) {
      out.put("type", "boolean");
    } else if (shape instanceof KeyShape.Whole w) {
      out.put("type", "integer").put("minimum", w.min()).put("maximum", w.max());
    } else if (shape instanceof KeyShape.Fraction) {
      out.put("type", "number").put("minimum", 0).put("maximum", 1);
    } else if (shape instanceof KeyShape.Choice c) {
      out.put("type", "string");
      ArrayNode values = JSON.arrayNode();
      c.values().forEach(values::add);
      if (env) {
        ArrayNode anyOf = out.putArray("anyOf");
        anyOf.addObject().set("enum", values);
        anyOf.addObject().put("pattern", REFERENCE);
      } else {
        out.set("enum", values);
      }
    } else if (shape instanceof KeyShape.Text t) {
      if (t.anyScalar()) {
        types(out, "string", "number", "boolean");
      } else {
        out.put("type", "string");
      }
      if (t.pattern() != null) {
        out.put("pattern", pattern(t.pattern(), env));
      }
    } else if (shape instanceof KeyShape.ListOf l) {
      out.put("type", "array").set("items", shape(l.item(), env));
      if (l.minItems() > 0) {
        out.put("minItems", l.minItems());
      }
      return l.single() == null ? out : merge(shape(l.single(), env), out);
    } else if (shape instanceof KeyShape.MapOf m) {
      out.put("type", "object");
      if (m.key().pattern() != null) {
        out.putObject("propertyNames").put("pattern", m.key().pattern());
      }
      ObjectNode value = shape(m.value(), env);
      if (m.nullValues()) {
        allowNull(value);
      }
      out.set("additionalProperties", value);
      if (m.minEntries() > 0) {
        out.put("minProperties", m.minEntries());
      }
    } else if (shape instanceof KeyShape.Either e) {
      ObjectNode first = shape(e.first(), env);
      ObjectNode second = shape(e.second(), env);
      if (first.has("oneOf") || second.has("oneOf")) {
        // a oneOf over required keys holds for no scalar: keep the two shapes apart
        ArrayNode anyOf = out.putArray("anyOf");
        anyOf.add(first);
        anyOf.add(second);
        return out;
      }
      return merge(first, second);
    } else if (shape instanceof KeyShape.Condition c) {
      ArrayNode anyOf = out.putArray("anyOf");
      anyOf.addObject().putObject("not").put("type", "object");
      ArrayNode operators = JSON.arrayNode();
      c.operators().names().forEach(operators::add);
      anyOf.addObject().put("type", "object").putObject("propertyNames").putObject("not").set("enum", operators);
      ObjectNode one = anyOf.addObject().put("type", "object");
      ObjectNode properties = one.putObject("properties");
      c.operators().keys().forEach(k -> properties.set(k.name(), key(k, env, false)));
      one.put("additionalProperties", false).put("minProperties", 1).put("maxProperties", 1);
    } else if (shape instanceof KeyShape.Group g) {
      out.put("type", "object");
      ObjectNode properties = out.putObject("properties");
      g.keys().forEach(k -> properties.set(k.name(), key(k, env, !k.required())));
      ArrayNode required = JSON.arrayNode();
      g.keys().stream().filter(ConfigKey::required).forEach(k -> required.add(k.name()));
      if (!required.isEmpty()) {
        out.set("required", required);
      }
      out.put("additionalProperties", false);
      if (!g.exactlyOne().isEmpty()) {
        ArrayNode oneOf = out.putArray("oneOf");
        g.exactlyOne().forEach(name -> oneOf.addObject().putArray("required").add(name));
      }
    } else if (!(shape instanceof KeyShape.AnyValue)) {
      throw new IllegalArgumentException("shape: " + shape + " (expected: a known shape)");
    }
    return out;
  }

  private static String pattern(String pattern, boolean env) {
    return env && pattern.startsWith("^") ? pattern + "|" + REFERENCE : pattern;
  }

  private static ObjectNode types(ObjectNode out, String... types) {
    ArrayNode array = out.putArray("type");
    for (String t : types) {
      array.add(t);
    }
    return out;
  }

  /** Adds YAML null to what {@code schema} accepts. */
  private static void allowNull(ObjectNode schema) {
    JsonNode type = schema.get("type");
    if (type == null) {
      return;  // no type: anything, or conditions that a null passes
    }
    if (type.isTextual()) {
      schema.putArray("type").add(type.asText()).add("null");
    } else if (!containsText(type, "null")) {
      ((ArrayNode) type).add("null");
    }
    if (schema.get("enum") instanceof ArrayNode values) {
      values.addNull();
    }
  }

  /**
   * One schema accepting what {@code a} or {@code b} accepts, for shapes of different JSON types:
   * the types joined, every other keyword (each applies to one type only) kept.
   */
  private static ObjectNode merge(ObjectNode a, ObjectNode b) {
    Set<String> types = new LinkedHashSet<>();
    for (ObjectNode s : new ObjectNode[] {a, b}) {
      JsonNode type = s.get("type");
      if (type == null) {
        throw new IllegalArgumentException("merge: " + s + " (expected: a type)");
      }
      if (type.isTextual()) {
        types.add(type.asText());
      } else {
        type.forEach(t -> types.add(t.asText()));
      }
    }
    ObjectNode out = JSON.objectNode();
    types(out, types.toArray(String[]::new));
    for (ObjectNode s : new ObjectNode[] {a, b}) {
      for (Map.Entry<String, JsonNode> e : s.properties()) {
        if (e.getKey().equals("type")) {
          continue;
        }
        if (out.has(e.getKey())) {
          throw new IllegalArgumentException("merge: " + e.getKey() + " twice (expected: shapes of different types)");
        }
        out.set(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  private static boolean containsText(JsonNode array, String text) {
    for (JsonNode n : array) {
      if (n.asText().equals(text)) {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode described(String description, ObjectNode schema) {
    ObjectNode out = JSON.objectNode().put("description", description);
    out.setAll(schema);
    return out;
  }

  /** The JSON value of a YAML text from the catalogue (an example or a default). */
  private static JsonNode yaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("catalogue value: " + text + " (expected: YAML)", e);
    }
  }

  private static String print(JsonNode root) {
    DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
        .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
        .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
    try {
      return new ObjectMapper().writer(printer).writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("schema: cannot write it", e);
    }
  }
}
