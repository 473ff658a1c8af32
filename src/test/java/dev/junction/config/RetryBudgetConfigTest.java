package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The retry budget as Envoy reads it: extra attempts below max(min_concurrency, percent of what is in flight). */
class RetryBudgetConfigTest {
  @ParameterizedTest(name = "{index}: {0}% min {1}, {2} extra of {3} in flight -> {4}")
  @CsvSource(delimiter = '|', textBlock = """
      # percent | min | extra in flight | attempts in flight | one more allowed
      20        | 3   | 0               | 0                  | true
      20        | 3   | 2               | 5                  | true
      20        | 3   | 3               | 5                  | false
      20        | 3   | 19              | 100                | true
      20        | 3   | 20              | 100                | false
      0         | 0   | 0               | 100                | false
      100       | 0   | 99              | 100                | true
      """)
  void extraAttemptsStayUnderThePercentOfWhatIsInFlightOrTheMinimum(int percent, int min, long retries, long inFlight,
      boolean allowed) {
    assertThat(new RetryBudgetConfig(percent, min).allows(retries, inFlight)).isEqualTo(allowed);
  }

  @Test
  void theDefaultsAreEnvoys() {
    assertThat(RetryBudgetConfig.defaults()).isEqualTo(new RetryBudgetConfig(20, 3));
    assertThat(ProxyConfig.defaults().retryBudget()).isEqualTo(RetryBudgetConfig.defaults());
  }

  @Test
  void aPercentOutsideZeroToAHundredIsRefused() {
    assertThatThrownBy(() -> new RetryBudgetConfig(101, 3)).hasMessage("percent: 101 (expected: 0 to 100)");
  }

  @Test
  void theConfigFileSetsIt() {
    JunctionConfig c = ConfigLoader.load("""
        junction:
          backends: {a: "http://127.0.0.1:3000"}
          proxy: {retry_budget: {percent: 10}}
        """, null);
    assertThat(c.proxy().retryBudget()).isEqualTo(new RetryBudgetConfig(10, 3));
  }
}
