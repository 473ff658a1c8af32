package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A backend's Retry-After as Junction reads it: seconds or an HTTP date, anything else nothing. */
class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-12-07T15:00:00Z");

  @ParameterizedTest(name = "{index}: ''{0}'' -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      # header                          | seconds (- for none)
      2                                 | 2
      ' 120 '                           | 120
      0                                 | -
      99999999999999999999              | 86400
      Mon, 07 Dec 2026 15:00:30 GMT     | 30
      Mon, 07 Dec 2026 14:59:00 GMT     | -
      -5                                | -
      1.5                               | -
      soon                              | -
      ''                                | -
      """)
  void secondsOrAnHttpDateAnythingElseIsNothing(String header, String seconds) {
    Duration d = RetryAfter.parse(header, NOW);

    assertThat(d == null ? "-" : String.valueOf(d.getSeconds())).isEqualTo(seconds);
  }

  @org.junit.jupiter.api.Test
  void noHeaderIsNothing() {
    assertThat(RetryAfter.parse(null, NOW)).isNull();
  }
}
