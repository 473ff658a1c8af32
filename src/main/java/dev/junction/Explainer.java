package dev.junction;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.admin.ApiException;
import dev.junction.admin.cache.CacheEntry;
import dev.junction.admin.routes.DecisionKind;
import dev.junction.admin.routes.ExplainRequest;
import dev.junction.admin.routes.Explanation;
import dev.junction.admin.routes.HeadText;
import dev.junction.admin.routes.Rejection;
import dev.junction.cache.CachedDecision;
import dev.junction.cache.DecisionCache;
import dev.junction.config.BackendConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.RuleConfig;
import dev.junction.routing.Balancer;
import dev.junction.routing.Payload;
import dev.junction.routing.RequestHead;
import dev.junction.routing.RequestPipeline;
import dev.junction.routing.RoutingDecision;
import dev.junction.routing.RoutingRequest;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /routes/explain}: runs the {@link RequestPipeline} a request takes (canonical path,
 * alias, own endpoints, rules, cache, discovery) on paper, through the same two methods the data
 * plane calls, without forwarding. Only the cache is read differently: peeked at, not counted.
 */
final class Explainer {
  private final Supplier<@Nullable RequestPipeline> pipeline;
  private final DecisionCache cache;
  private final Balancer.Loads loads;
  private final Supplier<JunctionConfig> config;

  /**
   * @param pipeline the running pipeline (set before the admin listener starts)
   * @param cache read for the remembered entry's details once the pipeline found one
   * @param loads what a balanced rule would read now; its choice is peeked at, never made
   * @param config the configuration serving now, for the conditions of the rule that matched
   */
  Explainer(Supplier<@Nullable RequestPipeline> pipeline, DecisionCache cache, Balancer.Loads loads,
      Supplier<JunctionConfig> config) {
    this.config = requireNonNull(config, "config");
    this.pipeline = requireNonNull(pipeline, "pipeline");
    this.cache = requireNonNull(cache, "cache");
    this.loads = requireNonNull(loads, "loads");
  }

  Explanation explain(ExplainRequest request) {
    RequestPipeline requests = pipeline.get();
    if (requests == null) {
      throw new IllegalStateException("explain: Junction is still starting");
    }
    List<String> steps = new ArrayList<>();
    int q = request.path().indexOf('?');
    String rawPath = q < 0 ? request.path() : request.path().substring(0, q);
    RequestHead head = RequestHead.of(request.headers() == null ? Map.of() : request.headers(),
        q < 0 ? null : request.path().substring(q + 1));
    RequestPipeline.Resolution r = requests.resolve(rawPath);
    String primary = r.primary();
    if (primary == null) {
      throw ApiException.badRequest(requireNonNull(r.problem(), "problem"));
    }
    if (!rawPath.equals(r.canonical())) {
      steps.add("canonical path: " + r.canonical());
    }
    String alias = r.alias();
    steps.add(alias == null ? "no alias applies" : "alias " + alias + " -> primary " + primary);
    if (r.local()) {
      steps.add("Junction answers " + primary + " itself: it is never routed");
      return new Explanation(request.path(), alias, primary, DecisionKind.LOCAL, null, List.of(), null, null,
          List.of(), null, steps);
    }
    Payload payload;
    if (request.payload() == null) {
      payload = Payload.UNREAD;
    } else if (request.payload() instanceof ObjectNode o) {
      payload = new Payload.Json(o);
    } else {
      payload = Payload.NOT_AN_OBJECT;
    }
    Future<RoutingDecision> decided = requests.decide(new RoutingRequest(request.method(), primary, payload, head), true);
    if (!decided.succeeded()) {
      // an explanation only peeks at the cache, so the decision is made at once
      throw new IllegalStateException("explain: the decision did not complete at once", decided.cause());
    }
    RoutingDecision d = decided.result();
    if (d instanceof RoutingDecision.Renamed renamed) {
      steps.add("model alias " + renamed.from() + " -> " + renamed.to() + ": routed as " + renamed.to() + ", and the body's "
          + renamed.field() + " is rewritten to it before forwarding");
      d = renamed.then();
    }
    if (d instanceof RoutingDecision.NeedPayload) {
      steps.add("a payload rule or the cache key needs the JSON payload, and none was given");
      return new Explanation(request.path(), alias, primary, DecisionKind.NEED_PAYLOAD, null, List.of(), null, null,
          List.of(), null, steps);
    }
    if (d instanceof RoutingDecision.Forward f && f.balanced()) {
      steps.add(matched(f.ruleId()));
      List<String> order = names(f.balancer().peek(loads));
      steps.add("balance " + f.balancer() + " would pick " + order.get(0) + " now; failover: "
          + String.join(", ", order.subList(1, order.size())));
      return new Explanation(request.path(), alias, primary, DecisionKind.RULE, f.ruleId(), order, null, null,
          List.of(), null, steps, f.balancer().strategy().wireName());
    }
    if (d instanceof RoutingDecision.Forward f) {
      steps.add(matched(f.ruleId()));
      return new Explanation(request.path(), alias, primary, DecisionKind.RULE, f.ruleId(), names(f.backends()), null,
          null, List.of(), null, steps);
    }
    if (d instanceof RoutingDecision.Catalog c) {
      steps.add("no rule matches");
      List<String> order = c.balanced() ? names(c.balancer().peek(loads)) : names(c.backends());
      steps.add("catalog: model " + c.model() + " is listed by " + String.join(", ", names(c.backends()))
          + (c.balanced() ? "; balance " + c.balancer() + " would pick " + order.get(0) + " now" : "")
          + " (no probing, the decision cache is not read)");
      return new Explanation(request.path(), alias, primary, DecisionKind.CATALOG, null, order, null, null, List.of(),
          null, steps);
    }
    if (d instanceof RoutingDecision.Reject j) {
      steps.add("rejected: " + j.detail());
      return new Explanation(request.path(), alias, primary, DecisionKind.REJECT, null, List.of(), null, null,
          List.of(), new Rejection(j.status(), j.type(), j.title(), j.detail()), steps);
    }
    RoutingDecision.Discover discover = d instanceof RoutingDecision.Cached c ? c.rediscover() : (RoutingDecision.Discover) d;
    steps.add("no rule matches");
    String key = discover.key() == null ? null : discover.key().asString();
    if (discover.key() == null) {
      steps.add("the outcome is not cacheable");
    } else if (d instanceof RoutingDecision.Cached c) {
      Optional<CachedDecision> hit = cache.peek(c.key());
      String until = hit.isPresent() ? " until " + hit.get().expiresAt() : "";
      steps.add("remembered decision: " + c.backend().name() + until);
      return new Explanation(request.path(), alias, primary, DecisionKind.CACHE, null, List.of(c.backend().name()),
          key, hit.map(CacheEntry::from).orElse(null), names(discover.candidates()), null, steps);
    } else {
      steps.add("no remembered decision under " + key);
    }
    steps.add("discovery would try " + String.join(", ", names(discover.candidates())) + " in order");
    return new Explanation(request.path(), alias, primary, DecisionKind.DISCOVERY, null, List.of(), key, null,
        names(discover.candidates()), null, steps);
  }

  /** {@code rule 'x' matches}, with the head conditions it tested (host, headers, query) when it has any. */
  private String matched(String ruleId) {
    for (RuleConfig rule : config.get().rules()) {
      if (rule.id().equals(ruleId) && !rule.head().isEmpty()) {
        return "rule '" + ruleId + "' matches: " + String.join(", ", HeadText.render(rule.head()));
      }
    }
    return "rule '" + ruleId + "' matches";
  }

  private static List<String> names(List<BackendConfig> backends) {
    List<String> out = new ArrayList<>(backends.size());
    backends.forEach(b -> out.add(b.name()));
    return out;
  }
}
