package dev.junction.admin.routes;

import static java.util.Objects.requireNonNull;

import dev.junction.admin.cache.CacheEntry;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /routes/explain}. */
@Schema(description = "How a request would be routed, step by step, without forwarding it.")
public record Explanation(
    @Schema(description = "The path as given.", example = "/v1/models")
    String inputPath,
    @Schema(description = "The alias that matched the path; absent when none did.", example = "/v1/models")
    @Nullable String alias,
    @Schema(description = "The canonical path routing works on, after alias resolution.", example = "/models")
    String primaryPath,
    @Schema(description = "Which part of Junction decides.")
    DecisionKind decision,
    @Schema(description = "The rule that matched, for decision rule.")
    @Nullable String ruleId,
    @Schema(description = "The backends the request would go to, in order (one for a cache hit).")
    List<String> backends,
    @Schema(description = "The decision cache key, METHOD path fingerprint; absent when the outcome is not cacheable.")
    @Nullable String cacheKey,
    @Schema(description = "The remembered decision, for decision cache.")
    @Nullable CacheEntry cacheEntry,
    @Schema(description = "The backends discovery would try, in order, for decision discovery (or on a cache miss "
        + "after a failed cached backend).")
    List<String> candidates,
    @Schema(description = "The error Junction would answer, for decision reject.")
    @Nullable Rejection rejection,
    @Schema(description = "What was considered, in order, in plain words.")
    List<String> steps,
    @Schema(description = "For a rule with several backends and a balance other than first: the strategy "
        + "(round_robin or least_in_flight); backends then starts with the backend it would pick now, followed by "
        + "the failover order.", example = "round_robin")
    @Nullable String balance) {

  public Explanation {
    requireNonNull(inputPath, "inputPath");
    requireNonNull(primaryPath, "primaryPath");
    requireNonNull(decision, "decision");
    backends = List.copyOf(backends);
    candidates = List.copyOf(candidates);
    steps = List.copyOf(steps);
  }

  /** Without balancing. */
  public Explanation(String inputPath, @Nullable String alias, String primaryPath, DecisionKind decision,
      @Nullable String ruleId, List<String> backends, @Nullable String cacheKey, @Nullable CacheEntry cacheEntry,
      List<String> candidates, @Nullable Rejection rejection, List<String> steps) {
    this(inputPath, alias, primaryPath, decision, ruleId, backends, cacheKey, cacheEntry, candidates, rejection, steps,
        null);
  }
}
