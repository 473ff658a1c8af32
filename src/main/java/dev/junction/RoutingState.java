package dev.junction;

import static java.util.Objects.requireNonNull;

import dev.junction.config.BackendConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.routing.RuleRouter;
import java.util.List;

/**
 * The part of Junction a config reload swaps as one: the effective configuration (fallback backends
 * merged in) and the rule router compiled from it (rules, discovery candidates, cache key fields).
 * Immutable; published through an {@code AtomicReference}, read once per routing step.
 *
 * @param fallback the fallback backends in order (empty when none were given)
 */
record RoutingState(JunctionConfig config, List<BackendConfig> fallback, RuleRouter router) {
  RoutingState {
    requireNonNull(config, "config");
    fallback = List.copyOf(fallback);
    requireNonNull(router, "router");
  }

  /** Compiles {@code config}; throws {@link dev.junction.config.ConfigException} when a rule is invalid. */
  static RoutingState compile(JunctionConfig config, List<BackendConfig> fallback) {
    return new RoutingState(config, fallback, RuleRouter.create(config, fallback.isEmpty() ? null : fallback));
  }
}
