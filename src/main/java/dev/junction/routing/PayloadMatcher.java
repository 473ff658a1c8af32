package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.config.FieldCondition;
import dev.junction.config.PayloadCondition;
import dev.junction.config.ValueMatcher;
import java.util.List;

/**
 * A rule's payload alternatives, compiled: the payload matches when any alternative holds, and an
 * alternative holds when every one of its field conditions does.
 *
 * <ul>
 *   <li>{@code Equals}: the pointer resolves and the value equals, with {@link JsonValues#equal}
 *       (numbers by value at any depth, so {@code 1} equals {@code 1.0}; a boolean never equals a
 *       number, unlike Python's {@code True == 1}).
 *   <li>{@code OneOf}: {@code Equals} against any of the values.
 *   <li>{@code Glob}: the value is a JSON string matching the glob (see {@link Glob}); a number or
 *       any other non-string never matches.
 *   <li>{@code Exists(true)}: the pointer resolves, JSON {@code null} included; {@code Exists(false)}:
 *       it does not.
 * </ul>
 *
 * An empty alternative list never matches (a rule without payload conditions does not build one).
 * Immutable and thread-safe; matching does not allocate beyond what Jackson's pointer lookup does.
 */
final class PayloadMatcher {
  private final Field[][] alternatives;

  private PayloadMatcher(Field[][] alternatives) {
    this.alternatives = alternatives;
  }

  static PayloadMatcher compile(List<PayloadCondition> conditions) {
    requireNonNull(conditions, "conditions");
    Field[][] alternatives = new Field[conditions.size()][];
    for (int i = 0; i < alternatives.length; i++) {
      List<FieldCondition> fields = conditions.get(i).fields();
      alternatives[i] = new Field[fields.size()];
      for (int j = 0; j < fields.size(); j++) {
        FieldCondition f = fields.get(j);
        alternatives[i][j] = new Field(f.pointer(), test(f.matcher()));
      }
    }
    return new PayloadMatcher(alternatives);
  }

  boolean matches(Payload.Json payload) {
    requireNonNull(payload, "payload");
    for (Field[] alternative : alternatives) {
      if (holds(alternative, payload)) {
        return true;
      }
    }
    return false;
  }

  private static boolean holds(Field[] alternative, Payload.Json payload) {
    for (Field f : alternative) {
      if (!f.test.test(payload.at(f.pointer))) {
        return false;
      }
    }
    return true;
  }

  private static ValueTest test(ValueMatcher m) {
    if (m instanceof ValueMatcher.Equals e) {
      JsonNode expected = e.value();
      return v -> JsonValues.equal(v, expected);
    } else if (m instanceof ValueMatcher.OneOf o) {
      JsonNode[] values = o.values().toArray(new JsonNode[0]);
      return v -> {
        for (JsonNode expected : values) {
          if (JsonValues.equal(v, expected)) {
            return true;
          }
        }
        return false;
      };
    } else if (m instanceof ValueMatcher.Glob g) {
      Glob glob = Glob.compile(g.pattern());
      return v -> v.isTextual() && glob.matches(v.textValue());
    } else if (m instanceof ValueMatcher.Exists x) {
      boolean present = x.present();
      return v -> v.isMissingNode() != present;
    }
    throw new IllegalArgumentException("matcher: " + m + " (expected: equals, one_of, glob or exists)");
  }

  /** One value test; receives a {@code MissingNode} when the pointer does not resolve. */
  @FunctionalInterface
  private interface ValueTest {
    boolean test(JsonNode valueOrMissing);
  }

  private record Field(JsonPointer pointer, ValueTest test) {}
}
