package dev.junction.routing;

/**
 * Decides where a request goes. Implementations are pure and thread-safe: no I/O, no blocking, the
 * same answer for the same request and configuration.
 */
@FunctionalInterface
public interface Router {
  /**
   * Returns the decision for {@code request}. Answers {@link RoutingDecision.NeedPayload} when the
   * outcome depends on a payload that is still {@link Payload.Unread}; never answers it again for a
   * request whose payload is known.
   */
  RoutingDecision decide(RoutingRequest request);

  /**
   * What to build of {@code request}'s JSON payload: the parts this router reads without {@link
   * Payload.Json#object()}. A payload parsed onto them ({@link PayloadProjection}) gives the same
   * decisions, only cheaper; {@link PayloadProjection#WHOLE} when the whole tree is needed anyway.
   */
  default PayloadProjection projection(RoutingRequest request) {
    return PayloadProjection.WHOLE;
  }
}
