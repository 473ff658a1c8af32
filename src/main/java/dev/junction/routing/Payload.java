package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;

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

  /** A JSON object body. */
  record Json(ObjectNode object) implements Payload {
    public Json {
      requireNonNull(object, "object");
    }
  }

  Payload UNREAD = new Unread();
  Payload ABSENT = new Absent();
  Payload NOT_AN_OBJECT = new NotAnObject();
  Payload TOO_LARGE = new TooLarge();
}
