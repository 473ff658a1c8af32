package dev.junction.openapi.merge;

import dev.junction.config.PayloadCondition;
import dev.junction.config.RuleConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Which backends the route table sends an operation to, decided the way the router does: rules in
 * config order; a rule without a payload condition ends the search; payload rules before it split
 * the operation by payload. An operation no rule covers is discovery-only: every discovery candidate
 * that documents it can answer.
 */
final class Ownership {
  private static final Set<String> PAYLOAD_METHODS = Set.of("POST", "PUT", "PATCH");

  /** One backend that receives the operation, and the payload alternatives that send it there (empty: all). */
  record Owner(String backend, List<PayloadCondition> when, String ruleId) {}

  private Ownership() {}

  /**
   * @param declares whether a backend's document has this operation (method, document path)
   * @return the owners in routing order; empty when no configured route reaches the operation
   */
  static List<Owner> owners(String method, String path, List<RuleConfig> rules, List<String> candidates,
      BiPredicate<String, String> declares) {
    String m = method.toUpperCase(Locale.ROOT);
    List<Owner> out = new ArrayList<>();
    boolean anyRule = false;
    for (RuleConfig r : rules) {
      if (!Templates.covers(r.path(), path) || !(r.methods().isEmpty() || r.methods().contains(m))) {
        continue;
      }
      if (!r.payload().isEmpty() && !PAYLOAD_METHODS.contains(m)) {
        continue; // a payload rule never matches this method
      }
      anyRule = true;
      for (String b : r.backends()) {
        out.add(new Owner(b, r.payload(), r.id()));
      }
      if (r.payload().isEmpty()) {
        return out;
      }
    }
    if (anyRule) {
      return out;
    }
    for (String b : candidates) {
      if (declares.test(b, m)) {
        out.add(new Owner(b, List.of(), "discovery"));
      }
    }
    return out;
  }
}
