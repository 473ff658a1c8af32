package dev.junction.admin.routes;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer Junction would give itself, in an {@link Explanation} whose decision is {@code reject}. */
@Schema(description = "The error Junction would answer without forwarding.")
public record Rejection(
    @Schema(description = "The HTTP status.", example = "413")
    int status,
    @Schema(description = "The problem slug.", example = "payload-too-large")
    String type,
    @Schema(description = "The problem title.")
    String title,
    @Schema(description = "The problem detail.")
    String detail) {

  public Rejection {
    requireNonNull(type, "type");
    requireNonNull(title, "title");
    requireNonNull(detail, "detail");
  }
}
