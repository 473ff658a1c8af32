package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** What routing knows of the request body. */
public sealed interface Payload {

  /** The body has not been read; a router that needs it answers {@link RoutingDecision.NeedPayload}. */
  record Unread() implements Payload {}

  /** No JSON payload: no body, a method whose body is never inspected, or a body over the limit. */
  record Absent() implements Payload {}

  /** A body that is not a JSON object (malformed, an array, a scalar): payload rules do not match. */
  record NotAnObject() implements Payload {}

  /**
   * A body declared as JSON ({@code Content-Type: application/json} or a {@code +json} type) that
   * is not valid UTF-8, which JSON must be (RFC 8259 section 8.1). A payload rule that would read it
   * makes the router answer 400 {@code invalid-utf8} (never a silent miss); discovery treats it
   * like {@link NotAnObject}. A body not declared as JSON is never checked: invalid UTF-8 there is
   * just {@link NotAnObject}, so binary bodies pass untouched.
   *
   * @param offset the position of the first byte that is not valid UTF-8
   */
  record InvalidUtf8(int offset) implements Payload {}

  /**
   * A body larger than the buffer limit: it was not parsed. A payload rule that would need it makes
   * the router answer 413 (never a silent miss); discovery runs without a cache key.
   */
  record TooLarge() implements Payload {}

  /**
   * A JSON object body. Read it with {@link #at}: when the parser built only a projection of the body
   * (see {@link PayloadProjection}), a pointer outside it, or {@link #object()}, parses the whole body
   * once, on first use, so every read answers as the whole tree would.
   */
  final class Json implements Payload {
    private final ObjectNode view;
    private final PayloadProjection covered;
    private final @Nullable Supplier<ObjectNode> parseWhole;
    private volatile @Nullable ObjectNode whole;

    /** The whole body's tree. */
    public Json(ObjectNode whole) {
      this(requireNonNull(whole, "whole"), PayloadProjection.WHOLE, null);
      this.whole = whole;
    }

    private Json(ObjectNode view, PayloadProjection covered, @Nullable Supplier<ObjectNode> parseWhole) {
      this.view = view;
      this.covered = covered;
      this.parseWhole = parseWhole;
    }

    /**
     * A body of which {@code view} holds the members {@code covered} names, built as in the whole
     * tree; {@code parseWhole} builds the whole tree when a read first leaves the projection (never
     * when every read is covered; twice at worst, when two threads race, both building the same tree).
     */
    public static Json projected(ObjectNode view, PayloadProjection covered, Supplier<ObjectNode> parseWhole) {
      requireNonNull(view, "view");
      requireNonNull(covered, "covered");
      requireNonNull(parseWhole, "parseWhole");
      return covered.isWhole() ? new Json(view) : new Json(view, covered, parseWhole);
    }

    /** The value at {@code pointer}, {@link com.fasterxml.jackson.databind.node.MissingNode} when there is none. */
    public JsonNode at(JsonPointer pointer) {
      return covered.covers(pointer) ? view.at(pointer) : object().at(pointer);
    }

    /** The whole body's tree (parsed now if only a projection was). Do not modify it. */
    public ObjectNode object() {
      ObjectNode w = whole;
      if (w == null) {
        w = requireNonNull(requireNonNull(parseWhole, "parseWhole").get(), "parseWhole result");
        whole = w;
      }
      return w;
    }

    /**
     * This body with the string at {@code field} replaced by {@code value} (a model alias renaming
     * the request): copies, never changes this one.
     */
    public Json withText(JsonPointer field, String value) {
      requireNonNull(field, "field");
      requireNonNull(value, "value");
      ObjectNode v = view.deepCopy();
      replace(v, field, value);
      if (parseWhole == null) {
        return new Json(v);
      }
      return new Json(v, covered, () -> {
        ObjectNode w = object().deepCopy();
        replace(w, field, value);
        return w;
      });
    }

    private static void replace(ObjectNode root, JsonPointer field, String value) {
      if (root.at(field.head()) instanceof ObjectNode parent && parent.has(field.last().getMatchingProperty())) {
        parent.put(field.last().getMatchingProperty(), value);
      }
    }

    /** Whether the whole tree has been built: by the parser, or since, by a read outside the projection. */
    public boolean parsedWhole() {
      return whole != null;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o == this || o instanceof Json j && object().equals(j.object());
    }

    @Override
    public int hashCode() {
      return object().hashCode();
    }

    @Override
    public String toString() {
      return "Json[" + (whole != null ? whole : "projected " + covered.pointers() + ": " + view) + "]";
    }
  }

  Payload UNREAD = new Unread();
  Payload ABSENT = new Absent();
  Payload NOT_AN_OBJECT = new NotAnObject();
  Payload TOO_LARGE = new TooLarge();
}
