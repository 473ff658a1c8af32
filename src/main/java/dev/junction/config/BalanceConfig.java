package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a rule spreads requests over its backends.
 *
 * @param strategy which backend goes first (default {@link BalanceStrategy#FIRST}: the order written)
 * @param weights weight per backend name, 1..1000; a backend left out weighs 1 (the default). Only
 *     with a strategy other than {@code first}, where the order alone decides
 */
public record BalanceConfig(BalanceStrategy strategy, Map<String, Integer> weights) {
  /** Today's behaviour: the backends in the order written, no weights. */
  public static final BalanceConfig FIRST = new BalanceConfig(BalanceStrategy.FIRST, Map.of());
  public static final int MAX_WEIGHT = 1000;

  public BalanceConfig {
    requireNonNull(strategy, "strategy");
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(weights, "weights")));
    for (Map.Entry<String, Integer> e : weights.entrySet()) {
      int w = requireNonNull(e.getValue(), "weight");
      if (w < 1 || w > MAX_WEIGHT) {
        throw new IllegalArgumentException("weight: " + w + " for backend '" + e.getKey() + "' (expected: 1.." + MAX_WEIGHT + ")");
      }
    }
    if (strategy == BalanceStrategy.FIRST && !weights.isEmpty()) {
      throw new IllegalArgumentException("weights: given with balance first (expected: balance: round_robin or "
          + "least_in_flight, or no weight)");
    }
  }

  /** {@code strategy} with every backend weighing 1. */
  public static BalanceConfig of(BalanceStrategy strategy) {
    return new BalanceConfig(strategy, Map.of());
  }

  /** The weight of {@code backend}: as written, else 1. */
  public int weight(String backend) {
    return weights.getOrDefault(backend, 1);
  }
}
