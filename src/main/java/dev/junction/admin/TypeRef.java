package dev.junction.admin;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The JSON body type of a request or response: nothing, one record, or a list of records. Records
 * are what both the handlers and the OpenAPI schemas are made of, so the two cannot disagree.
 *
 * @param type the record class, {@code null} for no body
 * @param list whether the body is a JSON array of {@code type}
 */
public record TypeRef(@Nullable Class<? extends Record> type, boolean list) {
  private static final TypeRef NONE = new TypeRef(null, false);

  public TypeRef {
    if (type == null && list) {
      throw new IllegalArgumentException("list: true without a type (expected: a record class)");
    }
  }

  /** No body. */
  public static TypeRef none() {
    return NONE;
  }

  /** One JSON object of the record type. */
  public static TypeRef of(Class<? extends Record> type) {
    return new TypeRef(type, false);
  }

  /** A JSON array of objects of the record type. */
  public static TypeRef listOf(Class<? extends Record> type) {
    return new TypeRef(type, true);
  }

  public boolean isNone() {
    return type == null;
  }

  /** Whether {@code value} is a valid body of this type ({@code null} only for none). */
  public boolean matches(@Nullable Object value) {
    if (type == null) {
      return value == null;
    }
    if (!list) {
      return type.isInstance(value);
    }
    if (!(value instanceof List<?> l)) {
      return false;
    }
    for (Object e : l) {
      if (!type.isInstance(e)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    if (type == null) {
      return "no body";
    }
    return list ? "List<" + type.getSimpleName() + ">" : type.getSimpleName();
  }
}
