package dev.junction.admin.requests;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** One finished data-plane request. */
@Schema(description = "One finished data-plane request and how it was routed.")
public record RecentRequest(
    @Schema(description = "When its head arrived.")
    Instant at,
    @Schema(description = "The request method.", example = "POST")
    String method,
    @Schema(description = "The canonical primary path (the raw path for a request refused before it was resolved); "
        + "never the query.", example = "/v1/chat/completions")
    String path,
    @Schema(description = "The alias the client called, absent when it called the primary path.", example = "/chat")
    @Nullable String alias,
    @Schema(description = "Who decided where it went: rule, catalog, discovery, cache, local (Junction answered), rejected or error.",
        example = "rule")
    String source,
    @Schema(description = "The id of the rule that decided; absent unless source is rule.", example = "chat-gpt4")
    @Nullable String rule,
    @Schema(description = "The backend whose response was relayed; absent when none was.", example = "llm-a")
    @Nullable String backend,
    @Schema(description = "The response status; 0 when the connection closed before any response was sent.", example = "200")
    int status,
    @Schema(description = "Milliseconds from the request head to the end of the response.", example = "42")
    long durationMs,
    @Schema(description = "Its X-Request-Id.", example = "4bf92f3577b34da6a3ce929d0e0e4736")
    String requestId,
    @Schema(description = "The backends tried by discovery, a remembered decision or a rule with several backends, "
        + "in order; empty when one backend answered a rule at once.")
    List<RecentAttempt> attempts,
    @Schema(description = "Its OpenTelemetry trace id, absent when it was not traced (tracing off).",
        example = "4bf92f3577b34da6a3ce929d0e0e4736")
    @Nullable String traceId) {

  /** Without attempts. */
  public RecentRequest(Instant at, String method, String path, @Nullable String alias, String source, @Nullable String rule,
      @Nullable String backend, int status, long durationMs, String requestId) {
    this(at, method, path, alias, source, rule, backend, status, durationMs, requestId, List.of(), null);
  }

  /** Not traced. */
  public RecentRequest(Instant at, String method, String path, @Nullable String alias, String source, @Nullable String rule,
      @Nullable String backend, int status, long durationMs, String requestId, List<RecentAttempt> attempts) {
    this(at, method, path, alias, source, rule, backend, status, durationMs, requestId, attempts, null);
  }

  public RecentRequest {
    requireNonNull(at, "at");
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(source, "source");
    requireNonNull(requestId, "requestId");
    attempts = List.copyOf(attempts);
    if (durationMs < 0) {
      throw new IllegalArgumentException("durationMs: " + durationMs + " (expected: >= 0)");
    }
  }
}
