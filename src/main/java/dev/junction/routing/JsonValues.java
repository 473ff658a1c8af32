package dev.junction.routing;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;

/**
 * JSON value equality and number canonicalization, shared by payload matching and fingerprints so
 * that two values are equal exactly when their canonical forms are.
 *
 * <p>Equality: objects compare whole (same keys, equal values, order ignored), arrays element by
 * element, strings exactly, numbers by numeric value at any depth ({@code 1 == 1.0 == 1e0}), JSON
 * {@code null} only to {@code null}. Unlike Python, a boolean never equals a number ({@code true} is
 * not {@code 1}): a JSON payload distinguishes them and so does Junction.
 */
final class JsonValues {
  /** Integral values below this magnitude are written as plain digits; others in BigDecimal form. */
  private static final long PLAIN_LIMIT = 1_000_000_000_000_000_000L;

  private JsonValues() {}

  /** Whether {@code a} and {@code b} are equal under the rules above; a missing node equals nothing. */
  static boolean equal(JsonNode a, JsonNode b) {
    if (a.isMissingNode() || b.isMissingNode()) {
      return false;
    }
    if (a.isNumber() || b.isNumber()) {
      return a.isNumber() && b.isNumber() && numbersEqual(a, b);
    }
    if (a.isObject()) {
      return b.isObject() && objectsEqual(a, b);
    }
    if (a.isArray()) {
      return b.isArray() && arraysEqual(a, b);
    }
    if (a.isTextual()) {
      return b.isTextual() && a.textValue().equals(b.textValue());
    }
    return a.equals(b);
  }

  private static boolean objectsEqual(JsonNode a, JsonNode b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (Map.Entry<String, JsonNode> e : a.properties()) {
      JsonNode other = b.get(e.getKey());
      if (other == null || !equal(e.getValue(), other)) {
        return false;
      }
    }
    return true;
  }

  private static boolean arraysEqual(JsonNode a, JsonNode b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!equal(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean numbersEqual(JsonNode a, JsonNode b) {
    if (a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong()) {
      return a.longValue() == b.longValue();
    }
    if (!finite(a) || !finite(b)) {
      return a.doubleValue() == b.doubleValue();
    }
    return a.decimalValue().compareTo(b.decimalValue()) == 0;
  }

  /** False for the infinities and NaN a binary floating-point node can hold. */
  private static boolean finite(JsonNode n) {
    return !(n.isDouble() || n.isFloat()) || Double.isFinite(n.doubleValue());
  }

  /**
   * The canonical text of a number node: plain digits for an integral value of magnitude below
   * 10^18 ({@code 1.0} gives {@code 1}); otherwise the shortest {@link BigDecimal#toString} form
   * after stripping trailing zeros ({@code 0.50} gives {@code 0.5}, {@code 1e400} gives
   * {@code 1E+400}, never 400 digits); {@code Infinity}, {@code -Infinity} or {@code NaN} for
   * non-finite floating-point nodes. Equal numbers give equal text.
   */
  static String canonicalNumber(JsonNode n) {
    if (n.isIntegralNumber() && n.canConvertToLong()) {
      long v = n.longValue();
      if (v > -PLAIN_LIMIT && v < PLAIN_LIMIT) {
        return Long.toString(v);
      }
      return BigDecimal.valueOf(v).stripTrailingZeros().toString();
    }
    if (!finite(n)) {
      return Double.toString(n.doubleValue());
    }
    BigDecimal d = n.decimalValue().stripTrailingZeros();
    if (d.signum() == 0) {
      return "0";
    }
    if (d.scale() <= 0 && d.precision() - d.scale() <= 18) {
      return Long.toString(d.longValueExact());
    }
    return d.toString();
  }
}
