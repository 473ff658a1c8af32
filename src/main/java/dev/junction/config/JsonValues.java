package dev.junction.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * YAML values as the JSON values a payload is compared with, keeping their YAML type: an
 * {@code int} becomes an int, long or big integer node (as Jackson reads JSON numbers; at most
 * {@link ValueMatcher#MAX_NUMBER_DIGITS} digits), a
 * {@code float} a double node, {@code bool} a boolean, {@code null} JSON null, a timestamp the
 * text as written (JSON has no dates), a string a text node; mappings and sequences become objects
 * and arrays. One instance per load; not thread-safe.
 */
final class JsonValues {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final Scalars scalars;

  JsonValues(Scalars scalars) {
    this.scalars = scalars;
  }

  /** The JSON value of {@code node}; an unusable part becomes JSON null after its problem is recorded. */
  JsonNode json(Node node, String path) {
    if (node instanceof MappingNode m) {
      ObjectNode object = JSON.objectNode();
      List<Section.Entry> entries = Section.entries(m, path, scalars.problems());
      entries.forEach(e -> object.set(e.key(), json(e.value(), e.path())));
      return object;
    }
    if (node instanceof SequenceNode s) {
      ArrayNode array = JSON.arrayNode(s.getValue().size());
      for (int i = 0; i < s.getValue().size(); i++) {
        array.add(json(s.getValue().get(i), KeyPaths.index(path, i)));
      }
      return array;
    }
    return scalar((ScalarNode) node, path);
  }

  private JsonNode scalar(ScalarNode node, String path) {
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL)) {
      return JSON.nullNode();
    }
    if (tag.equals(Tag.BOOL)) {
      Boolean b = scalars.bool(node, path);
      return b == null ? JSON.nullNode() : JSON.booleanNode(b);
    }
    if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      Number n = scalars.number(node);
      if (n instanceof Double d && Double.isFinite(d)) {
        return JSON.numberNode(d);
      }
      if (n instanceof Integer i) {
        return JSON.numberNode(i);
      }
      if (n instanceof Long l) {
        return JSON.numberNode(l);
      }
      if (n instanceof BigInteger b) {
        int digits = b.abs().toString().length();
        if (digits > ValueMatcher.MAX_NUMBER_DIGITS) {
          scalars.problems().add(node, path, "an integer of " + digits + " digits (expected: at most "
              + ValueMatcher.MAX_NUMBER_DIGITS + ": a request body carrying a longer number is not parsed, so it could "
              + "never match)");
          return JSON.nullNode();
        }
        return JSON.numberNode(b);
      }
      scalars.problems().add(node, path, Section.describe(node) + " (expected: a finite number)");
      return JSON.nullNode();
    }
    if (tag.equals(Tag.STR)) {
      String text = scalars.expand(node, path);
      return text == null ? JSON.nullNode() : JSON.textNode(text);
    }
    return JSON.textNode(node.getValue());
  }
}
