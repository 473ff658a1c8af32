package dev.junction.admin;

import static java.util.Objects.requireNonNull;

/**
 * A failure with an HTTP meaning, answered as an RFC 9457 {@code application/problem+json} body.
 * Services and handlers fail their futures with it (or throw it) to say "not found", "conflict",
 * and so on; the admin server maps it, and only it, to a status other than 500.
 *
 * <p>The detail is sent to the client: it must help the caller and never contain secrets or stack
 * traces. It carries no stack trace itself: it is an answer, not a bug.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String type;
  private final String title;

  /**
   * @param status the HTTP status, 400..599
   * @param type a short problem slug such as {@code not-found}; sent as {@code urn:junction:problem:<slug>}
   * @param title a short, human-readable summary that does not change between occurrences
   * @param detail what happened this time, for the caller
   */
  public ApiException(int status, String type, String title, String detail) {
    super(requireNonNull(detail, "detail"), null, false, false);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("status: " + status + " (expected: 400..599)");
    }
    this.status = status;
    this.type = requireNonNull(type, "type");
    this.title = requireNonNull(title, "title");
  }

  /** 400: the request is malformed or invalid. */
  public static ApiException badRequest(String detail) {
    return new ApiException(400, "bad-request", "Bad request", detail);
  }

  /** 404: the addressed thing does not exist. */
  public static ApiException notFound(String detail) {
    return new ApiException(404, "not-found", "Not found", detail);
  }

  /** 409: the request conflicts with the current state (e.g. an alias already taken). */
  public static ApiException conflict(String detail) {
    return new ApiException(409, "conflict", "Conflict", detail);
  }

  /** 503: a dependency the operation needs is not available right now. */
  public static ApiException unavailable(String detail) {
    return new ApiException(503, "unavailable", "Service unavailable", detail);
  }

  public int status() {
    return status;
  }

  /** The problem slug, without the {@code urn:junction:problem:} prefix. */
  public String type() {
    return type;
  }

  public String title() {
    return title;
  }

  public String detail() {
    return getMessage();
  }
}
