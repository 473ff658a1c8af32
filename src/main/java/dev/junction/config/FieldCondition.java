package dev.junction.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;

/** One payload test: the value at a JSON pointer satisfies a matcher. */
public record FieldCondition(JsonPointer pointer, ValueMatcher matcher) {
  public FieldCondition {
    requireNonNull(pointer, "pointer");
    requireNonNull(matcher, "matcher");
  }

  /**
   * How deeply a request body must nest objects and arrays for this condition to hold: one level per
   * pointer segment, plus the deepest value the matcher accepts ({@code one_of}: its deepest option);
   * 0 for {@code exists: false}, which holds on a body without the field.
   */
  public int bodyDepth() {
    int value;
    if (matcher instanceof ValueMatcher.Equals e) {
      value = depth(e.value());
    } else if (matcher instanceof ValueMatcher.OneOf o) {
      value = o.values().stream().mapToInt(FieldCondition::depth).max().orElse(0);
    } else if (matcher instanceof ValueMatcher.Exists x && !x.present()) {
      return 0;
    } else {
      value = 0;
    }
    int segments = 0;
    for (JsonPointer p = pointer; !p.matches(); p = p.tail()) {
      segments++;
    }
    return segments + value;
  }

  /** Levels of objects and arrays in {@code v}: 0 for a scalar. Bounded by the YAML depth limit. */
  private static int depth(JsonNode v) {
    if (!v.isContainerNode()) {
      return 0;
    }
    int deepest = 0;
    for (JsonNode child : v) {
      deepest = Math.max(deepest, depth(child));
    }
    return 1 + deepest;
  }
}
