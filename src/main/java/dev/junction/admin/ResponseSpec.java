package dev.junction.admin;

import static java.util.Objects.requireNonNull;

/**
 * One declared response of an operation (besides the standard error responses every operation
 * carries).
 *
 * @param status the HTTP status
 * @param description what this response means, for the OpenAPI document
 * @param body its JSON body; {@link TypeRef#none()} for no body (e.g. 204)
 */
public record ResponseSpec(int status, String description, TypeRef body) {
  public ResponseSpec {
    requireNonNull(description, "description");
    requireNonNull(body, "body");
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status: " + status + " (expected: 200..599)");
    }
    if (description.isBlank()) {
      throw new IllegalArgumentException("description: blank (expected: what the response means)");
    }
    if (status == 204 && !body.isNone()) {
      throw new IllegalArgumentException("body: " + body + " for 204 (expected: no body)");
    }
  }
}
