package dev.junction.admin.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.junction.admin.ApiException;
import dev.junction.admin.ApiJson;
import dev.junction.admin.ApiTypes;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Turns a JSON request body into the operation's record, or a 400 whose detail names the field:
 * malformed JSON, not an object, a required field missing or null, an unknown field, a wrong type,
 * or a value the record itself refuses (its compact constructor's message).
 */
final class RequestBodies {
  private RequestBodies() {}

  static <T extends Record> T parse(Class<T> type, @Nullable Buffer body) {
    if (body == null || body.length() == 0) {
      throw ApiException.badRequest("body: missing (expected: a JSON " + type.getSimpleName() + " object)");
    }
    JsonNode node;
    try {
      node = ApiJson.reader().readTree(body.getBytes());
    } catch (IOException e) {
      throw ApiException.badRequest("body: not valid JSON (" + describe(e) + ")");
    }
    if (node == null || !node.isObject()) {
      String got = node == null ? "empty" : node.getNodeType().toString().toLowerCase(Locale.ROOT);
      throw ApiException.badRequest("body: " + got + " (expected: a JSON " + type.getSimpleName() + " object)");
    }
    List<String> missing = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      JsonNode v = node.get(c.getName());
      if (ApiTypes.required(c) && (v == null || v.isNull())) {
        missing.add(c.getName());
      }
    }
    if (!missing.isEmpty()) {
      throw ApiException.badRequest(String.join(", ", missing) + ": missing (expected: "
          + String.join(", ", ApiTypes.requiredNames(type)) + " in every " + type.getSimpleName() + ")");
    }
    try {
      return ApiJson.reader().forType(type).readValue(node);
    } catch (UnrecognizedPropertyException e) {
      String known = Stream.of(type.getRecordComponents()).map(RecordComponent::getName).collect(Collectors.joining(", "));
      throw ApiException.badRequest(path(e) + ": unknown field (expected: only " + known + ")");
    } catch (ValueInstantiationException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IllegalArgumentException) {
        throw ApiException.badRequest(cause.getMessage());
      }
      if (cause instanceof NullPointerException) {
        throw ApiException.badRequest(path(e) + "." + cause.getMessage() + ": missing (expected: a value)");
      }
      throw ApiException.badRequest(path(e) + ": invalid (" + describe(e) + ")");
    } catch (MismatchedInputException e) {
      throw ApiException.badRequest(path(e) + ": wrong type (expected: " + expected(e.getTargetType()) + ")");
    } catch (JsonMappingException e) {
      throw ApiException.badRequest(path(e) + ": " + describe(e));
    } catch (IOException e) {
      throw ApiException.badRequest("body: " + describe(e));
    }
  }

  /** What JSON a Java target type takes, in the caller's terms. */
  private static String expected(@Nullable Class<?> t) {
    if (t == null) {
      return "a value of another type";
    }
    if (t.isEnum()) {
      return "one of " + Stream.of(t.getEnumConstants()).map(c -> ApiJson.encode(c).toString())
          .collect(Collectors.joining(", "));
    }
    if (t == String.class || CharSequence.class.isAssignableFrom(t)) {
      return "a string";
    }
    if (t == boolean.class || t == Boolean.class) {
      return "true or false";
    }
    if (t.isPrimitive() || Number.class.isAssignableFrom(t)) {
      return "a number";
    }
    if (t.isArray() || Collection.class.isAssignableFrom(t)) {
      return "an array";
    }
    return "an object";
  }

  /** {@code payload.model} or {@code backends[2]}; {@code body} for the top level. */
  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "body" : sb.toString();
  }

  /** Jackson's message without its source excerpt, plus line and column. */
  private static String describe(IOException e) {
    if (e instanceof JsonProcessingException j) {
      String msg = j.getOriginalMessage();
      int nl = msg.indexOf('\n');
      msg = nl >= 0 ? msg.substring(0, nl) : msg;
      if (j.getLocation() != null && j.getLocation().getLineNr() > 0) {
        msg += " at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
      }
      return msg;
    }
    return String.valueOf(e.getMessage());
  }
}
