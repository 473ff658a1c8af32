package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Header, query and host conditions in the rule router, without sockets. */
class HeadRulesTest {
  private static final JunctionConfig CONFIG = ConfigLoader.load("""
      junction:
        cache: {store: memory}
        backends:
          a: http://127.0.0.1:3000
          b: http://127.0.0.1:3100
        routes:
          - id: tenant
            path: /v1/chat/completions
            headers: {x-tenant: {one_of: [acme, globex]}}
            backend: a
          - id: ipv6
            path: /v1/items
            host: "[::1]"
            backend: a
          - id: query
            path: /v1/items
            query: {"filter name": "café"}
            backend: b
      """, null);
  private static final RuleRouter ROUTER = RuleRouter.create(CONFIG, null);

  private static RoutingRequest request(String method, String path, String query, String... headers) {
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    return new RoutingRequest(method, path, Payload.ABSENT, RequestHead.of(h, query));
  }

  private static String decided(RoutingRequest r) {
    RoutingDecision d = ROUTER.decide(r);
    return d instanceof RoutingDecision.Forward f ? "rule " + f.ruleId() : d.getClass().getSimpleName();
  }

  @Test
  void aRuleWhoseHeaderConditionFailsFallsThroughToDiscoveryUnderTheSameKey() {
    RoutingRequest matched = request("GET", "/v1/chat/completions", null, "X-Tenant", "globex");
    RoutingRequest other = request("GET", "/v1/chat/completions", null, "X-Tenant", "initech");
    RoutingRequest none = request("GET", "/v1/chat/completions", null);

    assertThat(decided(matched)).isEqualTo("rule tenant");
    assertThat(decided(other)).isEqualTo("Discover");
    // The key does not hold headers: the rule is tried before the cache on every request.
    assertThat(((RoutingDecision.Discover) ROUTER.decide(other)).key())
        .isEqualTo(((RoutingDecision.Discover) ROUTER.decide(none)).key());
  }

  @Test
  void hostConditionsReadBracketedAddressesAndQueryNamesAreDecodedToo() {
    assertThat(decided(request("GET", "/v1/items", null, "Host", "[::1]:8080"))).isEqualTo("rule ipv6");
    assertThat(decided(request("GET", "/v1/items", null, "Host", "[::2]:8080"))).isEqualTo("Discover");
    assertThat(decided(request("GET", "/v1/items", "filter+name=caf%C3%A9"))).isEqualTo("rule query");
    assertThat(decided(request("GET", "/v1/items", "filter%20name=caf%c3%a9&x=%zz"))).isEqualTo("rule query");
    assertThat(decided(request("GET", "/v1/items", "filter name=cafe"))).isEqualTo("Discover");
    assertThat(decided(request("GET", "/v1/items", "filter+name"))).as("no value is the empty value").isEqualTo("Discover");
  }

  @Test
  void aRuleShadowsALaterOneOnlyWhenItsHeadConditionsAreAlsoTheLaterOnes() {
    JunctionConfig c = ConfigLoader.load("""
        junction:
          cache: {store: memory}
          backends: {a: http://127.0.0.1:3000}
          routes:
            - {id: gold, path: /x, headers: {x-tier: gold}, backend: a}
            - {id: gold-eu, path: /x, headers: {x-tier: gold}, host: eu.example.com, backend: a}
            - {id: silver, path: /x, headers: {x-tier: silver}, backend: a}
            - {id: eu, path: /x, host: [eu.example.com, us.example.com], backend: a}
            - {id: eu-only, path: /x, host: [eu.example.com], backend: a}
            - {id: any, path: /x, backend: a}
        """, null);

    assertThat(RuleRouter.lint(c)).hasSize(2);
    assertThat(RuleRouter.lint(c).get(0)).contains("rule 'gold-eu' can never match: rule 'gold'");
    assertThat(RuleRouter.lint(c).get(1)).contains("rule 'eu-only' can never match: rule 'eu'");
  }

  @Test
  void matchingAHeaderRuleAllocatesNothing() {
    RoutingRequest r = request("GET", "/v1/chat/completions", null, "Accept", "*/*", "User-Agent", "t", "X-Tenant", "globex");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    for (int i = 0; i < 20_000; i++) {
      ROUTER.decide(r);
    }
    long before = threads.getCurrentThreadAllocatedBytes();
    RoutingDecision last = null;
    for (int i = 0; i < 100_000; i++) {
      last = ROUTER.decide(r);
    }
    long allocated = threads.getCurrentThreadAllocatedBytes() - before;

    assertThat(last).isInstanceOf(RoutingDecision.Forward.class);
    // under one byte per decision: a stray Object per call would be 1.6 MB
    assertThat(allocated).isLessThan(100_000);
  }
}
