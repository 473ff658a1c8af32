package dev.junction.routing;

import static dev.junction.routing.RoutingFixture.equalsJson;
import static dev.junction.routing.RoutingFixture.field;
import static dev.junction.routing.RoutingFixture.json;
import static dev.junction.routing.RoutingFixture.parse;
import static dev.junction.routing.RoutingFixture.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.PayloadCondition;
import dev.junction.config.ValueMatcher;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PayloadMatcherTest {

  private static boolean matches(PayloadCondition condition, String payload) {
    return PayloadMatcher.compile(List.of(condition)).matches(json(payload));
  }

  @ParameterizedTest(name = "/v equals {0} for {1}: {2}")
  @CsvSource(delimiter = '|', value = {
      "1                        | {\"v\": 1.0}                       | true",
      "1.0                      | {\"v\": 1}                         | true",
      "100                      | {\"v\": 1e2}                       | true",
      "0.1                      | {\"v\": 0.10}                      | true",
      "2.5                      | {\"v\": 2.50}                    | true",
      "1                        | {\"v\": 2}                         | false",
      "1                        | {\"v\": true}                      | false",
      "true                     | {\"v\": 1}                         | false",
      "0                        | {\"v\": false}                     | false",
      "1                        | {\"v\": \"1\"}                     | false",
      "\"a\"                    | {\"v\": \"a\"}                     | true",
      "\"a\"                    | {\"v\": \"A\"}                     | false",
      "null                     | {\"v\": null}                      | true",
      "null                     | {}                                 | false",
      "{\"a\": 1, \"b\": [1, {\"c\": 2}]} | {\"v\": {\"b\": [1.0, {\"c\": 2.0}], \"a\": 1}} | true",
      "{\"a\": 1}               | {\"v\": {\"a\": 1, \"b\": 2}}      | false",
      "[1, 2]                   | {\"v\": [2, 1]}                    | false",
      "[1, 2]                   | {\"v\": [1, 2, 3]}                 | false",
      "{\"a\": true}            | {\"v\": {\"a\": 1}}                | false",
  })
  void equalsComparesWholeValuesWithNumbersByValueAndBooleansNeverEqualToNumbers(
      String expected, String payload, boolean result) {
    assertThat(matches(when("/v", equalsJson(expected)), payload)).isEqualTo(result);
  }

  @Test
  void equalsReachesNestedFieldsAndArrayElementsThroughThePointer() {
    PayloadCondition c = when("/options/stop/1", equalsJson("\"END\""));
    assertThat(matches(c, "{\"options\": {\"stop\": [\"\\n\", \"END\"]}}")).isTrue();
  }

  @Test
  void oneOfMatchesWhenAnyValueEquals() {
    PayloadCondition c = when("/model", new ValueMatcher.OneOf(List.of(parse("\"gpt-4\""), parse("\"gpt-4o\""))));
    assertThat(matches(c, "{\"model\": \"gpt-4o\"}")).isTrue();
    assertThat(matches(c, "{\"model\": \"gpt-3.5\"}")).isFalse();
  }

  @Test
  void oneOfComparesNumbersByValue() {
    PayloadCondition c = when("/n", new ValueMatcher.OneOf(List.of(parse("1"), parse("2"))));
    assertThat(matches(c, "{\"n\": 2.0}")).isTrue();
  }

  @Test
  void globMatchesOnlyStrings() {
    PayloadCondition c = when("/model", new ValueMatcher.Glob("4*"));
    assertThat(matches(c, "{\"model\": \"42\"}")).isTrue();
    assertThat(matches(c, "{\"model\": 42}")).isFalse();
    assertThat(matches(c, "{}")).isFalse();
  }

  @Test
  void existsCountsAnExplicitNullAsPresent() {
    PayloadCondition present = when("/user", new ValueMatcher.Exists(true));
    assertThat(matches(present, "{\"user\": null}")).isTrue();
    assertThat(matches(present, "{}")).isFalse();
  }

  @Test
  void existsFalseHoldsOnlyWhenThePointerDoesNotResolve() {
    PayloadCondition absent = when("/debug", new ValueMatcher.Exists(false));
    assertThat(matches(absent, "{}")).isTrue();
    assertThat(matches(absent, "{\"debug\": null}")).isFalse();
  }

  @Test
  void anAlternativeHoldsOnlyWhenEveryFieldHolds() {
    PayloadCondition c = when(field("/name", equalsJson("\"a.log\"")), field("/path", equalsJson("\"c:/logs\"")));
    assertThat(matches(c, "{\"name\": \"a.log\", \"path\": \"c:/logs\", \"extra\": 1}")).isTrue();
    assertThat(matches(c, "{\"name\": \"a.log\"}")).isFalse();
  }

  @Test
  void thePayloadMatchesWhenAnyAlternativeHolds() {
    PayloadMatcher m = PayloadMatcher.compile(List.of(
        when("/a", equalsJson("1")), when("/b", equalsJson("2"))));
    assertThat(m.matches(json("{\"b\": 2}"))).isTrue();
    assertThat(m.matches(json("{\"a\": 2, \"b\": 1}"))).isFalse();
  }
}
