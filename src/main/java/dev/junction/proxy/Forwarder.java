package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import dev.junction.config.DiscoveryConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.health.BackendStates;
import dev.junction.routing.DecisionMemory;
import dev.junction.routing.RoutingDecision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a {@link RoutingDecision} out on one event loop: a rejection is answered at once; anything
 * that forwards becomes a {@link ForwardPlan}, which a {@link Forwarding} carries out one {@link
 * Attempt} at a time, asking the {@link MoveOnPolicy} after each whether to relay the answer, try the
 * next candidate or give up. An answer reaches the client ({@link Relay}) only once the policy says to
 * relay it; after its first byte there is no more fallback.
 *
 * <p>One per event loop; all methods run on it and never block.
 */
public final class Forwarder {
  /** Failed attempts and requests no backend answered, logged by {@link Forwarding} under this name. */
  static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);

  private final Loop loop;
  private final ProxyConfig proxy;
  private final DiscoveryConfig discovery;
  private final DecisionMemory memory;
  /** Whether answers carry {@link DecisionHeader#NAME}; from here on it travels in each {@link ForwardPlan}. */
  private final boolean decisionHeader;
  private final BackendStates states;
  private final DiscoveryFlights flights;

  Forwarder(Loop loop, ProxyConfig proxy, DiscoveryConfig discovery, DecisionMemory memory, boolean decisionHeader,
      BackendStates states, DiscoveryFlights flights) {
    this.loop = requireNonNull(loop, "loop");
    this.proxy = requireNonNull(proxy, "proxy");
    this.discovery = requireNonNull(discovery, "discovery");
    this.memory = requireNonNull(memory, "memory");
    this.decisionHeader = decisionHeader;
    this.states = requireNonNull(states, "states");
    this.flights = requireNonNull(flights, "flights");
  }

  void execute(Exchange ex, RoutingDecision decision) {
    execute(ex, decision, true);
  }

  /**
   * Carries {@code decision} out. {@code oneDiscoveryPerKey}: a discovery with a cache key joins the
   * one in flight for that key, if any ({@link DiscoveryFlights}), instead of probing again.
   */
  void execute(Exchange ex, RoutingDecision decision, boolean oneDiscoveryPerKey) {
    ex.seen.decided(decision);
    if (decision instanceof RoutingDecision.Reject r) {
      ProblemAnswers.send(ex, r.status(), r.type(), r.title(), r.detail(), ex.path);
      return;
    } else if (decision instanceof RoutingDecision.NeedPayload) {
      ProblemAnswers.send(ex, 500, "internal", "Internal error", "routing asked for the payload twice; this is a bug in Junction", ex.path);
      return;
    }
    DiscoveryFlights.Flight flight = null;
    if (oneDiscoveryPerKey && decision instanceof RoutingDecision.Discover d && d.key() != null) {
      flight = flights.leadOrWait(ex, d, discoveryDeadlineMs());
      if (flight == null) {
        return; // another request's discovery of the same key is running: resumed when it ends
      }
    }
    ForwardPlan plan = ForwardPlan.of(decision, states.loads(), discovery, decisionHeader);
    new Forwarding(ex, plan, loop, proxy, memory, states, flight).start();
  }

  /** {@code discovery.deadline} in milliseconds. */
  long discoveryDeadlineMs() {
    return discovery.deadline().toMillis();
  }
}
