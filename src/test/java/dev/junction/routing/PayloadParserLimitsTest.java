package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ValueMatcher;
import dev.junction.routing.Payload;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

/**
 * The body parser's limits are the ones the config loader enforces on payload conditions ({@link
 * ValueMatcher#MAX_NUMBER_DIGITS}, {@link ValueMatcher#MAX_BODY_DEPTH}): a condition the loader
 * accepts can always be met by a body Junction parses.
 */
class PayloadParserLimitsTest {
  private static Payload parse(String json) {
    return PayloadParser.parse(Buffer.buffer(json).getBytes());
  }

  @Test
  void anIntegerOfAsManyDigitsAsAMatcherMayHaveIsParsedEvenNegative() {
    String digits = "9".repeat(ValueMatcher.MAX_NUMBER_DIGITS);

    assertThat(parse("{\"n\": " + digits + "}")).isInstanceOf(Payload.Json.class);
    assertThat(parse("{\"n\": -" + digits + "}")).isInstanceOf(Payload.Json.class);
  }

  @Test
  void oneDigitMoreMakesTheBodyNoPayload() {
    assertThat(parse("{\"n\": 9" + "9".repeat(ValueMatcher.MAX_NUMBER_DIGITS) + "}")).isEqualTo(Payload.NOT_AN_OBJECT);
  }

  @Test
  void anObjectNestedAsDeeplyAsAConditionMayNeedIsParsed() {
    int depth = ValueMatcher.MAX_BODY_DEPTH;

    assertThat(PayloadParser.MAX_DEPTH).isEqualTo(depth);
    assertThat(parse("{\"d\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1))).isInstanceOf(Payload.Json.class);
  }

  @Test
  void oneLevelDeeperMakesTheBodyNoPayload() {
    int depth = ValueMatcher.MAX_BODY_DEPTH + 1;

    assertThat(parse("{\"d\":".repeat(depth - 1) + "{}" + "}".repeat(depth - 1))).isEqualTo(Payload.NOT_AN_OBJECT);
  }
}
