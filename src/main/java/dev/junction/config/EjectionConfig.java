package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Passive outlier ejection: a backend that fails at the connection level (refused, reset, timed
 * out) this many times in a row is skipped for a cool-down, then given one request again (a probe);
 * a probe that fails ejects it for another cool-down, one that gets any response restores it.
 *
 * @param failures consecutive failures that eject a backend (default 5); 0 turns ejection off
 * @param cooldown how long an ejected backend is skipped before it is probed (default 30 s)
 */
public record EjectionConfig(int failures, Duration cooldown) {
  public EjectionConfig {
    if (failures < 0) {
      throw new IllegalArgumentException("failures: " + failures + " (expected: >= 0, 0 = off)");
    }
    requireNonNull(cooldown, "cooldown");
    if (cooldown.isNegative() || cooldown.isZero()) {
      throw new IllegalArgumentException("cooldown: " + cooldown + " (expected: > 0)");
    }
  }

  public static EjectionConfig defaults() {
    return new EjectionConfig(5, Duration.ofSeconds(30));
  }

  /** Never ejects. */
  public static EjectionConfig off() {
    return new EjectionConfig(0, Duration.ofSeconds(30));
  }

  public boolean enabled() {
    return failures > 0;
  }
}
