package dev.junction.admin;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A path or query parameter of an operation. The admin server validates and converts parameters
 * before the handler runs, so a handler only sees values that satisfy this declaration.
 *
 * @param name the parameter name; for a path parameter, the {@code {name}} in the path
 * @param in where it is sent
 * @param type its type, also its schema type in the OpenAPI document
 * @param description what it means
 * @param required whether it must be sent (always true for path parameters)
 * @param defaultValue the value used when it is absent, as text; {@code null} for none
 * @param minimum for integers, the smallest accepted value; {@code null} for no bound
 * @param maximum for integers, the largest accepted value; {@code null} for no bound
 */
public record ApiParameter(
    String name,
    In in,
    ParamType type,
    String description,
    boolean required,
    @Nullable String defaultValue,
    @Nullable Long minimum,
    @Nullable Long maximum) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

  /** Where a parameter is sent. */
  public enum In {
    PATH,
    QUERY
  }

  public ApiParameter {
    requireNonNull(name, "name");
    requireNonNull(in, "in");
    requireNonNull(type, "type");
    requireNonNull(description, "description");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name: '" + name + "' (expected: a letter, then letters, digits or _)");
    }
    if (description.isBlank()) {
      throw new IllegalArgumentException("description: blank for parameter '" + name + "' (expected: what it means)");
    }
    if (in == In.PATH && !required) {
      throw new IllegalArgumentException("required: false for path parameter '" + name + "' (expected: true)");
    }
    if ((minimum != null || maximum != null) && type != ParamType.INTEGER) {
      throw new IllegalArgumentException("minimum/maximum: set on " + type + " parameter '" + name + "' (expected: INTEGER only)");
    }
    if (defaultValue != null) {
      type.parse(name, defaultValue);
    }
  }

  /** A required string path parameter. */
  public static ApiParameter path(String name, String description) {
    return new ApiParameter(name, In.PATH, ParamType.STRING, description, true, null, null, null);
  }

  /** An optional query parameter without default. */
  public static ApiParameter query(String name, ParamType type, String description) {
    return new ApiParameter(name, In.QUERY, type, description, false, null, null, null);
  }

  public ApiParameter asRequired() {
    return new ApiParameter(name, in, type, description, true, defaultValue, minimum, maximum);
  }

  public ApiParameter withDefault(String value) {
    return new ApiParameter(name, in, type, description, required, value, minimum, maximum);
  }

  public ApiParameter withRange(@Nullable Long min, @Nullable Long max) {
    return new ApiParameter(name, in, type, description, required, defaultValue, min, max);
  }

  /**
   * Converts a raw value and checks the bounds.
   *
   * @throws IllegalArgumentException with a message shaped {@code "limit: x (expected: ...)"}
   */
  public Object convert(String raw) {
    Object v = type.parse(name, raw);
    if (v instanceof Long n) {
      if (minimum != null && n < minimum) {
        throw new IllegalArgumentException(name + ": " + raw + " (expected: >= " + minimum + ")");
      }
      if (maximum != null && n > maximum) {
        throw new IllegalArgumentException(name + ": " + raw + " (expected: <= " + maximum + ")");
      }
    }
    return v;
  }

  /** Parameter types: the OpenAPI schema type and how raw text converts. */
  public enum ParamType {
    STRING("string"),
    INTEGER("integer"),
    BOOLEAN("boolean");

    private final String jsonType;

    ParamType(String jsonType) {
      this.jsonType = jsonType;
    }

    /** The JSON Schema type name. */
    public String jsonType() {
      return jsonType;
    }

    /** Converts raw text to a String, Long or Boolean. */
    public Object parse(String name, String raw) {
      switch (this) {
        case INTEGER:
          try {
            return Long.parseLong(raw);
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + raw + "' (expected: an integer)");
          }
        case BOOLEAN:
          if (raw.equals("true") || raw.equals("false")) {
            return Boolean.valueOf(raw);
          }
          throw new IllegalArgumentException(name + ": '" + raw + "' (expected: true or false)");
        default:
          return raw;
      }
    }
  }
}
