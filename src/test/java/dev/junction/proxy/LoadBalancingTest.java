package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.ConfigLoader;
import dev.junction.config.EjectionConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.health.BackendStates;
import dev.junction.routing.DecisionMemory;
import dev.junction.routing.RuleRouter;
import dev.junction.testing.Await;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Rules with several backends and a balance, over real HTTP backends. */
class LoadBalancingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();

  private final List<AutoCloseable> open = new ArrayList<>();
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private BackendStates states = new BackendStates(EjectionConfig.defaults(), now::get);
  private ProxyFixture proxy;

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private TestBackend backend(TestBackend b) {
    open.add(b);
    return b;
  }

  private TestBackend echo(String name) {
    return backend(TestBackend.echo(VERTX.get(), name));
  }

  /** Starts the proxy with {@code backends} by name and one route written in the Junction format. */
  private void start(Map<String, URI> backends, String route, String discovery, ProxyConfig proxyConfig) {
    StringBuilder yaml = new StringBuilder("junction:\n  backends:\n");
    backends.forEach((name, uri) -> yaml.append("    ").append(name).append(": \"").append(uri).append("\"\n"));
    yaml.append("  routes:\n").append(route.indent(4)).append(discovery);
    JunctionConfig config = ConfigLoader.load(yaml.toString(), null);
    proxy = new ProxyFixture(VERTX.get(), config.backends(), RuleRouter.create(config, null), proxyConfig,
        config.discovery(), DecisionMemory.NONE, states);
    open.add(proxy);
  }

  private void start(Map<String, URI> backends, String route) {
    start(backends, route, "", ProxyConfig.defaults());
  }

  private static Map<String, URI> named(Object... nameThenBackend) {
    Map<String, URI> out = new LinkedHashMap<>();
    for (int i = 0; i < nameThenBackend.length; i += 2) {
      Object b = nameThenBackend[i + 1];
      out.put((String) nameThenBackend[i], b instanceof TestBackend t ? t.uri() : (URI) b);
    }
    return out;
  }

  private static String answeredBy(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body()).get("backend").asText();
  }

  private List<String> answers(int n) throws Exception {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(answeredBy(proxy.get("/v1/chat")));
    }
    return out;
  }

  private void awaitNothingInFlight() {
    Await.until("every in-flight count back at 0: " + states.inFlight().snapshot(),
        () -> states.inFlight().snapshot().values().stream().allMatch(n -> n == 0));
  }

  /** Answers 500 with its name (a failure: 503 and 429 say busy, which moves on for every method). */
  private TestBackend failing(String name) {
    return backend(new TestBackend(VERTX.get(), req -> req.response().setStatusCode(500).end("{\"backend\":\"" + name + "\"}")));
  }

  private static URI deadPort() {
    TestBackend gone = TestBackend.echo(VERTX.get(), "gone");
    URI uri = gone.uri();
    gone.close();
    return uri;
  }

  // --- choosing ---

  @Test
  void roundRobinSplitsSequentialRequestsExactlyByWeight() throws Exception {
    TestBackend a = echo("a");
    TestBackend b = echo("b");
    start(named("a", a, "b", b), """
        - path: /v1/chat
          balance: round_robin
          backends: [{backend: a, weight: 3}, b]
        """);

    assertThat(answers(8)).containsExactly("a", "a", "b", "a", "a", "a", "b", "a");
    assertThat(a.seen()).hasSize(6);
    assertThat(b.seen()).hasSize(2);
  }

  @Test
  void theDecisionHeaderNamesTheStrategyAndTheChosenBackend() throws Exception {
    start(named("a", echo("a"), "b", echo("b")), """
        - id: chat
          path: /v1/chat
          balance: round_robin
          backends: [a, b]
        """);
    proxy.get("/v1/chat");

    assertThat(proxy.get("/v1/chat").headers().firstValue("X-Junction-Decision"))
        .hasValue("rule chat; balance=round_robin; backend=b; attempts=1");
  }

  @Test
  void leastInFlightSendsNewRequestsToTheBackendWithFewerOpenExchanges() throws Exception {
    Queue<HttpServerRequest> held = new ConcurrentLinkedQueue<>();
    TestBackend slow = backend(new TestBackend(VERTX.get(), held::add));
    TestBackend quick = echo("quick");
    start(named("slow", slow, "quick", quick), """
        - path: /v1/chat
          balance: least_in_flight
          backends: [slow, quick]
        """);
    // both idle: the tie goes to the first; its answer is held open
    CompletableFuture<HttpResponse<String>> first = ProxyFixture.CLIENT.sendAsync(
        HttpRequest.newBuilder(proxy.uri("/v1/chat")).build(), HttpResponse.BodyHandlers.ofString());
    Await.until("the slow backend holds a request", () -> held.size() == 1);

    assertThat(answers(4)).containsOnly("quick");
    assertThat(states.inFlight().get("slow")).isEqualTo(1);

    slow.runOnContext(() -> held.poll().response().end("{\"backend\":\"slow\"}"));
    assertThat(answeredBy(first.get())).isEqualTo("slow");
    awaitNothingInFlight();
  }

  @Test
  void anEjectedBackendGetsNothingUntilItsCooldownIsOver() throws Exception {
    states = new BackendStates(new EjectionConfig(2, Duration.ofSeconds(30)), now::get);
    AtomicBoolean breaks = new AtomicBoolean(true);
    TestBackend flaky = backend(new TestBackend(VERTX.get(), req -> {
      if (breaks.get()) {
        req.connection().close();
      } else {
        req.response().end("{\"backend\":\"flaky\"}");
      }
    }));
    start(named("flaky", flaky, "live", echo("live")), """
        - path: /v1/chat
          balance: round_robin
          backends: [flaky, live]
        """);
    // picks flaky, live, flaky: each broken GET moves on to live; the second failure ejects flaky
    assertThat(answers(3)).containsOnly("live");
    assertThat(states.ejected("flaky")).isTrue();

    assertThat(answers(6)).containsOnly("live");
    assertThat(flaky.seen()).hasSize(2);

    breaks.set(false);
    now.addAndGet(Duration.ofSeconds(31).toNanos());
    assertThat(answers(2)).containsExactly("live", "flaky");
  }

  // --- failing over ---

  @Test
  void aFailingBackendFailsOverForAGet() throws Exception {
    TestBackend well = echo("well");
    start(named("sick", failing("sick"), "well", well), """
        - id: chat
          path: /v1/chat
          balance: round_robin
          backends: [sick, well]
        """);

    HttpResponse<String> r = proxy.get("/v1/chat");

    assertThat(answeredBy(r)).isEqualTo("well");
    assertThat(r.headers().firstValue("X-Junction-Decision")).hasValue("rule chat; balance=round_robin; backend=well; attempts=2");
  }

  @Test
  void aFailingBackendDoesNotFailOverForAPost() throws Exception {
    TestBackend well = echo("well");
    start(named("sick", failing("sick"), "well", well), """
        - path: /v1/chat
          balance: round_robin
          backends: [sick, well]
        """);

    HttpResponse<String> r = proxy.send("POST", "/v1/chat", "{\"n\":1}");

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(answeredBy(r)).isEqualTo("sick");
    assertThat(well.seen()).isEmpty();
  }

  @Test
  void aPostMovesOnWhenItsStatusIsInTheNonIdempotentAllowList() throws Exception {
    start(named("sick", failing("sick"), "well", echo("well")), """
        - path: /v1/chat
          balance: round_robin
          backends: [sick, well]
        """, "  discovery:\n    non_idempotent_move_on: [500]\n", ProxyConfig.defaults());

    HttpResponse<String> r = proxy.send("POST", "/v1/chat", "{\"n\":1}");

    assertThat(answeredBy(r)).isEqualTo("well");
    assertThat(JSON.readTree(r.body()).get("body").asText()).isEqualTo("{\"n\":1}");
  }

  @Test
  void aPostMovesOnFromABackendThatCannotBeReached() throws Exception {
    start(named("dead", deadPort(), "well", echo("well")), """
        - path: /v1/chat
          balance: round_robin
          backends: [dead, well]
        """);

    assertThat(answeredBy(proxy.send("POST", "/v1/chat", "{}"))).isEqualTo("well");
  }

  @Test
  void aBackendThatBreaksAfterReceivingAPostIsNotRetried() throws Exception {
    TestBackend well = echo("well");
    start(named("breaks", backend(new TestBackend(VERTX.get(), req -> req.connection().close())), "well", well), """
        - path: /v1/chat
          balance: round_robin
          backends: [breaks, well]
        """);

    assertThat(proxy.send("POST", "/v1/chat", "{}").statusCode()).isEqualTo(502);
    assertThat(well.seen()).isEmpty();
  }

  @Test
  void aStatusOutsideTheRuleSuccessSetMovesOn() throws Exception {
    TestBackend missing = backend(new TestBackend(VERTX.get(), req -> req.response().setStatusCode(404).end()));
    start(named("missing", missing, "well", echo("well")), """
        - path: /v1/chat
          balance: round_robin
          success: [200-299]
          backends: [missing, well]
        """);

    assertThat(answeredBy(proxy.get("/v1/chat"))).isEqualTo("well");
  }

  @Test
  void whenEveryBackendFailsTheLastAnswerIsRelayed() throws Exception {
    start(named("one", failing("one"), "two", failing("two")), """
        - path: /v1/chat
          balance: round_robin
          backends: [one, two]
        """);

    HttpResponse<String> r = proxy.get("/v1/chat");

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(answeredBy(r)).isEqualTo("two");
  }

  @Test
  void theFirstStrategyStillRelaysA5xxWithoutTryingTheNext() throws Exception {
    TestBackend well = echo("well");
    start(named("sick", failing("sick"), "well", well), """
        - path: /v1/chat
          backends: [sick, well]
        """);

    HttpResponse<String> r = proxy.get("/v1/chat");

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.headers().firstValue("X-Junction-Decision")).hasValue("rule route-1; backend=sick");
    assertThat(well.seen()).isEmpty();
  }
}
