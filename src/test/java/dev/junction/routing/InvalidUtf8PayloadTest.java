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

/** A body declared as JSON that is not UTF-8 is refused where a payload rule must read it, and opaque elsewhere. */
class InvalidUtf8PayloadTest {
  static final BackendConfig A = backend("a", "http://a.internal");
  static final RuleRouter ROUTER = RuleRouter.create(config(List.of(A),
      rule("by-model", "/chat", Set.of("POST"), List.of(when("/model", equalsJson("\"m\""))), "a")), null);

  @Test
  void aPayloadRuleThatMustReadItAnswers400NamingTheRuleAndTheOffset() {
    RoutingDecision d = ROUTER.decide(new RoutingRequest("POST", "/chat", new Payload.InvalidUtf8(10)));

    assertThat(d).isInstanceOfSatisfying(RoutingDecision.Reject.class, r -> {
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.type()).isEqualTo("invalid-utf8");
      assertThat(r.detail()).contains("by-model", "offset 10");
    });
  }

  @Test
  void discoveryForwardsItAsABodyThatIsNotJson() {
    RoutingDecision d = ROUTER.decide(new RoutingRequest("POST", "/upload", new Payload.InvalidUtf8(0)));

    assertThat(d).isInstanceOfSatisfying(RoutingDecision.Discover.class,
        r -> assertThat(r.key()).isNotNull().extracting(k -> k.fingerprint()).isEqualTo(RuleRouter.NOT_JSON));
  }
}
