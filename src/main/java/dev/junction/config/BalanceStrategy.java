package dev.junction.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** How a rule with several backends picks the one to try first. */
public enum BalanceStrategy {
  /** The first backend in rotation, the others in order when it cannot be reached (the default). */
  FIRST,
  /** Smooth weighted round robin: over every sum-of-weights requests, each backend gets its weight. */
  ROUND_ROBIN,
  /** The backend with the fewest exchanges open per unit of weight; ties go round robin. */
  LEAST_IN_FLIGHT;

  /** The config spelling: {@code first}, {@code round_robin}, {@code least_in_flight}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every config spelling, in declaration order. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(BalanceStrategy::wireName).toList();
  }

  /** The strategy spelled {@code text}, exactly; {@code null} when there is none. */
  public static @Nullable BalanceStrategy parse(String text) {
    for (BalanceStrategy s : values()) {
      if (s.wireName().equals(text)) {
        return s;
      }
    }
    return null;
  }
}
