package dev.junction.routing;

import static dev.junction.routing.RoutingFixture.backend;
import static dev.junction.routing.RoutingFixture.config;
import static dev.junction.routing.RoutingFixture.equalsJson;
import static dev.junction.routing.RoutingFixture.rule;
import static dev.junction.routing.RoutingFixture.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A body over the buffer limit is never a silent miss for a payload rule. */
class TooLargePayloadTest {
  static final BackendConfig A = backend("a", "http://a.internal");
  static final RuleRouter ROUTER = RuleRouter.create(config(List.of(A),
      rule("by-model", "/chat", Set.of("POST"), List.of(when("/model", equalsJson("\"m\""))), "a")), null);

  @Test
  void aPayloadRuleThatCannotSeeTheBodyAnswers413() {
    RoutingDecision d = ROUTER.decide(new RoutingRequest("POST", "/chat", Payload.TOO_LARGE));

    assertThat(d).isInstanceOfSatisfying(RoutingDecision.Reject.class, r -> {
      assertThat(r.status()).isEqualTo(413);
      assertThat(r.detail()).contains("by-model");
    });
  }

  @Test
  void discoveryOfATooLargeBodyIsNotCached() {
    RoutingDecision d = ROUTER.decide(new RoutingRequest("POST", "/upload", Payload.TOO_LARGE));

    assertThat(d).isInstanceOfSatisfying(RoutingDecision.Discover.class, r -> assertThat(r.key()).isNull());
  }
}
