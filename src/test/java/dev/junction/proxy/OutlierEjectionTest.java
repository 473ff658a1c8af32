package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.EjectionConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.config.StatusSet;
import dev.junction.health.BackendStates;
import dev.junction.routing.DecisionMemory;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Passive outlier ejection: a backend that breaks connections N times in a row is passed by for a
 * cool-down, then probed; the clock is moved by hand, nothing sleeps.
 */
class OutlierEjectionTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FAILURES = 3;
  private static Vertx vertx;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final AtomicBoolean flakyFails = new AtomicBoolean(true);
  private final AtomicBoolean liveFails = new AtomicBoolean(false);
  private TestBackend flaky;
  private TestBackend live;
  private BackendStates states;
  private ProxyFixture proxy;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @BeforeEach
  void start() {
    flaky = breakingWhen(flakyFails, "flaky");
    live = breakingWhen(liveFails, "live");
    BackendConfig f = ProxyFixture.backend("flaky", flaky.uri());
    BackendConfig l = ProxyFixture.backend("live", live.uri());
    states = new BackendStates(new EjectionConfig(FAILURES, Duration.ofSeconds(30)), now::get);
    proxy = new ProxyFixture(vertx, List.of(f, l),
        r -> new RoutingDecision.Discover(List.of(f, l), null, StatusSet.SUCCESS_2XX),
        ProxyConfig.defaults(), DiscoveryConfig.defaults(), DecisionMemory.NONE, states);
  }

  @AfterEach
  void stop() {
    proxy.close();
    flaky.close();
    live.close();
  }

  /** Closes the connection before answering while {@code fails} is set, else answers 200 with its name. */
  private static TestBackend breakingWhen(AtomicBoolean fails, String name) {
    return new TestBackend(vertx, req -> {
      if (fails.get()) {
        req.connection().close();
      } else {
        req.response().end("{\"backend\":\"" + name + "\"}");
      }
    });
  }

  private String answeredBy() throws Exception {
    return JSON.readTree(proxy.get("/thing").body()).get("backend").asText();
  }

  private void failNTimes() throws Exception {
    for (int i = 0; i < FAILURES; i++) {
      assertThat(answeredBy()).isEqualTo("live");
    }
  }

  @Test
  void aBackendFailingNTimesInARowIsPassedByDuringItsCooldown() throws Exception {
    failNTimes();

    assertThat(answeredBy()).isEqualTo("live");
    assertThat(flaky.seen()).hasSize(FAILURES);
    assertThat(states.ejected("flaky")).isTrue();
  }

  @Test
  void afterTheCooldownItIsProbedAndARespondingBackendIsBackInRotation() throws Exception {
    failNTimes();
    flakyFails.set(false);
    now.addAndGet(Duration.ofSeconds(31).toNanos());

    assertThat(answeredBy()).isEqualTo("flaky");
    assertThat(states.ejected("flaky")).isFalse();
    assertThat(states.get("flaky").consecutiveFailures()).isZero();
    assertThat(answeredBy()).isEqualTo("flaky");
  }

  @Test
  void aProbeThatFailsEjectsTheBackendForAnotherCooldown() throws Exception {
    failNTimes();
    now.addAndGet(Duration.ofSeconds(31).toNanos());

    assertThat(answeredBy()).isEqualTo("live");
    assertThat(flaky.seen()).hasSize(FAILURES + 1);
    assertThat(answeredBy()).isEqualTo("live");
    assertThat(flaky.seen()).hasSize(FAILURES + 1);
    assertThat(states.ejected("flaky")).isTrue();
  }

  @Test
  void fewerFailuresThanTheThresholdEjectNothing() throws Exception {
    for (int i = 0; i < FAILURES - 1; i++) {
      answeredBy();
    }
    flakyFails.set(false);

    assertThat(answeredBy()).isEqualTo("flaky");
  }

  @Test
  void whenEveryCandidateIsEjectedTheyAreStillTriedRatherThanRefusingTheRequest() throws Exception {
    liveFails.set(true);
    for (int i = 0; i < FAILURES; i++) {
      assertThat(proxy.get("/thing").statusCode()).isEqualTo(502);
    }
    assertThat(states.ejected("flaky")).isTrue();
    assertThat(states.ejected("live")).isTrue();
    liveFails.set(false);

    assertThat(answeredBy()).isEqualTo("live");
  }
}
