package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What Junction knows about one finished data-plane request, handed to {@link ExchangeObserver}s.
 *
 * @param startedAt when the request head arrived (wall clock, millisecond precision)
 * @param requestId its {@code X-Request-Id}: the client's when sane, else generated
 * @param client the client's IP address, {@code unknown} when not known
 * @param method the request method as sent (not bounded: metrics bound it themselves)
 * @param path the canonical primary path when it could be resolved, else the raw path; never the query
 * @param alias the alias the client used, {@code null} when it called the primary path
 * @param source who decided where it went
 * @param rule the id of the rule that decided, {@code null} unless {@code source} is {@link Source#RULE}
 * @param backend the backend whose response was relayed, {@code null} when none was
 * @param status the response status, 0 when no response head was sent (the connection closed first)
 * @param bytesIn request body bytes read from the client; for a tunnel, plus the bytes it carried from
 *     the client after the 101 (raw, frames and all)
 * @param bytesOut response body bytes written to the client; for a tunnel, the bytes it carried to the
 *     client after the 101
 * @param headNanos nanoseconds from the request head to the response head, -1 when none was sent
 * @param firstByteNanos nanoseconds from the request head to the first byte of the response body
 *     written to the client (an event stream's first event), -1 when no body byte was (a tunnel's
 *     bytes are not a body)
 * @param totalNanos nanoseconds from the request head to the end (or the close)
 * @param attempts every backend tried, in order (empty when none was)
 * @param ended true when the response ended normally, false when the connection closed first
 * @param abort why the answer was cut short, {@code null} when it was not: the backend broke its
 *     answer (then the client got a 502, or a cut when the head had gone out), the client went away,
 *     or the client's request broke
 * @param traceId the OpenTelemetry trace id (32 hex digits) when the request was traced, else {@code null}
 */
public record CompletedExchange(
    Instant startedAt,
    String requestId,
    String client,
    String method,
    String path,
    @Nullable String alias,
    Source source,
    @Nullable String rule,
    @Nullable String backend,
    int status,
    long bytesIn,
    long bytesOut,
    long headNanos,
    long firstByteNanos,
    long totalNanos,
    List<AttemptResult> attempts,
    boolean ended,
    @Nullable Abort abort,
    @Nullable String traceId) {

  /** Not traced. */
  public CompletedExchange(Instant startedAt, String requestId, String client, String method, String path,
      @Nullable String alias, Source source, @Nullable String rule, @Nullable String backend, int status, long bytesIn,
      long bytesOut, long headNanos, long firstByteNanos, long totalNanos, List<AttemptResult> attempts, boolean ended,
      @Nullable Abort abort) {
    this(startedAt, requestId, client, method, path, alias, source, rule, backend, status, bytesIn, bytesOut, headNanos,
        firstByteNanos, totalNanos, attempts, ended, abort, null);
  }

  /** Why an answer was cut short; its {@link #slug} is a metric label and an access-log value. */
  public enum Abort {
    /** The backend broke its answer: a malformed body, an early close, a reset, a stall. */
    BACKEND("backend"),
    /** The client connection (or HTTP/2 stream) went away first. */
    CLIENT("client"),
    /** The client's request could not be read to its end (a bad chunk, a stall). */
    REQUEST("request");

    private final String slug;

    Abort(String slug) {
      this.slug = slug;
    }

    public String slug() {
      return slug;
    }
  }

  /** Who decided where a request went. */
  public enum Source {
    /** An explicit rule. */
    RULE("rule"),
    /** The catalog: a backend whose model list names the request's model. */
    CATALOG("catalog"),
    /** Discovery: candidates tried in order. */
    DISCOVERY("discovery"),
    /** A remembered decision, and its backend answered. */
    CACHE("cache"),
    /** Junction answered itself (health, merged OpenAPI document, models list...). */
    LOCAL("local"),
    /** Refused: a bad request, a routing rejection, or the client left before anything was decided. */
    REJECTED("rejected"),
    /** Junction failed (e.g. the router failed); see its log. */
    ERROR("error");

    private final String slug;

    Source(String slug) {
      this.slug = slug;
    }

    /** Its name in logs, metric labels and the admin API. */
    public String slug() {
      return slug;
    }
  }

  public CompletedExchange {
    requireNonNull(startedAt, "startedAt");
    requireNonNull(requestId, "requestId");
    requireNonNull(client, "client");
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(source, "source");
    attempts = List.copyOf(attempts);
  }

  /** Whether a response head was sent. */
  public boolean answered() {
    return headNanos >= 0;
  }

  /** Whether a byte of the response body was written to the client. */
  public boolean bodyStarted() {
    return firstByteNanos >= 0;
  }

  /**
   * Whether the client connection became a tunnel after a {@code 101} (a WebSocket): only tunnels
   * report 101, since a {@code 101} nobody asked for fails its attempt.
   */
  public boolean tunnel() {
    return status == 101;
  }
}
