package dev.junction.proxy;

import dev.junction.config.BackendConfig;
import org.jspecify.annotations.Nullable;

/**
 * One finished try of one backend for one request (or one candidate not tried), as reported in
 * problem bodies, logs, metrics and {@code /requests/recent}. The live try is an {@link Attempt}.
 */
public record AttemptResult(BackendConfig backend, Outcome outcome, int status, @Nullable String error, long durationMs) {

  public enum Outcome {
    /** The backend answered with a status that counts as success; its answer went to the client. */
    ACCEPTED("accepted"),
    /** The backend answered with a status that does not count as success. */
    REJECTED("rejected"),
    /** No connection could be made (refused, DNS, TLS, connect timeout). Nothing reached the backend. */
    UNREACHABLE("unreachable"),
    /** The backend's connection pool and its wait queue are full. Nothing reached the backend. */
    BUSY("busy"),
    /** Connected, but no response head arrived in time. */
    TIMEOUT("timeout"),
    /** The connection broke after the request was (partly) sent and before the response head. */
    FAILED("failed"),
    /** Not tried: the discovery deadline passed first, or the backend is ejected. */
    SKIPPED("skipped");

    private final String slug;

    Outcome(String slug) {
      this.slug = slug;
    }

    /** The outcome's name in problem bodies, logs and metric labels. */
    public String slug() {
      return slug;
    }
  }
}
