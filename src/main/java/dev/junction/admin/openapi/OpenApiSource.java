package dev.junction.admin.openapi;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One backend's OpenAPI document, as the admin API shows it. */
@Schema(description = "A backend's OpenAPI document: where it is fetched from and how the last fetch went.")
public record OpenApiSource(
    @Schema(description = "The backend's name.", example = "llm-a")
    String backend,
    @Schema(description = "Where the document is fetched from.", example = "http://127.0.0.1:3000/openapi.json")
    String url,
    @Schema(description = "How the last fetch went: pending (not yet), ok or failed.")
    FetchStatus status,
    @Schema(description = "Whether a document from this backend is part of the merged document (after a failure, the "
        + "last good one).")
    boolean inUse,
    @Schema(description = "When the document in use was fetched; absent when none ever was.")
    @Nullable Instant fetchedAt,
    @Schema(description = "Why the last fetch failed; absent unless status is failed.",
        example = "HTTP 404 (expected: 2xx with the document)")
    @Nullable String error,
    @Schema(description = "The document's info.title; absent when none is in use.", example = "Model server A")
    @Nullable String title,
    @Schema(description = "The document's info.version; absent when none is in use.", example = "1.0")
    @Nullable String version) {

  public OpenApiSource {
    requireNonNull(backend, "backend");
    requireNonNull(url, "url");
    requireNonNull(status, "status");
  }
}
