package dev.junction.admin;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of every admin error response, as RFC 9457 defines it. */
@Schema(description = "An RFC 9457 problem: what went wrong, sent as application/problem+json.")
public record Problem(
    @Schema(description = "Identifies the kind of problem: urn:junction:problem: followed by a slug "
        + "such as not-found, conflict or unauthorized.", example = "urn:junction:problem:not-found")
    String type,
    @Schema(description = "A short summary of the kind of problem.", example = "Not found")
    String title,
    @Schema(description = "The HTTP status code of this response.", example = "404")
    int status,
    @Schema(description = "What happened this time and, when it helps, how to fix it.")
    String detail,
    @Schema(description = "The request path that caused the problem.", example = "/cache/GET%20%2Fmodels%20-")
    String instance) {

  public static final String TYPE_PREFIX = "urn:junction:problem:";
  public static final String CONTENT_TYPE = "application/problem+json";

  public static Problem of(ApiException e, String instance) {
    return new Problem(TYPE_PREFIX + e.type(), e.title(), e.status(), e.detail(), instance);
  }
}
