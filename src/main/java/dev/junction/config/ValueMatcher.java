package dev.junction.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** How one JSON value in a request payload is tested. A closed set; see the rule table in docs/routing.md. */
public sealed interface ValueMatcher {
  /**
   * The most digits an integer in a matcher may have: the forwarder parses a request body with
   * numbers of at most this many digits (a longer one makes the body "no payload"), so a longer
   * number in a matcher could never match. The config loader refuses it.
   */
  int MAX_NUMBER_DIGITS = 100;

  /**
   * The deepest nesting of objects and arrays a request body may have and still be parsed; a
   * condition that needs a deeper body ({@link FieldCondition#bodyDepth}) could never hold. The
   * config loader refuses it.
   */
  int MAX_BODY_DEPTH = 64;

  /**
   * The value equals {@code value}; objects and arrays compare whole, numbers compare by numeric
   * value ({@code 1 == 1.0}), as the seed router's Python equality does.
   */
  record Equals(JsonNode value) implements ValueMatcher {
    public Equals {
      requireNonNull(value, "value");
    }
  }

  /** The value equals one of {@code values} (same equality as {@link Equals}). */
  record OneOf(List<JsonNode> values) implements ValueMatcher {
    public OneOf {
      values = List.copyOf(values);
      if (values.isEmpty()) {
        throw new IllegalArgumentException("one_of: empty (expected: at least one value)");
      }
    }
  }

  /** The value is a string matching a glob: {@code *} any run, {@code ?} one character. */
  record Glob(String pattern) implements ValueMatcher {
    public Glob {
      requireNonNull(pattern, "pattern");
    }
  }

  /** The pointer resolves to a value (including JSON {@code null}) when {@code present}, or not. */
  record Exists(boolean present) implements ValueMatcher {}
}
