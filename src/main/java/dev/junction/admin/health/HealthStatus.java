package dev.junction.admin.health;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Overall or per-check health, worst last. */
public enum HealthStatus {
  /** Everything works. */
  @JsonProperty("up")
  UP,
  /** Serving, with a dependency impaired (e.g. the persistent cache store is unreachable). */
  @JsonProperty("degraded")
  DEGRADED,
  /** Not able to serve. */
  @JsonProperty("down")
  DOWN;

  /** The worse of the two. */
  public HealthStatus worst(HealthStatus other) {
    return other.ordinal() > ordinal() ? other : this;
  }
}
