package dev.junction.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;

/** One payload test: the value at a JSON pointer satisfies a matcher. */
public record FieldCondition(JsonPointer pointer, ValueMatcher matcher) {
  public FieldCondition {
    requireNonNull(pointer, "pointer");
    requireNonNull(matcher, "matcher");
  }
}
