package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import dev.junction.config.BackendConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.StatusSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Router} built from a configuration's rules. Immutable and thread-safe; {@link #decide}
 * is pure, never blocks, and on a rule match allocates nothing.
 *
 * <p>How a request is decided:
 *
 * <ol>
 *   <li>Rules are walked in config order and the first that matches wins, whether its path is exact
 *       or a template. A rule matches when its path matches, its method set is empty or contains
 *       the method, and, if it has payload conditions, the method is POST, PUT or PATCH, the payload
 *       is a JSON object and one alternative holds. A payload rule whose path and method match while
 *       the payload is {@link Payload.Unread} answers {@link RoutingDecision.NeedPayload}; a payload
 *       that is {@link Payload.Absent} or {@link Payload.NotAnObject} makes payload rules not match;
 *       one that is {@link Payload.TooLarge} or {@link Payload.InvalidUtf8} makes the first such rule
 *       answer {@link RoutingDecision.Reject} 413 or 400.
 *       A match answers {@link RoutingDecision.Forward} with the rule's backends, id and {@link
 *       Balancer} (compiled once per rule; its state moves only when the forwarder picks).
 *   <li>No match: {@link RoutingDecision.Discover} over the candidates (the fallback override when
 *       given and non-empty; else {@code discovery.candidates} resolved by name, where an empty list
 *       means no discovery; else every backend in file order), with the discovery default success
 *       set. A rule's own {@code success} set is not used here: a rule forwards, it never discovers.
 *   <li>No candidates at all: {@link RoutingDecision.Reject} 502 {@code no-backend}.
 * </ol>
 *
 * <p>The discovery key is {@code (method, path, fingerprint)}. For methods other than POST, PUT and
 * PATCH the fingerprint is {@link CacheKey#NO_PAYLOAD}. For those three it needs the payload
 * ({@code NeedPayload} while unread): the SHA-256 of the canonical JSON of the {@code key_fields} of
 * the path when configured, else of the whole object; {@link CacheKey#NO_PAYLOAD} when the payload
 * is absent; {@link #NOT_JSON} when the body is not a JSON object or not valid UTF-8 (no payload
 * rule can match such a body, so the key still determines the outcome). Callers that cache must look up a cached decision
 * only after this router said {@code Discover}, so that a rule always wins over the cache.
 */
public final class RuleRouter implements Router {
  /** Fingerprint of a payload-method request whose body is not a JSON object. */
  public static final String NOT_JSON = "not-json";
  /** The problem type when no rule matches and nothing is discovered. */
  static final String NO_BACKEND = "no-backend";

  private static final RoutingDecision NEED_PAYLOAD = new RoutingDecision.NeedPayload();
  private static final CompiledRule[] NONE = new CompiledRule[0];

  /** Per exact rule path: every rule that matches that path (exact or template), in config order. */
  private final Map<String, CompiledRule[]> byExactPath;
  /** Per segment count: the template rules with that many segments, in config order. */
  private final CompiledRule[][] templatesBySegments;
  private final List<BackendConfig> candidates;
  private final StatusSet success;
  private final KeyFields.Table keyFields;
  private final PayloadProjection projection;
  /** Whether the catalog stage reads the payload: a request with no candidate still needs it read. */
  private final boolean catalog;

  private RuleRouter(Map<String, CompiledRule[]> byExactPath, CompiledRule[][] templatesBySegments,
      List<BackendConfig> candidates, StatusSet success, KeyFields.Table keyFields, PayloadProjection projection,
      boolean catalog) {
    this.byExactPath = byExactPath;
    this.templatesBySegments = templatesBySegments;
    this.candidates = candidates;
    this.success = success;
    this.keyFields = keyFields;
    this.projection = projection;
    this.catalog = catalog;
  }

  /** Whether {@code d} is the answer for a request no rule matches when there is no discovery candidate. */
  static boolean noBackend(RoutingDecision d) {
    return d instanceof RoutingDecision.Reject r && r.type().equals(NO_BACKEND);
  }

  /**
   * Compiles {@code config}'s rules, discovery candidates and {@code cache.key_fields}.
   *
   * @param fallbackOverride the CLI's {@code --backend} list or the embedding API's fallback
   *     backends: when non-null and non-empty, the discovery candidates in this order
   * @throws IllegalArgumentException naming the origin, rule and key, for an invalid rule path, a
   *     {@code key_fields} path, or a backend name that is not configured
   */
  public static RuleRouter create(JunctionConfig config, @Nullable List<BackendConfig> fallbackOverride) {
    requireNonNull(config, "config");
    Map<String, BackendConfig> backends = new LinkedHashMap<>();
    config.backends().forEach(b -> backends.put(b.name(), b));
    List<CompiledRule> rules = new ArrayList<>();
    config.rules().forEach(r -> rules.add(CompiledRule.compile(r, backends)));
    return new RuleRouter(indexExact(rules), indexTemplates(rules),
        candidates(config, backends, fallbackOverride), config.discovery().success(),
        KeyFields.Table.compile(config.cache()), projection(config), catalogField(config) != null);
  }

  /** Where the catalog stage reads the model, {@code null} when it is off. */
  static @Nullable JsonPointer catalogField(JunctionConfig config) {
    return config.models() != null && config.models().route() ? config.models().field() : null;
  }

  /** Every pointer a payload rule or a {@code key_fields} entry reads, whatever its path. */
  private static PayloadProjection projection(JunctionConfig config) {
    List<JsonPointer> read = new ArrayList<>();
    config.rules().forEach(r -> r.payload().forEach(c -> c.fields().forEach(f -> read.add(f.pointer()))));
    config.cache().keyFields().values().forEach(read::addAll);
    JsonPointer model = catalogField(config);
    if (model != null) {
      read.add(model);
    }
    if (!config.modelAliases().isEmpty()) {
      read.add(ModelAliases.field(config));
    }
    return PayloadProjection.of(read);
  }

  private static Map<String, CompiledRule[]> indexExact(List<CompiledRule> rules) {
    Map<String, CompiledRule[]> index = new HashMap<>();
    for (CompiledRule r : rules) {
      String p = r.path.pattern();
      if (!r.path.isTemplate() && !index.containsKey(p)) {
        index.put(p, rules.stream().filter(x -> x.path.matches(p)).toArray(CompiledRule[]::new));
      }
    }
    return Map.copyOf(index);
  }

  private static CompiledRule[][] indexTemplates(List<CompiledRule> rules) {
    int max = rules.stream().filter(r -> r.path.isTemplate()).mapToInt(r -> r.path.segmentCount()).max().orElse(0);
    CompiledRule[][] index = new CompiledRule[max + 1][];
    for (int n = 0; n <= max; n++) {
      int count = n;
      index[n] = rules.stream().filter(r -> r.path.isTemplate() && r.path.segmentCount() == count)
          .toArray(CompiledRule[]::new);
    }
    return index;
  }

  private static List<BackendConfig> candidates(JunctionConfig config, Map<String, BackendConfig> backends,
      @Nullable List<BackendConfig> fallbackOverride) {
    if (fallbackOverride != null && !fallbackOverride.isEmpty()) {
      return List.copyOf(fallbackOverride);
    }
    List<String> names = config.discovery().candidates();
    if (names == null) {
      List<BackendConfig> probed = new ArrayList<>();
      for (BackendConfig b : config.backends()) {
        if (b.discovery()) {
          probed.add(b);
        }
      }
      return List.copyOf(probed);
    }
    List<BackendConfig> resolved = new ArrayList<>();
    for (String name : names) {
      BackendConfig b = backends.get(name);
      if (b == null) {
        throw new IllegalArgumentException("discovery.candidates: '" + name + "' (expected: one of "
            + backends.keySet().stream().sorted().toList() + ")");
      }
      if (!b.discovery()) {
        throw new IllegalArgumentException("discovery.candidates: '" + name + "' says discovery: false (expected: "
            + "leave it out of the candidates, or remove discovery: false)");
      }
      resolved.add(b);
    }
    return List.copyOf(resolved);
  }

  /**
   * The pointers of every payload rule and {@code key_fields} entry: a payload parsed onto them
   * answers every rule and keyed fingerprint without the whole tree. {@link PayloadProjection#WHOLE}
   * when no payload rule applies to the request and discovery would fingerprint the whole payload
   * (no {@code key_fields} for its path): the tree is needed then, and building it at once spares a
   * second pass. Where a payload rule applies, a request no rule matches still fingerprints the whole
   * payload, and parses it then.
   */
  @Override
  public PayloadProjection projection(RoutingRequest request) {
    String path = request.path();
    if (candidates.isEmpty() || keyFields.forPath(path) != null) {
      return projection;
    }
    for (CompiledRule rule : rulesFor(path)) {
      if (rule.payload != null && rule.routeMatches(request.method(), path) && rule.headMatches(request.head())) {
        return projection;
      }
    }
    return PayloadProjection.WHOLE;
  }

  @Override
  public RoutingDecision decide(RoutingRequest request) {
    requireNonNull(request, "request");
    return decide(request.method(), request.path(), request.payload(), request.head());
  }

  /**
   * Whether {@link #decide} would answer {@link RoutingDecision.NeedPayload} for this method and
   * path with an unread payload: a POST, PUT or PATCH for which a payload rule is reached before
   * any rule that decides without it, or that would go to discovery (the key needs the payload).
   * Lets the listener decide to buffer the body before asking.
   */
  public boolean needsPayload(String method, String path) {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    return RoutingRequest.PAYLOAD_METHODS.contains(method)
        && decide(method, path, Payload.UNREAD, RequestHead.NONE) == NEED_PAYLOAD;
  }

  /** The discovery candidates, in order; empty when nothing is ever discovered. */
  public List<BackendConfig> candidates() {
    return candidates;
  }

  /**
   * Messages for rules that can never match, for {@code config check} and startup warnings: a
   * rule shadowed by an earlier one, or a payload rule whose methods exclude POST, PUT and PATCH.
   * Never throws for a bad rule path: that is reported as a message too.
   */
  public static List<String> lint(JunctionConfig config) {
    return RuleLint.lint(config);
  }

  private RoutingDecision decide(String method, String path, Payload payload, RequestHead head) {
    boolean payloadMethod = RoutingRequest.PAYLOAD_METHODS.contains(method);
    for (CompiledRule rule : rulesFor(path)) {
      if (!rule.routeMatches(method, path) || !rule.headMatches(head)) {
        continue;
      }
      PayloadMatcher matcher = rule.payload;
      if (matcher == null) {
        return rule.forward;
      }
      if (!payloadMethod) {
        continue;
      }
      if (payload instanceof Payload.Unread) {
        return NEED_PAYLOAD;
      }
      if (payload instanceof Payload.TooLarge) {
        // The rule needs a body Junction will not hold: say so rather than miss it silently.
        return new RoutingDecision.Reject(413, "payload-too-large", "Payload too large",
            "rule '" + rule.config.id() + "' matches on the JSON payload of " + method + " " + path
                + " and the body is larger than max_buffered_body");
      }
      if (payload instanceof Payload.InvalidUtf8 bad) {
        // The client said JSON and sent bytes no JSON parser may accept: say so rather than miss silently.
        return new RoutingDecision.Reject(400, "invalid-utf8", "Invalid UTF-8",
            "rule '" + rule.config.id() + "' matches on the JSON payload of " + method + " " + path
                + " and the body, declared as JSON, is not valid UTF-8 (first bad byte at offset " + bad.offset() + ")");
      }
      if (payload instanceof Payload.Json json && matcher.matches(json)) {
        return rule.forward;
      }
    }
    return discover(method, path, payload, payloadMethod);
  }

  private CompiledRule[] rulesFor(String path) {
    CompiledRule[] exact = byExactPath.get(path);
    if (exact != null) {
      return exact;
    }
    int segments = 0;
    for (int i = 0; i < path.length(); i++) {
      if (path.charAt(i) == '/') {
        segments++;
      }
    }
    return segments < templatesBySegments.length ? templatesBySegments[segments] : NONE;
  }

  private RoutingDecision discover(String method, String path, Payload payload, boolean payloadMethod) {
    if (candidates.isEmpty()) {
      if (catalog && payloadMethod && payload instanceof Payload.Unread) {
        return NEED_PAYLOAD; // the catalog stage may still find the model
      }
      return new RoutingDecision.Reject(502, NO_BACKEND, "No backend configured",
          "No rule matches " + method + " " + path + " and there is no discovery candidate"
              + " (expected: backends in the configuration or --backend)");
    }
    String fingerprint;
    if (!payloadMethod) {
      fingerprint = CacheKey.NO_PAYLOAD;
    } else if (payload instanceof Payload.Unread) {
      return NEED_PAYLOAD;
    } else if (payload instanceof Payload.Json json) {
      KeyFields fields = keyFields.forPath(path);
      fingerprint = fields == null ? Fingerprints.of(json.object()) : Fingerprints.ofFields(json, fields);
    } else if (payload instanceof Payload.NotAnObject || payload instanceof Payload.InvalidUtf8) {
      fingerprint = NOT_JSON;
    } else if (payload instanceof Payload.TooLarge) {
      // Not read, so not fingerprinted: the decision cannot be keyed and is not remembered.
      return new RoutingDecision.Discover(candidates, null, success);
    } else {
      fingerprint = CacheKey.NO_PAYLOAD;
    }
    // The key holds method, path and payload, and not headers, query or host: a rule testing those
    // is tried before the cache on every request and never remembered, so a remembered discovery
    // can never overrule it. What discovery itself depends on is inside the key.
    CacheKey key = new CacheKey(method, path, fingerprint);
    return new RoutingDecision.Discover(candidates, key, success);
  }
}
