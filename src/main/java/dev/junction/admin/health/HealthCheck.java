package dev.junction.admin.health;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** One dependency's health. */
@Schema(description = "The health of one dependency.")
public record HealthCheck(
    @Schema(description = "What was checked.", example = "cache-store")
    String name,
    @Schema(description = "Its status.")
    HealthStatus status,
    @Schema(description = "What is wrong when not up, or where it is (no secrets).", example = "sqlite junction-cache.db")
    @Nullable String detail) {

  public HealthCheck {
    requireNonNull(name, "name");
    requireNonNull(status, "status");
  }
}
