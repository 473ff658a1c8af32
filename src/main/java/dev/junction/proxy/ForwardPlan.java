package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.StatusSet;
import dev.junction.routing.Balancer;
import dev.junction.routing.CacheKey;
import dev.junction.routing.RoutingDecision;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * How one request's backends are tried, worked out from its {@link RoutingDecision} before the first
 * attempt: a value that a {@link Forwarding} carries out and the {@link MoveOnPolicy} reads. One per
 * forwarded request; the candidate list is not copied.
 *
 * @param candidates the backends, in the order they are tried
 * @param success the statuses that make an answer the answer; {@code null} for an explicit rule
 *     (without balancing), where any answer is
 * @param nonIdempotentMoveOn the statuses after which a non-idempotent request may still move on
 *     (discovery's {@code non_idempotent_move_on}, also read for balanced rules)
 * @param key where the backend that accepts is remembered; {@code null}: it is not
 * @param firstIsCached the first candidate is the remembered decision for {@code key}
 * @param label what chose the backends, for {@link DecisionHeader} and logs
 * @param deadline bounds all the attempts together (discovery); {@code null}: each attempt has only
 *     the response timeout
 * @param relayLast a balanced rule: when no candidate is left, the last answer is relayed as it is
 * @param showDecision answers carry {@link DecisionHeader#NAME}
 * @param responseTimeout the rule's time for each response head; {@code null}: each backend's, else
 *     {@code proxy.response_timeout}
 * @param moveOnTimeout the rule opted into moving a non-idempotent request on after a timeout
 *     ({@code retry_non_idempotent: [timeout]})
 */
record ForwardPlan(
    List<BackendConfig> candidates,
    @Nullable StatusSet success,
    StatusSet nonIdempotentMoveOn,
    @Nullable CacheKey key,
    boolean firstIsCached,
    Label label,
    @Nullable Duration deadline,
    boolean relayLast,
    boolean showDecision,
    @Nullable Duration responseTimeout,
    boolean moveOnTimeout) {

  /** Without a rule's own attempt settings. */
  ForwardPlan(List<BackendConfig> candidates, @Nullable StatusSet success, StatusSet nonIdempotentMoveOn,
      @Nullable CacheKey key, boolean firstIsCached, Label label, @Nullable Duration deadline, boolean relayLast,
      boolean showDecision) {
    this(candidates, success, nonIdempotentMoveOn, key, firstIsCached, label, deadline, relayLast, showDecision, null,
        false);
  }

  ForwardPlan {
    requireNonNull(candidates, "candidates");
    requireNonNull(nonIdempotentMoveOn, "nonIdempotentMoveOn");
    requireNonNull(label, "label");
    if (firstIsCached && (key == null || candidates.isEmpty())) {
      throw new IllegalArgumentException("firstIsCached: true without a key or a candidate");
    }
  }

  /**
   * The plan for {@code decision}, which must forward ({@link RoutingDecision.Forward}, {@link
   * RoutingDecision.Catalog}, {@link
   * RoutingDecision.Discover} or {@link RoutingDecision.Cached}).
   *
   * <ul>
   *   <li>an explicit rule: its backends in the order written; any answer is the answer;
   *   <li>a balanced rule: the balancer's order for {@code loads} (which moves the balancer on), the
   *       balancer's accepted statuses, the last answer relayed when none is left;
   *   <li>the catalog: like a rule over the backends listing the model, balanced or not;
   *   <li>discovery: its candidates and success statuses, remembered under its key, within {@code
   *       discovery}'s deadline;
   *   <li>a remembered decision: its backend first, then the rediscovery's other candidates.
   * </ul>
   *
   * @param showDecision whether answers carry {@link DecisionHeader#NAME}
   */
  static ForwardPlan of(RoutingDecision decision, Balancer.Loads loads, DiscoveryConfig discovery, boolean showDecision) {
    StatusSet moveOn = discovery.nonIdempotentMoveOn();
    if (decision instanceof RoutingDecision.Forward f && f.balanced()) {
      Balancer b = f.balancer();
      return new ForwardPlan(b.order(loads), b.accept(), moveOn, null, false,
          new Label(f.ruleId(), b.strategy().wireName()), null, true, showDecision, f.responseTimeout(),
          f.retryNonIdempotentOnTimeout());
    }
    if (decision instanceof RoutingDecision.Forward f) {
      return new ForwardPlan(f.backends(), null, moveOn, null, false, new Label(f.ruleId(), null), null, false,
          showDecision, f.responseTimeout(), f.retryNonIdempotentOnTimeout());
    }
    if (decision instanceof RoutingDecision.Catalog c && c.balanced()) {
      Balancer b = c.balancer();
      return new ForwardPlan(b.order(loads), b.accept(), moveOn, null, false, new Label(null, b.strategy().wireName(), c),
          null, true, showDecision);
    }
    if (decision instanceof RoutingDecision.Catalog c) {
      return new ForwardPlan(c.backends(), null, moveOn, null, false, new Label(null, null, c), null, false, showDecision);
    }
    if (decision instanceof RoutingDecision.Discover d) {
      return new ForwardPlan(d.candidates(), d.success(), moveOn, d.key(), false, Label.DISCOVERY, discovery.deadline(),
          false, showDecision);
    }
    if (decision instanceof RoutingDecision.Cached c) {
      List<BackendConfig> order = new ArrayList<>();
      order.add(c.backend());
      for (BackendConfig b : c.rediscover().candidates()) {
        if (!b.name().equals(c.backend().name())) {
          order.add(b);
        }
      }
      return new ForwardPlan(order, c.rediscover().success(), moveOn, c.key(), true, Label.DISCOVERY,
          discovery.deadline(), false, showDecision);
    }
    throw new IllegalArgumentException("decision: " + decision + " (expected: Forward, Catalog, Discover or Cached)");
  }

  /** Whether the candidate at {@code index} is the remembered decision. */
  boolean cachedAt(int index) {
    return firstIsCached && index == 0;
  }

  /**
   * What chose the backends: a rule (with its balancing strategy) or discovery. Its text, and a
   * {@link DecisionHeader}'s, is only built when shown or logged, not for every request.
   */
  record Label(@Nullable String ruleId, @Nullable String balance, RoutingDecision.@Nullable Catalog catalog) {
    static final Label DISCOVERY = new Label(null, null);

    /** A rule's label, or discovery's when {@code ruleId} is null. */
    Label(@Nullable String ruleId, @Nullable String balance) {
      this(ruleId, balance, null);
    }

    @Override
    public String toString() {
      String how = catalog != null ? "catalog" : ruleId == null ? "discovery" : "rule " + ruleId;
      return balance == null ? how : how + "; balance=" + balance;
    }
  }
}
