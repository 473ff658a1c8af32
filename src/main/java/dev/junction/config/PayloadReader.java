package dev.junction.config;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
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
 * A route's {@code payload}: a list of alternatives, each a mapping of JSON pointer to condition.
 * A condition that is a mapping with exactly one key among {@code equals}, {@code one_of},
 * {@code glob}, {@code exists} is that operator; any other value is compared whole
 * ({@code equals}). To compare with an object that has one of those keys, write
 * {@code {equals: {...}}}. One instance per load.
 */
final class PayloadReader {
  static final List<String> OPERATORS = ConfigKeys.CONDITION.names();
  private static final String POINTER = "a JSON pointer such as /model";

  private final LoadProblems problems;
  private final Scalars scalars;
  private final JsonValues json;

  PayloadReader(Scalars scalars) {
    this.problems = scalars.problems();
    this.scalars = scalars;
    this.json = new JsonValues(scalars);
  }

  List<PayloadCondition> read(Node node, String path) {
    if (!(node instanceof SequenceNode list)) {
      problems.add(node, path, Section.describe(node)
          + " (expected: a list of alternatives, each a mapping of /pointer: condition)");
      return List.of();
    }
    List<PayloadCondition> out = new ArrayList<>();
    for (int i = 0; i < list.getValue().size(); i++) {
      Node item = list.getValue().get(i);
      String itemPath = KeyPaths.index(path, i);
      if (!(item instanceof MappingNode fields) || fields.getValue().isEmpty()) {
        String found = Section.isNull(item) || item instanceof MappingNode ? "empty" : Section.describe(item);
        problems.add(item, itemPath, found + " (expected: a mapping of /pointer: condition)");
        continue;
      }
      List<FieldCondition> conditions = new ArrayList<>();
      for (Section.Entry field : Section.entries(fields, itemPath, problems)) {
        JsonPointer pointer = PathSyntax.pointer(field.key());
        if (pointer == null) {
          problems.add(field.keyNode(), field.path(), Section.shown(field.key()) + " (expected: " + POINTER + ")");
        }
        ValueMatcher matcher = matcher(field);
        if (pointer != null && matcher != null) {
          FieldCondition condition = new FieldCondition(pointer, matcher);
          if (tooDeep(problems, condition, field)) {
            continue;
          }
          conditions.add(condition);
        }
      }
      out.add(new PayloadCondition(conditions));
    }
    return out;
  }

  private @Nullable ValueMatcher matcher(Section.Entry field) {
    if (!(field.value() instanceof MappingNode m) || operator(m) == null) {
      return new ValueMatcher.Equals(json.json(field.value(), field.path()));
    }
    String operator = operator(m);
    NodeTuple only = m.getValue().get(0);
    if (m.getValue().size() > 1) {
      problems.add(m, field.path(), "'" + operator + "' with other keys (expected: exactly one of "
          + String.join(", ", OPERATORS) + ", or {equals: {...}} to compare a whole object)");
      return null;
    }
    Node value = only.getValueNode();
    String path = KeyPaths.child(field.path(), (ScalarNode) only.getKeyNode());
    switch (operator) {
      case "equals":
        return new ValueMatcher.Equals(json.json(value, path));
      case "one_of":
        if (!(value instanceof SequenceNode values) || values.getValue().isEmpty()) {
          problems.add(value, path, Section.describe(value) + " (expected: a non-empty list of values)");
          return null;
        }
        List<JsonNode> options = new ArrayList<>();
        for (int i = 0; i < values.getValue().size(); i++) {
          options.add(json.json(values.getValue().get(i), KeyPaths.index(path, i)));
        }
        return new ValueMatcher.OneOf(options);
      case "glob":
        if (!(value instanceof ScalarNode s) || !s.getTag().equals(Tag.STR)) {
          problems.add(value, path, Section.describe(value) + " (expected: a glob string such as \"gpt-4*\")");
          return null;
        }
        String pattern = scalars.expand(s, path);
        return pattern == null ? null : new ValueMatcher.Glob(pattern);
      default:
        Boolean present = scalars.bool(value, path);
        return present == null ? null : new ValueMatcher.Exists(present);
    }
  }

  /** Records a problem and answers true when no request body Junction parses could satisfy {@code c}. */
  static boolean tooDeep(LoadProblems problems, FieldCondition c, Section.Entry field) {
    int depth = c.bodyDepth();
    if (depth <= ValueMatcher.MAX_BODY_DEPTH) {
      return false;
    }
    problems.add(field.keyNode(), field.path(), "needs a request body nested " + depth + " levels deep (expected: at most "
        + ValueMatcher.MAX_BODY_DEPTH + ": a deeper body is not parsed, so it could never match)");
    return true;
  }

  /** The first operator key of {@code mapping}, or {@code null} when it has none. */
  private static @Nullable String operator(MappingNode mapping) {
    for (NodeTuple t : mapping.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode k && OPERATORS.contains(k.getValue())) {
        return k.getValue();
      }
    }
    return null;
  }
}
