package dev.junction.admin.config;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** How Junction finds a backend when no rule or cached decision says. */
@Schema(description = "How Junction finds a backend when no rule and no cached decision says.")
public record DiscoverySettings(
    @Schema(description = "Backend names tried in order; absent: every backend in configuration order.")
    @Nullable List<String> candidates,
    @Schema(description = "Statuses that count as accepted.", example = "200-299")
    String success,
    @Schema(description = "For non-idempotent methods, the statuses after which the next candidate may be tried.",
        example = "404, 405, 501")
    String nonIdempotentMoveOn,
    @Schema(description = "Bound on the whole discovery, in milliseconds.", example = "30000")
    long deadlineMs) {

  public DiscoverySettings {
    candidates = candidates == null ? null : List.copyOf(candidates);
    requireNonNull(success, "success");
    requireNonNull(nonIdempotentMoveOn, "nonIdempotentMoveOn");
  }
}
