package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.config.BackendConfig;
import dev.junction.config.RuleConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A {@link RuleConfig} ready for the hot path: compiled path and payload, backends resolved, and
 * its {@link RoutingDecision.Forward} built once so a match allocates nothing. Immutable.
 */
final class CompiledRule {
  final RuleConfig config;
  final PathPattern path;
  private final Set<String> methods;
  /** Null when the rule does not look at the payload. */
  final @Nullable PayloadMatcher payload;
  /** Null when the rule does not look at headers, query or host. */
  private final @Nullable HeadMatcher head;
  final RoutingDecision.Forward forward;

  private CompiledRule(RuleConfig config, PathPattern path, @Nullable PayloadMatcher payload,
      RoutingDecision.Forward forward) {
    this.config = config;
    this.path = path;
    this.methods = config.methods();
    this.payload = payload;
    this.head = HeadMatcher.compile(config.head());
    this.forward = forward;
  }

  /**
   * @param backends every configured backend by name
   * @throws IllegalArgumentException {@code "<origin>: rule '<id>': path: ..."} for an invalid path,
   *     {@code "...: backends: 'x' (expected: ...)"} for a backend that is not configured
   */
  static CompiledRule compile(RuleConfig rule, Map<String, BackendConfig> backends) {
    requireNonNull(rule, "rule");
    String where = rule.origin() + ": rule '" + rule.id() + "': ";
    PathPattern path;
    try {
      path = new PathPattern(rule.path());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + e.getMessage(), e);
    }
    List<BackendConfig> resolved = new ArrayList<>();
    for (String name : rule.backends()) {
      BackendConfig b = backends.get(name);
      if (b == null) {
        throw new IllegalArgumentException(where + "backends: '" + name + "' (expected: one of "
            + backends.keySet().stream().sorted().toList() + ")");
      }
      resolved.add(b);
    }
    PayloadMatcher payload = rule.hasPayload() ? PayloadMatcher.compile(rule.payload()) : null;
    Balancer balancer = Balancer.create(rule.balance(), resolved, rule.success());
    return new CompiledRule(rule, path, payload, new RoutingDecision.Forward(resolved, rule.id(), balancer,
        rule.responseTimeout(), rule.retryNonIdempotentOnTimeout()));
  }

  /** Path and method match; the head and payload, if the rule has conditions, are still to be checked. */
  boolean routeMatches(String method, String requestPath) {
    return (methods.isEmpty() || methods.contains(method)) && path.matches(requestPath);
  }

  /** The rule's header, query and host conditions hold (or it has none). */
  boolean headMatches(RequestHead request) {
    return head == null || head.matches(request);
  }

  /** Whether the rule tests headers, query or host. */
  boolean testsHead() {
    return head != null;
  }
}
