package dev.junction;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.admin.ApiException;
import dev.junction.admin.cache.CacheEntry;
import dev.junction.admin.routes.DecisionKind;
import dev.junction.admin.routes.ExplainRequest;
import dev.junction.admin.routes.Explanation;
import dev.junction.admin.routes.Rejection;
import dev.junction.alias.AliasRegistry;
import dev.junction.alias.AliasTable;
import dev.junction.alias.CanonicalPath;
import dev.junction.cache.CachedDecision;
import dev.junction.cache.DecisionCache;
import dev.junction.config.BackendConfig;
import dev.junction.routing.Balancer;
import dev.junction.routing.Payload;
import dev.junction.routing.Router;
import dev.junction.routing.RoutingDecision;
import dev.junction.routing.RoutingRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /routes/explain}: runs the same steps a request takes (canonical path, alias, rules,
 * cache, discovery) on paper, using the live alias table, router and cache, without forwarding.
 */
final class Explainer {
  private final AliasRegistry aliases;
  private final Router router;
  private final DecisionCache cache;
  private final Balancer.Loads loads;

  /** @param loads what a balanced rule would read now; its choice is peeked at, never made */
  Explainer(AliasRegistry aliases, Router router, DecisionCache cache, Balancer.Loads loads) {
    this.aliases = requireNonNull(aliases, "aliases");
    this.router = requireNonNull(router, "router");
    this.cache = requireNonNull(cache, "cache");
    this.loads = requireNonNull(loads, "loads");
  }

  Explanation explain(ExplainRequest request) {
    List<String> steps = new ArrayList<>();
    CanonicalPath.Result canonical = CanonicalPath.canonicalize(request.path());
    if (!canonical.ok()) {
      throw ApiException.badRequest(canonical.reason());
    }
    if (!canonical.path().equals(request.path())) {
      steps.add("canonical path: " + canonical.path());
    }
    AliasTable.Resolution r = aliases.current().resolve(canonical.path());
    String alias = r.alias() == null ? null : r.alias().alias();
    steps.add(alias == null ? "no alias applies" : "alias " + alias + " -> primary " + r.primary());
    if (request.headers() != null && !request.headers().isEmpty()) {
      steps.add("headers given (" + request.headers().size() + ") do not take part in routing");
    }
    Payload payload;
    if (request.payload() == null) {
      payload = Payload.UNREAD;
    } else if (request.payload() instanceof ObjectNode o) {
      payload = new Payload.Json(o);
    } else {
      payload = Payload.NOT_AN_OBJECT;
    }
    RoutingRequest routing = new RoutingRequest(request.method(), r.primary(), payload);
    RoutingDecision d = router.decide(routing);
    if (d instanceof RoutingDecision.NeedPayload) {
      steps.add("a payload rule or the cache key needs the JSON payload, and none was given");
      return new Explanation(request.path(), alias, r.primary(), DecisionKind.NEED_PAYLOAD, null, List.of(), null, null,
          List.of(), null, steps);
    }
    if (d instanceof RoutingDecision.Forward f && f.balanced()) {
      steps.add("rule '" + f.ruleId() + "' matches");
      List<String> order = names(f.balancer().peek(loads));
      steps.add("balance " + f.balancer() + " would pick " + order.get(0) + " now; failover: "
          + String.join(", ", order.subList(1, order.size())));
      return new Explanation(request.path(), alias, r.primary(), DecisionKind.RULE, f.ruleId(), order, null, null,
          List.of(), null, steps, f.balancer().strategy().wireName());
    }
    if (d instanceof RoutingDecision.Forward f) {
      steps.add("rule '" + f.ruleId() + "' matches");
      return new Explanation(request.path(), alias, r.primary(), DecisionKind.RULE, f.ruleId(), names(f.backends()), null,
          null, List.of(), null, steps);
    }
    if (d instanceof RoutingDecision.Reject j) {
      steps.add("rejected: " + j.detail());
      return new Explanation(request.path(), alias, r.primary(), DecisionKind.REJECT, null, List.of(), null, null,
          List.of(), new Rejection(j.status(), j.type(), j.title(), j.detail()), steps);
    }
    RoutingDecision.Discover discover = (RoutingDecision.Discover) d;
    steps.add("no rule matches");
    String key = discover.key() == null ? null : discover.key().asString();
    if (discover.key() == null) {
      steps.add("the outcome is not cacheable");
    } else {
      Optional<CachedDecision> hit = cache.peek(discover.key());
      if (hit.isPresent() && names(discover.candidates()).contains(hit.get().backend())) {
        steps.add("remembered decision: " + hit.get().backend() + " until " + hit.get().expiresAt());
        return new Explanation(request.path(), alias, r.primary(), DecisionKind.CACHE, null, List.of(hit.get().backend()),
            key, CacheEntry.from(hit.get()), names(discover.candidates()), null, steps);
      }
      steps.add("no remembered decision under " + key);
    }
    steps.add("discovery would try " + String.join(", ", names(discover.candidates())) + " in order");
    return new Explanation(request.path(), alias, r.primary(), DecisionKind.DISCOVERY, null, List.of(), key, null,
        names(discover.candidates()), null, steps);
  }

  private static List<String> names(List<BackendConfig> backends) {
    List<String> out = new ArrayList<>(backends.size());
    backends.forEach(b -> out.add(b.name()));
    return out;
  }
}
