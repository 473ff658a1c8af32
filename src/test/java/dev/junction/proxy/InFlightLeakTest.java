package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ConfigLoader;
import dev.junction.config.EjectionConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.health.BackendStates;
import dev.junction.routing.DecisionMemory;
import dev.junction.routing.RuleRouter;
import dev.junction.testing.Await;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.vertx.core.http.HttpServerRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The in-flight count of a backend goes up when an attempt starts and back down exactly once when
 * that exchange ends, whichever way it ends: relayed, rejected, unreachable, timed out, reset by
 * the backend mid-stream, or abandoned by the client before or after the response head.
 */
class InFlightLeakTest {
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();

  private static final ProxyConfig SHORT_RESPONSE_TIMEOUT = new ProxyConfig(Duration.ofSeconds(5), Duration.ofMillis(300),
      Duration.ofMinutes(5), 1 << 20, 256, 16 * 1024);

  /** Requests the holding backend has not answered; it sends a head and one chunk, then waits. */
  private final Queue<HttpServerRequest> streaming = new ConcurrentLinkedQueue<>();
  /** Requests the silent backend never answers. */
  private final Queue<HttpServerRequest> silent = new ConcurrentLinkedQueue<>();
  private final List<AutoCloseable> open = new ArrayList<>();
  private final BackendStates states = new BackendStates(EjectionConfig.off(), System::nanoTime);
  private TestBackend holding;
  private TestBackend quiet;
  private TestBackend sick;
  private TestBackend well;
  private String dead;
  private ProxyFixture proxy;

  @BeforeEach
  void backends() {
    holding = add(new TestBackend(VERTX.get(), req -> {
      req.response().setChunked(true).write("part-1\n");
      streaming.add(req);
    }));
    quiet = add(new TestBackend(VERTX.get(), silent::add));
    sick = add(new TestBackend(VERTX.get(), req -> req.response().setStatusCode(500).end("sick")));
    well = add(TestBackend.echo(VERTX.get(), "well"));
    TestBackend gone = TestBackend.echo(VERTX.get(), "gone");
    dead = gone.uri().toString();
    gone.close();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private <T extends AutoCloseable> T add(T c) {
    open.add(c);
    return c;
  }

  private void start(ProxyConfig proxyConfig) {
    String yaml = """
        junction:
          backends: {holding: "%s", quiet: "%s", sick: "%s", well: "%s", dead: "%s"}
          routes:
            - {path: /stream, backend: holding}
            - {path: /silent, backend: quiet}
            - {path: /silent-balanced, balance: round_robin, backends: [quiet, well]}
            - {path: /fail-over, balance: round_robin, backends: [sick, dead, well]}
            - {path: /ok, backend: well}
        """.formatted(holding.uri(), quiet.uri(), sick.uri(), well.uri(), dead);
    JunctionConfig config = ConfigLoader.load(yaml, null);
    proxy = add(new ProxyFixture(VERTX.get(), config.backends(), RuleRouter.create(config, null),
        proxyConfig, config.discovery(), DecisionMemory.NONE, states));
  }

  private void awaitNothingInFlight() {
    Await.until("every in-flight count back at 0: " + states.inFlight().snapshot(),
        () -> states.inFlight().snapshot().values().stream().allMatch(n -> n == 0));
  }

  private RawHttp rawGet(String path) throws Exception {
    return new RawHttp(proxy.port()).send("GET " + path + " HTTP/1.1\r\nHost: junction\r\n\r\n");
  }

  @Test
  void relayedRejectedAndUnreachableAttemptsAllEnd() throws Exception {
    start(ProxyConfig.defaults());

    assertThat(proxy.get("/ok").statusCode()).isEqualTo(200);
    // sick answers 500 (rejected), dead refuses the connection, well answers
    assertThat(proxy.get("/fail-over").statusCode()).isEqualTo(200);

    awaitNothingInFlight();
    assertThat(states.inFlight().snapshot()).containsOnlyKeys("well", "sick", "dead");
  }

  @Test
  void aResponseTimeoutEndsTheAttempt() throws Exception {
    start(SHORT_RESPONSE_TIMEOUT);

    assertThat(proxy.get("/silent").statusCode()).isEqualTo(504);

    awaitNothingInFlight();
    assertThat(states.inFlight().snapshot()).containsKey("quiet");
  }

  @Test
  void aBackendResetMidStreamEndsTheAttempt() throws Exception {
    start(ProxyConfig.defaults());
    try (RawHttp client = rawGet("/stream")) {
      assertThat(client.readHead().status()).isEqualTo(200);
      assertThat(states.inFlight().get("holding")).isEqualTo(1);

      holding.runOnContext(() -> streaming.poll().connection().close());

      awaitNothingInFlight();
    }
  }

  @Test
  void aClientGoneMidStreamEndsTheAttempt() throws Exception {
    start(ProxyConfig.defaults());
    try (RawHttp client = rawGet("/stream")) {
      assertThat(client.readHead().status()).isEqualTo(200);
      assertThat(states.inFlight().get("holding")).isEqualTo(1);
    }

    awaitNothingInFlight();
  }

  @Test
  void aClientGoneBeforeTheResponseHeadEndsABalancedAttempt() throws Exception {
    start(ProxyConfig.defaults());
    try (RawHttp client = rawGet("/silent-balanced")) {
      Await.until("the quiet backend holds the request", () -> silent.size() == 1);
      assertThat(states.inFlight().get("quiet")).isEqualTo(1);
    }

    awaitNothingInFlight();
  }

  @Test
  void manyExchangesEndedEveryWayLeaveEveryCountAtZero() throws Exception {
    start(SHORT_RESPONSE_TIMEOUT);
    for (int i = 0; i < 5; i++) {
      proxy.get("/ok");
      proxy.get("/fail-over");
      proxy.get("/silent");
      try (RawHttp client = rawGet("/stream")) {
        client.readHead();
      }
      try (RawHttp client = rawGet("/stream")) {
        client.readHead();
        holding.runOnContext(() -> {
          HttpServerRequest r = streaming.poll();
          if (r != null) {
            r.response().end("done\n");
          }
        });
        client.readLine();
      }
    }

    awaitNothingInFlight();
    assertThat(states.inFlight().snapshot()).containsOnlyKeys("well", "sick", "dead", "quiet", "holding");
  }
}
