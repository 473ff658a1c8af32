package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code balance} and weighted {@code backends} entries of a route: what loads, and every refusal. */
class BalanceConfigLoadTest {
  private static final Path FILE = Path.of("lb.yaml");
  private static final String HEAD = """
      junction:
        backends: {llm-a: "http://h:1", llm-b: "http://h:2", llm-c: "http://h:3"}
        routes:
      """;

  private static RuleConfig rule(String route) {
    JunctionConfig c = ConfigLoader.load(HEAD + route, FILE);
    return c.rules().get(0);
  }

  @Test
  void weightedEntriesAndPlainNamesMix() {
    RuleConfig r = rule("""
            - path: /v1/chat
              balance: round_robin
              backends: [{backend: llm-a, weight: 3}, llm-b, {backend: llm-c}]
        """);

    assertThat(r.backends()).containsExactly("llm-a", "llm-b", "llm-c");
    assertThat(r.balance()).isEqualTo(new BalanceConfig(BalanceStrategy.ROUND_ROBIN, Map.of("llm-a", 3)));
    assertThat(List.of(r.balance().weight("llm-a"), r.balance().weight("llm-b"), r.balance().weight("llm-c")))
        .containsExactly(3, 1, 1);
  }

  @Test
  void leastInFlightIsSpelledWithUnderscores() {
    RuleConfig r = rule("""
            - path: /v1/chat
              balance: least_in_flight
              backends: [llm-a, {backend: llm-b, weight: 1000}]
        """);

    assertThat(r.balance().strategy()).isEqualTo(BalanceStrategy.LEAST_IN_FLIGHT);
    assertThat(r.balance().weight("llm-b")).isEqualTo(1000);
  }

  @Test
  void withoutBalanceARuleKeepsTheWrittenOrder() {
    RuleConfig r = rule("""
            - path: /v1/chat
              backends: [llm-b, llm-a]
        """);

    assertThat(r.balance()).isEqualTo(BalanceConfig.FIRST);
  }

  @Test
  void theSeedFormatKeepsOneBackendPerRuleAndNoBalancing() {
    JunctionConfig c = ConfigLoader.load("""
        "http://127.0.0.1:3000":
          endpoints:
            "/get": {}
        """, FILE);

    assertThat(c.rules()).extracting(RuleConfig::balance).containsOnly(BalanceConfig.FIRST);
  }

  @Test
  void theOldConstructorMeansFirst() {
    RuleConfig r = new RuleConfig("r", "/x", java.util.Set.of(), List.of(), List.of("a"), null, Origin.CODE);

    assertThat(r.balance()).isEqualTo(BalanceConfig.FIRST);
  }

  @Test
  void weightsMustNameTheRulesBackends() {
    assertThatThrownBy(() -> new RuleConfig("r", "/x", java.util.Set.of(), List.of(), List.of("a"), null, Origin.CODE,
        new BalanceConfig(BalanceStrategy.ROUND_ROBIN, Map.of("b", 2))))
        .hasMessage("weights: backend 'b' (expected: one of [a])");
  }

  private static Arguments bad(String description, String route, String expected) {
    return Arguments.of(description, route, expected);
  }

  static Stream<Arguments> badRoutes() {
    return Stream.of(
        bad("an unknown strategy lists the valid ones", """
                - path: /x
                  balance: round-robin
                  backends: [llm-a, llm-b]
            """, "lb.yaml:5:16: junction.routes[0].balance: 'round-robin' (expected one of: first, round_robin, "
            + "least_in_flight) - did you mean 'round_robin'?"),
        bad("a strategy must be a word", """
                - path: /x
                  balance: [round_robin]
                  backends: [llm-a, llm-b]
            """, "lb.yaml:5:16: junction.routes[0].balance: a list (expected: one of first, round_robin, least_in_flight)"),
        bad("a weight with balance first is an error", """
                - path: /x
                  backends: [{backend: llm-a, weight: 2}, llm-b]
            """, "lb.yaml:5:43: junction.routes[0].backends[0].weight: 2 with balance first (expected: balance: "
            + "round_robin or least_in_flight, or no weight)"),
        bad("a weight with an explicit balance first is an error too", """
                - path: /x
                  balance: first
                  backends: [llm-a, {backend: llm-b, weight: 1}]
            """, "lb.yaml:6:50: junction.routes[0].backends[1].weight: 1 with balance first (expected: balance: "
            + "round_robin or least_in_flight, or no weight)"),
        bad("a weight of 0", """
                - path: /x
                  balance: round_robin
                  backends: [{backend: llm-a, weight: 0}, llm-b]
            """, "lb.yaml:6:43: junction.routes[0].backends[0].weight: 0 (expected: >= 1)"),
        bad("a weight above 1000", """
                - path: /x
                  balance: round_robin
                  backends: [{backend: llm-a, weight: 1001}, llm-b]
            """, "lb.yaml:6:43: junction.routes[0].backends[0].weight: 1001 (expected: <= 1000)"),
        bad("a weight that is not a number", """
                - path: /x
                  balance: round_robin
                  backends: [{backend: llm-a, weight: heavy}, llm-b]
            """, "lb.yaml:6:43: junction.routes[0].backends[0].weight: 'heavy' (expected: an integer)"),
        bad("an entry without its backend", """
                - path: /x
                  balance: round_robin
                  backends: [{weight: 2}, llm-b]
            """, "lb.yaml:6:18: junction.routes[0].backends[0].backend: missing (expected: the backend's name, as in "
            + "{backend: llm-a, weight: 3})"),
        bad("an entry with an unknown key", """
                - path: /x
                  balance: round_robin
                  backends: [{backend: llm-a, wieght: 2}, llm-b]
            """, "lb.yaml:6:35: junction.routes[0].backends[0].wieght: unknown key 'wieght' (expected one of: backend, "
            + "weight) - did you mean 'weight'?"),
        bad("an entry naming an unknown backend", """
                - path: /x
                  balance: round_robin
                  backends: [{backend: llm-d, weight: 2}, llm-b]
            """, "lb.yaml:6:28: junction.routes[0].backends[0].backend: unknown backend 'llm-d' (expected one of: llm-a, "
            + "llm-b, llm-c) - did you mean 'llm-a'?"),
        bad("a backend listed twice, once weighted", """
                - path: /x
                  balance: round_robin
                  backends: [llm-a, {backend: llm-a, weight: 2}]
            """, "lb.yaml:6:35: junction.routes[0].backends[1].backend: backend 'llm-a' listed twice (expected: each "
            + "backend once)"),
        bad("an entry that is a list", """
                - path: /x
                  balance: round_robin
                  backends: [[llm-a], llm-b]
            """, "lb.yaml:6:18: junction.routes[0].backends[0]: a list (expected: a backend name, or a mapping "
            + "{backend: NAME, weight: N})"),
        bad("a weighted entry under backend (one backend) is refused", """
                - path: /x
                  balance: round_robin
                  backend: {backend: llm-a, weight: 2}
            """, "lb.yaml:6:16: junction.routes[0].backend: a mapping (expected: a backend name)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badRoutes")
  void badBalancingIsReportedWithFileLineColumnAndKey(String description, String route, String expected) {
    assertThatThrownBy(() -> ConfigLoader.load(HEAD + route, FILE)).isInstanceOf(ConfigException.class)
        .hasMessage(expected);
  }
}
