package dev.junction.admin.routes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.junction.config.FieldCondition;
import dev.junction.config.PayloadCondition;
import dev.junction.config.ValueMatcher;
import java.util.stream.Collectors;

/**
 * Payload conditions as text: {@code /model equals "gpt-4o" and /stream equals true}. Matchers read
 * {@code equals <json>}, {@code one of [<json>, ...]}, {@code matches "<glob>"}, {@code exists} and
 * {@code is absent}.
 */
final class PayloadText {
  private PayloadText() {}

  static String render(PayloadCondition alternative) {
    if (alternative.fields().isEmpty()) {
      return "any payload";
    }
    return alternative.fields().stream().map(PayloadText::render).collect(Collectors.joining(" and "));
  }

  static String render(FieldCondition f) {
    return f.pointer() + " " + render(f.matcher());
  }

  static String render(ValueMatcher m) {
    if (m instanceof ValueMatcher.Equals e) {
      return "equals " + json(e.value());
    } else if (m instanceof ValueMatcher.OneOf o) {
      return "one of [" + o.values().stream().map(PayloadText::json).collect(Collectors.joining(", ")) + "]";
    } else if (m instanceof ValueMatcher.Glob g) {
      return "matches " + TextNode.valueOf(g.pattern());
    } else if (m instanceof ValueMatcher.Exists x) {
      return x.present() ? "exists" : "is absent";
    }
    throw new IllegalArgumentException("matcher: " + m.getClass().getName() + " (expected: a known ValueMatcher)");
  }

  private static String json(JsonNode v) {
    return v.toString();
  }
}
