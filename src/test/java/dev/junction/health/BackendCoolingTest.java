package dev.junction.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.EjectionConfig;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A backend that answered busy with Retry-After cools down exactly that long, on a clock the test moves. */
class BackendCoolingTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final BackendStates states = new BackendStates(EjectionConfig.defaults(), now::get);

  @Test
  void retryAfterTwoSecondsPassesTheBackendOverForTwoSecondsThenNoLonger() {
    states.busy("a", 429, Duration.ofSeconds(2));

    boolean during = states.loads().ejected("a");
    now.addAndGet(Duration.ofMillis(1999).toNanos());
    boolean justBefore = states.coolingNanos("a") > 0;
    now.addAndGet(Duration.ofMillis(2).toNanos());
    boolean after = states.coolingNanos("a") > 0;

    assertThat(during).as("out of rotation for balancing while cooling").isTrue();
    assertThat(justBefore).isTrue();
    assertThat(after).isFalse();
    assertThat(states.cooling("a")).isNull();
    assertThat(states.loads().ejected("a")).isFalse();
  }

  @Test
  void theLatestBusyAnswerCountsShorterOrLonger() {
    states.busy("a", 503, Duration.ofSeconds(30));
    states.busy("a", 429, Duration.ofSeconds(1));

    assertThat(states.cooling("a").status()).isEqualTo(429);
    now.addAndGet(Duration.ofMillis(1001).toNanos());
    assertThat(states.coolingNanos("a")).isZero();
  }

  @Test
  void coolingIsNotEjectionAndDoesNotCountAsAFailure() {
    states.busy("a", 503, Duration.ofSeconds(5));

    assertThat(states.ejected("a")).isFalse();
    assertThat(states.get("a").consecutiveFailures()).isZero();
  }
}
