package dev.junction.admin.routes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.config.FieldCondition;
import dev.junction.config.Origin;
import dev.junction.config.PayloadCondition;
import dev.junction.config.RuleConfig;
import dev.junction.config.StatusSet;
import dev.junction.config.ValueMatcher;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteInfoTest {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  static RuleConfig rule(List<PayloadCondition> payload, Origin origin) {
    return new RuleConfig("r", "/p", Set.of("PUT", "GET"), payload, List.of("a", "b"), null, origin);
  }

  static FieldCondition field(String pointer, ValueMatcher m) {
    return new FieldCondition(JsonPointer.compile(pointer), m);
  }

  @Test
  void eachAlternativeIsOneStringWithItsConditionsJoinedByAnd() {
    RouteInfo r = RouteInfo.from(rule(List.of(
        new PayloadCondition(List.of(field("/model", new ValueMatcher.Equals(F.textNode("gpt-4o"))),
            field("/n", new ValueMatcher.Equals(F.numberNode(2))))),
        new PayloadCondition(List.of(field("/model", new ValueMatcher.OneOf(List.of(F.textNode("a"), F.booleanNode(true))))))),
        Origin.CODE));
    assertThat(r.payload()).containsExactly("/model equals \"gpt-4o\" and /n equals 2", "/model one of [\"a\", true]");
  }

  @Test
  void globsAndPresenceReadNaturally() {
    RouteInfo r = RouteInfo.from(rule(List.of(new PayloadCondition(List.of(
        field("/name", new ValueMatcher.Glob("*.log")),
        field("/a", new ValueMatcher.Exists(true)),
        field("/b", new ValueMatcher.Exists(false))))), Origin.CODE));
    assertThat(r.payload()).containsExactly("/name matches \"*.log\" and /a exists and /b is absent");
  }

  @Test
  void methodsAreSortedAndTheOriginIsFileColonLine() {
    RouteInfo r = RouteInfo.from(rule(List.of(), new Origin(Path.of("conf/junction.yaml"), 7, 3)));
    assertThat(r.methods()).containsExactly("GET", "PUT");
    assertThat(r.origin()).isEqualTo("conf/junction.yaml:7");
  }

  @Test
  void aRuleBuiltInCodeSaysSo() {
    assertThat(RouteInfo.from(rule(List.of(), Origin.CODE)).origin()).isEqualTo("<code>");
  }

  @Test
  void statusSetsLoseTheirBrackets() {
    assertThat(RouteInfo.statuses(StatusSet.range(200, 299).union(StatusSet.of(304)))).isEqualTo("200-299, 304");
  }
}
