package dev.junction.openapi.sources;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * What Junction knows of one backend's OpenAPI document.
 *
 * @param backend the backend's name
 * @param url where the document is fetched from
 * @param status pending (never fetched yet), ok (the last fetch succeeded) or failed
 * @param fetchedAt when the document in use was fetched; {@code null} when none was ever fetched
 * @param error why the last fetch failed; {@code null} unless {@code status} is failed
 * @param title the document's {@code info.title}; {@code null} when none is in use
 * @param version the document's {@code info.version}; {@code null} when none is in use
 */
public record SourceState(String backend, String url, Status status, @Nullable Instant fetchedAt, @Nullable String error,
    @Nullable String title, @Nullable String version) {

  /** The outcome of the last fetch. */
  public enum Status { PENDING, OK, FAILED }

  public SourceState {
    requireNonNull(backend, "backend");
    requireNonNull(url, "url");
    requireNonNull(status, "status");
  }

  /** Whether a document from this backend is in the merged document (after a failure: the last good one). */
  public boolean inUse() {
    return fetchedAt != null;
  }
}
