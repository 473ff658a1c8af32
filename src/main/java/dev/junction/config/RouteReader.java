package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The {@code routes} list of Junction's format, in order. Checks each route on its own (path
 * template, methods, backend references, balance and weights) and across routes (ids unique).
 * Payload conditions are read by {@link PayloadReader}. Weights need a balance other than
 * {@code first}: a weight there is an error, since the written order alone would decide. One
 * instance per load.
 */
final class RouteReader {
  private static final List<String> KEYS = ConfigKeys.ROUTE.names();
  private static final List<String> ENTRY_KEYS = ConfigKeys.BACKEND_ENTRY.names();
  private static final List<String> BALANCES = ConfigKeys.ROUTE.choices("balance");
  private static final String ENTRY = "a backend name, or a mapping {backend: NAME, weight: N}";
  /** The methods whose payload routing reads; mirrors the routing package's rule. */
  private static final Set<String> PAYLOAD_METHODS = Set.of("POST", "PUT", "PATCH");
  /** The IANA HTTP Method Registry (2024), CONNECT and PRI aside. */
  private static final List<String> REGISTERED_METHODS = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS",
      "TRACE", "PATCH", "QUERY", "ACL", "BASELINE-CONTROL", "BIND", "CHECKIN", "CHECKOUT", "COPY", "LABEL", "LINK",
      "LOCK", "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MKREDIRECTREF", "MKWORKSPACE", "MOVE", "ORDERPATCH",
      "PROPFIND", "PROPPATCH", "REBIND", "REPORT", "SEARCH", "UNBIND", "UNCHECKOUT", "UNLINK", "UNLOCK", "UPDATE",
      "UPDATEREDIRECTREF", "VERSION-CONTROL");
  /** RFC 9110 method token. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private final LoadProblems problems;
  private final Scalars scalars;
  private final Quantities quantities;
  private final PayloadReader payloads;
  private final HeadReader heads;
  private final List<String> backendNames;
  private final Map<String, Integer> idLines = new HashMap<>();

  /** @param backendNames every backend name written, for checking references */
  RouteReader(LoadProblems problems, Scalars scalars, List<String> backendNames) {
    this.problems = problems;
    this.scalars = scalars;
    this.quantities = new Quantities(scalars);
    this.payloads = new PayloadReader(scalars);
    this.heads = new HeadReader(scalars);
    this.backendNames = backendNames;
  }

  List<RuleConfig> read(Node node, String path) {
    if (!(node instanceof SequenceNode list)) {
      problems.add(node, path, Section.describe(node) + " (expected: a list of routes)");
      return List.of();
    }
    List<RuleConfig> rules = new ArrayList<>();
    for (int i = 0; i < list.getValue().size(); i++) {
      RuleConfig rule = route(list.getValue().get(i), KeyPaths.index(path, i), i + 1);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return rules;
  }

  private @Nullable RuleConfig route(Node node, String path, int number) {
    if (!(node instanceof MappingNode)) {
      String found = Section.isNull(node) ? "empty" : Section.describe(node);
      problems.add(node, path, found + " (expected: a route, a mapping with path and backend)");
      return null;
    }
    Section s = Section.of(node, path, KEYS, "a route, a mapping with path and backend", problems);
    String id = id(s, number);
    String routePath = routePath(s);
    Set<String> methods = methods(s);
    Node payloadNode = s.value("payload");
    List<PayloadCondition> payload = payloadNode == null ? List.of() : payloads.read(payloadNode, s.path("payload"));
    HeadConditions head = heads.read(s);
    Map<String, Integer> weights = new LinkedHashMap<>();
    Map<String, Section.Entry> weightNodes = new LinkedHashMap<>();
    List<String> backends = backends(s, weights, weightNodes);
    BalanceStrategy strategy = strategy(s);
    if (strategy == BalanceStrategy.FIRST) {
      weightNodes.forEach((name, w) -> problems.add(w.value(), w.path(), weights.get(name)
          + " with balance first (expected: balance: round_robin or least_in_flight, or no weight)"));
    }
    Node timeoutNode = s.value("response_timeout");
    Duration responseTimeout = timeoutNode == null ? null : quantities.duration(timeoutNode, s.path("response_timeout"));
    boolean retryOnTimeout = retryNonIdempotent(s);
    Node successNode = s.value("success");
    StatusSet success = successNode == null ? null : quantities.statuses(successNode, s.path("success"), false);
    Node methodsNode = s.value("methods");
    if (methodsNode != null && !payload.isEmpty() && !methods.isEmpty() && methods.stream().noneMatch(PAYLOAD_METHODS::contains)) {
      problems.add(methodsNode, s.path("methods"), String.join(", ", methods)
          + " with payload conditions (expected: payload rules only match POST, PUT and PATCH)");
    }
    if (routePath == null || backends.isEmpty() || strategy == null || head == null
        || (strategy == BalanceStrategy.FIRST && !weightNodes.isEmpty())) {
      return null;
    }
    try {
      return new RuleConfig(id, routePath, methods, payload, backends, success, problems.origin(node),
          new BalanceConfig(strategy, weights), responseTimeout, retryOnTimeout, head);
    } catch (IllegalArgumentException e) {
      s.reject(e, problems);
      return null;
    }
  }

  /** {@code retry_non_idempotent: [timeout]}: the only failure after which a POST may go again, opted into. */
  private boolean retryNonIdempotent(Section s) {
    Node node = s.value("retry_non_idempotent");
    if (node == null || Section.isNull(node)) {
      return false;
    }
    String path = s.path("retry_non_idempotent");
    List<Node> items = node instanceof org.yaml.snakeyaml.nodes.SequenceNode seq ? seq.getValue() : List.of(node);
    boolean timeout = false;
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String where = node instanceof org.yaml.snakeyaml.nodes.SequenceNode ? KeyPaths.index(path, i) : path;
      String word = scalars.string(item, where, "timeout");
      if (word == null) {
        continue;
      }
      if (word.equals("timeout")) {
        timeout = true;
      } else {
        problems.add(item, where, Section.shown(word) + " " + Suggestions.expectedOneOf(word, List.of("timeout")));
      }
    }
    return timeout;
  }

  private String id(Section s, int number) {
    Node node = s.value("id");
    String id = node == null ? null : scalars.string(node, s.path("id"), "a route id such as chat-gpt4");
    if (node != null && id != null && id.isBlank()) {
      problems.add(node, s.path("id"), "empty (expected: a route id such as chat-gpt4, or no id key)");
    }
    if (id == null || id.isBlank()) {
      id = "route-" + number;
    }
    Node at = node != null ? node : s.node();
    Integer first = idLines.putIfAbsent(id, problems.origin(at).line());
    if (first != null) {
      problems.add(at, s.path("id"), "'" + id + "' repeats the route id at line " + first + " (expected: unique route ids)");
    }
    return id;
  }

  private @Nullable String routePath(Section s) {
    Node node = s.value("path");
    if (node == null) {
      problems.add(s.node(), s.path("path"), "missing (expected: a path such as /v1/chat/completions)");
      return null;
    }
    String text = scalars.string(node, s.path("path"), "a path such as /v1/chat/completions");
    String problem = text == null ? null : PathSyntax.checkTemplate(text);
    if (problem != null) {
      problems.add(node, s.path("path"), problem);
      return null;
    }
    return text;
  }

  private Set<String> methods(Section s) {
    Node node = s.value("methods");
    if (node == null) {
      return Set.of();
    }
    if (node instanceof SequenceNode seq && seq.getValue().isEmpty()) {
      problems.add(node, s.path("methods"), "empty (expected: at least one method, or no methods key for any method)");
    }
    List<String> methods = scalars.strings(node, s.path("methods"), "a method such as POST", RouteReader::methodProblem);
    Set<String> out = new LinkedHashSet<>();
    methods.forEach(m -> out.add(m.toUpperCase(Locale.ROOT)));
    return out;
  }

  /**
   * Why {@code m} is not a method a route may name, {@code null} when it is one: a method of the
   * IANA HTTP Method Registry (RFC 9110, PATCH, WebDAV, QUERY...), in any case. A typo such as
   * {@code GTE} would make the rule silently never match, so an unregistered method is refused,
   * with the nearest registered one as a hint; CONNECT is refused because Junction never forwards it.
   */
  private static @Nullable String methodProblem(String m) {
    if (!TOKEN.matcher(m).matches()) {
      return Section.shown(m) + " (expected: a method such as POST)";
    }
    String upper = m.toUpperCase(Locale.ROOT);
    if (upper.equals("CONNECT")) {
      return "'" + m + "' (expected: another method: Junction is not a forward proxy and answers CONNECT with 405)";
    }
    if (REGISTERED_METHODS.contains(upper)) {
      return null;
    }
    String close = Suggestions.closest(upper, REGISTERED_METHODS);
    return Section.shown(m) + " is not an HTTP method (expected: a registered method such as GET, POST, PUT, PATCH "
        + "or DELETE" + (close == null ? ")" : ") - did you mean '" + close + "'?");
  }

  /** The {@code balance} key: {@code first} when absent, {@code null} after a problem. */
  private @Nullable BalanceStrategy strategy(Section s) {
    Node node = s.value("balance");
    if (node == null) {
      return BalanceStrategy.FIRST;
    }
    String text = scalars.string(node, s.path("balance"), "one of " + String.join(", ", BALANCES));
    if (text == null) {
      return null;
    }
    BalanceStrategy strategy = BalanceStrategy.parse(text);
    if (strategy == null) {
      problems.add(node, s.path("balance"), Section.shown(text) + " " + Suggestions.expectedOneOf(text, BALANCES));
    }
    return strategy;
  }

  /**
   * The backend names; {@code weights} and {@code weightNodes} receive the weights written with
   * {@code {backend: NAME, weight: N}} entries. Empty after a problem.
   */
  private List<String> backends(Section s, Map<String, Integer> weights, Map<String, Section.Entry> weightNodes) {
    Node one = s.value("backend");
    Node many = s.value("backends");
    if (one != null && many != null) {
      problems.add(many, s.path("backends"), "given with backend (expected: either backend: NAME or backends: [NAME, ...])");
      return List.of();
    }
    if (one == null && many == null) {
      problems.add(s.node(), s.path("backend"), "missing (expected: backend: NAME or backends: [NAME, ...])");
      return List.of();
    }
    if (one instanceof SequenceNode) {
      problems.add(one, s.path("backend"), "a list (expected: one backend name; write backends: for a list)");
      return List.of();
    }
    Node node = one != null ? one : many;
    String path = one != null ? s.path("backend") : s.path("backends");
    if (node instanceof SequenceNode seq && seq.getValue().isEmpty()) {
      problems.add(node, path, "empty (expected: at least one backend name)");
      return List.of();
    }
    Set<String> seen = new LinkedHashSet<>();
    Function<String, @Nullable String> check = name -> !backendNames.contains(name)
        ? "unknown backend '" + name + "' " + Suggestions.expectedOneOf(name, backendNames)
        : !seen.add(name) ? "backend '" + name + "' listed twice (expected: each backend once)" : null;
    if (!(node instanceof SequenceNode seq)) {
      List<String> names = scalars.strings(node, path, "a backend name", check);
      return names.size() == 1 ? names : List.of();
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i < seq.getValue().size(); i++) {
      Node item = seq.getValue().get(i);
      String itemPath = KeyPaths.index(path, i);
      String name = item instanceof MappingNode ? weighted(item, itemPath, check, weights, weightNodes)
          : item instanceof SequenceNode ? null : scalars.strings(item, itemPath, ENTRY, check).stream().findFirst().orElse(null);
      if (item instanceof SequenceNode) {
        problems.add(item, itemPath, "a list (expected: " + ENTRY + ")");
      }
      if (name != null) {
        names.add(name);
      }
    }
    return names.size() == seq.getValue().size() ? names : List.of();
  }

  /** One {@code {backend: NAME, weight: N}} entry: its name, or {@code null} after a problem. */
  private @Nullable String weighted(Node item, String itemPath, Function<String, @Nullable String> check,
      Map<String, Integer> weights, Map<String, Section.Entry> weightNodes) {
    Section entry = Section.of(item, itemPath, ENTRY_KEYS, ENTRY, problems);
    Node nameNode = entry.value("backend");
    if (nameNode == null) {
      problems.add(item, entry.path("backend"), "missing (expected: the backend's name, as in {backend: llm-a, weight: 3})");
      return null;
    }
    String name = scalars.string(nameNode, entry.path("backend"), "a backend name");
    String problem = name == null ? null : check.apply(name);
    if (problem != null) {
      problems.add(nameNode, entry.path("backend"), problem);
      name = null;
    }
    Node weightNode = entry.value("weight");
    Long weight = weightNode == null ? null : scalars.integer(weightNode, entry.path("weight"), 1, BalanceConfig.MAX_WEIGHT);
    if (weightNode != null && weight == null) {
      return null;
    }
    if (name != null && weight != null) {
      weights.put(name, weight.intValue());
      weightNodes.put(name, requireNonNull(entry.entry("weight")));
    }
    return name;
  }
}
