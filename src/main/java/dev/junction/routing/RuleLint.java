package dev.junction.routing;

import dev.junction.config.BackendConfig;
import dev.junction.config.FieldCondition;
import dev.junction.config.HeadConditions;
import dev.junction.config.JunctionConfig;
import dev.junction.config.PayloadCondition;
import dev.junction.config.RuleConfig;
import dev.junction.config.ValueMatcher;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Finds rules that can never match. Sound but not complete: every message is true, yet some dead
 * rules (e.g. shadowed by a combination of earlier rules) go unreported.
 *
 * <p>Rule A (earlier) shadows rule B when A's path covers B's ({@link PathPattern#covers}), A
 * applies to every method B can match on, and A's payload test is no stricter than B's: A has no
 * payload conditions, or each of B's alternatives contains all fields of some alternative of A;
 * and A's host, header and query conditions are each also B's.
 * The methods a payload rule can match on are its methods among POST, PUT and PATCH.
 */
final class RuleLint {
  private RuleLint() {}

  static List<String> lint(JunctionConfig config) {
    List<String> messages = new ArrayList<>();
    List<RuleConfig> rules = new ArrayList<>();
    List<PathPattern> paths = new ArrayList<>();
    for (RuleConfig rule : config.rules()) {
      PathPattern path;
      try {
        path = new PathPattern(rule.path());
      } catch (IllegalArgumentException e) {
        messages.add(rule.origin() + ": rule '" + rule.id() + "': " + e.getMessage());
        continue;
      }
      Set<String> methods = effectiveMethods(rule);
      if (methods != null && methods.isEmpty()) {
        messages.add(rule.origin() + ": rule '" + rule.id() + "' can never match: it tests the payload but its methods "
            + new TreeSet<>(rule.methods()) + " include none of POST, PUT, PATCH");
      } else {
        RuleConfig earlier = shadowedBy(rule, path, rules, paths);
        if (earlier != null) {
          messages.add(rule.origin() + ": rule '" + rule.id() + "' can never match: rule '" + earlier.id()
              + "' (" + earlier.origin() + ") matches every request it would");
        }
      }
      rules.add(rule);
      paths.add(path);
    }
    discovery(config, messages);
    return List.copyOf(messages);
  }

  /**
   * Who discovery probes when {@code discovery.candidates} is not set: every backend but those with
   * {@code discovery: false}. When {@code models.backends} names the model servers, a rule's backend
   * outside them that discovery probes too is likely a mistake: a speech or WebSocket server
   * answering an unknown-model POST. A backend neither a rule nor discovery reaches is never used.
   */
  private static void discovery(JunctionConfig config, List<String> messages) {
    if (config.discovery().candidates() != null) {
      return;
    }
    Set<String> ruled = new TreeSet<>();
    for (RuleConfig rule : config.rules()) {
      ruled.addAll(rule.backends());
    }
    Set<String> models = config.models() == null ? Set.of() : Set.copyOf(config.models().backends());
    List<String> probedRuled = new ArrayList<>();
    for (BackendConfig b : config.backends()) {
      if (!b.discovery()) {
        if (!ruled.contains(b.name())) {
          messages.add("backend '" + b.name() + "' is never used: no rule routes to it and it says discovery: false");
        }
      } else if (ruled.contains(b.name()) && !models.contains(b.name())) {
        probedRuled.add(b.name());
      }
    }
    if (!models.isEmpty() && !probedRuled.isEmpty()) {
      String them = probedRuled.size() == 1 ? "it" : "them";
      messages.add("discovery also probes " + String.join(", ", probedRuled.stream().map(n -> "'" + n + "'").toList())
          + ", which " + (probedRuled.size() == 1 ? "a rule routes" : "rules route") + " to and models.backends "
          + "leaves out: if a request no rule matches should not reach " + them + ", add discovery: false to " + them
          + " or set discovery.candidates");
    }
  }

  private static @Nullable RuleConfig shadowedBy(RuleConfig rule, PathPattern path, List<RuleConfig> earlier,
      List<PathPattern> earlierPaths) {
    Set<String> methods = effectiveMethods(rule);
    for (int i = 0; i < earlier.size(); i++) {
      RuleConfig e = earlier.get(i);
      if (earlierPaths.get(i).covers(path) && methodsCover(effectiveMethods(e), methods) && payloadCovers(e, rule)
          && headCovers(e.head(), rule.head())) {
        return e;
      }
    }
    return null;
  }

  /** The methods a rule can match on; {@code null} means every method. */
  private static @Nullable Set<String> effectiveMethods(RuleConfig rule) {
    if (!rule.hasPayload()) {
      return rule.methods().isEmpty() ? null : rule.methods();
    }
    if (rule.methods().isEmpty()) {
      return RoutingRequest.PAYLOAD_METHODS;
    }
    Set<String> s = new HashSet<>(rule.methods());
    s.retainAll(RoutingRequest.PAYLOAD_METHODS);
    return s;
  }

  private static boolean methodsCover(@Nullable Set<String> earlier, @Nullable Set<String> later) {
    return earlier == null || (later != null && earlier.containsAll(later));
  }

  /**
   * Whether every request {@code later} accepts on the head passes {@code earlier} too: each header
   * and query condition of {@code earlier} is also one of {@code later}'s, and {@code earlier} has no
   * host condition or one listing every host {@code later} lists.
   */
  private static boolean headCovers(HeadConditions earlier, HeadConditions later) {
    for (Map.Entry<String, ValueMatcher> c : earlier.headers().entrySet()) {
      if (!c.getValue().equals(later.headers().get(c.getKey()))) {
        return false;
      }
    }
    for (Map.Entry<String, ValueMatcher> c : earlier.query().entrySet()) {
      if (!c.getValue().equals(later.query().get(c.getKey()))) {
        return false;
      }
    }
    return earlier.hosts().isEmpty() || (!later.hosts().isEmpty() && earlier.hosts().containsAll(later.hosts()));
  }

  private static boolean payloadCovers(RuleConfig earlier, RuleConfig later) {
    if (!earlier.hasPayload()) {
      return true;
    }
    if (!later.hasPayload()) {
      return false;
    }
    for (PayloadCondition b : later.payload()) {
      Set<FieldCondition> fields = Set.copyOf(b.fields());
      if (earlier.payload().stream().noneMatch(a -> fields.containsAll(a.fields()))) {
        return false;
      }
    }
    return true;
  }
}
