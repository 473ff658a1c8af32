package dev.junction.config;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.StringReader;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Validation against the generated schema with vertx-json-schema. YAML becomes JSON as the loader
 * reads it: composed by {@link YamlSource} (YAML 1.1: {@code yes} is a boolean, {@code 0x10} an
 * integer), timestamps kept as the text written, as {@link JsonValues} keeps them.
 */
final class SchemaCheck {
  private static final JsonSchemaOptions OPTIONS = new JsonSchemaOptions()
      .setDraft(Draft.DRAFT202012).setBaseUri("app://").setOutputFormat(OutputFormat.Basic);
  private static final Validator DOCUMENT = validator(new JsonObject(ConfigSchema.generate()));

  private SchemaCheck() {}

  static Validator validator(JsonObject schema) {
    return Validator.create(JsonSchema.of(schema), OPTIONS);
  }

  /** What the schema finds wrong with the YAML document {@code yaml}; empty when it is valid. */
  static List<String> errors(String yaml) {
    return errors(DOCUMENT, json(yaml));
  }

  static List<String> errors(Validator validator, @Nullable Object json) {
    OutputUnit unit = validator.validate(json);
    if (Boolean.TRUE.equals(unit.getValid())) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (OutputUnit e : unit.getErrors() == null ? List.<OutputUnit>of() : unit.getErrors()) {
      if (!e.getError().startsWith("A subschema had errors") && !e.getError().startsWith("A sub-schema had errors")) {
        out.add(e.getInstanceLocation() + ": " + e.getError() + " (" + e.getKeywordLocation() + ")");
      }
    }
    return out.isEmpty() ? List.of("invalid") : out;
  }

  /** The JSON value of the YAML document {@code yaml}. */
  static @Nullable Object json(String yaml) {
    LoadProblems problems = new LoadProblems(null);
    YamlSource source = new YamlSource();
    Node root = source.compose(new StringReader(yaml), problems);
    problems.throwIfAny();
    return root == null ? null : json(root, source);
  }

  private static @Nullable Object json(Node node, YamlSource source) {
    if (node instanceof MappingNode m) {
      JsonObject object = new JsonObject();
      for (NodeTuple t : m.getValue()) {
        object.put(((ScalarNode) t.getKeyNode()).getValue(), json(t.getValueNode(), source));
      }
      return object;
    }
    if (node instanceof SequenceNode s) {
      JsonArray array = new JsonArray();
      s.getValue().forEach(item -> array.add(json(item, source)));
      return array;
    }
    ScalarNode scalar = (ScalarNode) node;
    Tag tag = scalar.getTag();
    if (tag.equals(Tag.NULL)) {
      return null;
    }
    if (tag.equals(Tag.BOOL) || tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      Object value = source.value(scalar);
      return value instanceof BigInteger b && b.bitLength() < 64 ? (Object) b.longValue() : value;
    }
    return scalar.getValue();
  }
}
