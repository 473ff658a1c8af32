package dev.junction.admin.backends;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A backend passed over for a while because it answered that it was busy. */
@Schema(description = "The backend answered 429 or 503 with Retry-After: rules, balancing, remembered decisions and "
    + "discovery pass it over until then while another candidate is available.")
public record BackendCooling(
    @Schema(description = "The busy answer's status.", example = "429")
    int status,
    @Schema(description = "When the backend is tried again first (its Retry-After, at most proxy.max_retry_after).")
    Instant until) {
  public BackendCooling {
    requireNonNull(until, "until");
  }
}
