package dev.junction.admin.requests;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** One backend tried for a recent request. */
@Schema(description = "One backend tried for the request, in order: what it answered or why it was not used.")
public record RecentAttempt(
    @Schema(description = "The backend's name.", example = "llm-a")
    String backend,
    @Schema(description = "accepted, rejected (answered with a status that is no success), unreachable, busy (its pool "
        + "was full), timeout, failed (the connection broke) or skipped (not tried).", example = "rejected")
    String outcome,
    @Schema(description = "The status it answered; absent when it did not answer.", example = "404")
    @Nullable Integer status,
    @Schema(description = "Why it failed or was skipped; absent when it answered.", example = "connection refused")
    @Nullable String error) {
  public RecentAttempt {
    requireNonNull(backend, "backend");
    requireNonNull(outcome, "outcome");
  }
}
