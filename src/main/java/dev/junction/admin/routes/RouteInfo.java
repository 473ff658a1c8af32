package dev.junction.admin.routes;

import static java.util.Objects.requireNonNull;

import dev.junction.config.BalanceStrategy;
import dev.junction.config.Origin;
import dev.junction.config.RuleConfig;
import dev.junction.config.StatusSet;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** One explicit rule, as the admin API shows it. */
@Schema(description = "An explicit routing rule. Rules are tried in order; the first that matches decides.")
public record RouteInfo(
    @Schema(description = "The rule's id.", example = "chat-gpt4o")
    String id,
    @Schema(description = "Exact path or template ({name} matches one segment).", example = "/v1/chat/completions")
    String path,
    @Schema(description = "Upper-case methods it applies to, sorted; empty means any method.")
    List<String> methods,
    @Schema(description = "Payload alternatives, one string each; the rule matches when any holds. Empty: the payload "
        + "is not looked at.", example = "[\"/model equals \\\"gpt-4o\\\"\"]")
    List<String> payload,
    @Schema(description = "Backend names, in the order they are tried.")
    List<String> backends,
    @Schema(description = "Statuses counted as success for this route; absent: the discovery default.",
        example = "200-299, 304")
    @Nullable String success,
    @Schema(description = "Where the rule was declared, file:line.", example = "junction.yaml:12")
    String origin,
    @Schema(description = "How the backends share requests: first (the first in rotation, the others only when it "
        + "cannot be reached), round_robin (smooth weighted) or least_in_flight.", example = "round_robin")
    String balance,
    @Schema(description = "Weight per backend name, in the rule's order; absent for balance first.",
        example = "{\"llm-a\": 3, \"llm-b\": 1}")
    @Nullable Map<String, Integer> weights,
    @Schema(description = "Conditions on the host, headers and query parameters, one string each; all must hold. "
        + "Empty: the rule does not look at them.", example = "[\"host *.example.com\", \"header x-tenant equals \\\"acme\\\"\"]")
    List<String> conditions) {

  public RouteInfo {
    requireNonNull(id, "id");
    requireNonNull(path, "path");
    methods = List.copyOf(methods);
    payload = List.copyOf(payload);
    backends = List.copyOf(backends);
    requireNonNull(origin, "origin");
    requireNonNull(balance, "balance");
    weights = weights == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(weights));
    conditions = List.copyOf(conditions);
  }

  /** A rule without conditions on host, headers or query. */
  public RouteInfo(String id, String path, List<String> methods, List<String> payload, List<String> backends,
      @Nullable String success, String origin, String balance, @Nullable Map<String, Integer> weights) {
    this(id, path, methods, payload, backends, success, origin, balance, weights, List.of());
  }

  /** A rule with balance {@code first}. */
  public RouteInfo(String id, String path, List<String> methods, List<String> payload, List<String> backends,
      @Nullable String success, String origin) {
    this(id, path, methods, payload, backends, success, origin, BalanceStrategy.FIRST.wireName(), null);
  }

  public static RouteInfo from(RuleConfig rule) {
    return new RouteInfo(rule.id(), rule.path(), rule.methods().stream().sorted().toList(),
        rule.payload().stream().map(PayloadText::render).toList(), rule.backends(),
        rule.success() == null ? null : statuses(rule.success()), origin(rule.origin()),
        rule.balance().strategy().wireName(), weights(rule), HeadText.render(rule.head()));
  }

  private static @Nullable Map<String, Integer> weights(RuleConfig rule) {
    if (rule.balance().strategy() == BalanceStrategy.FIRST) {
      return null;
    }
    Map<String, Integer> out = new LinkedHashMap<>();
    rule.backends().forEach(b -> out.put(b, rule.balance().weight(b)));
    return out;
  }

  /** A status set as text without brackets, e.g. {@code 200-299, 304}. */
  public static String statuses(StatusSet s) {
    String t = s.toString();
    return t.startsWith("[") && t.endsWith("]") ? t.substring(1, t.length() - 1) : t;
  }

  /** {@code file:line}; {@code <code>} for rules built in code. */
  static String origin(Origin o) {
    if (o.line() <= 0) {
      return o.toString();
    }
    return (o.file() == null ? "<inline>" : o.file().toString()) + ":" + o.line();
  }
}
