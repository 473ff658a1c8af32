package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.config.StatusSet;
import dev.junction.testing.Closing;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Discovery tries backends in order until one accepts, and reports every attempt when none does. */
class DiscoveryTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  @RegisterExtension
  final Closing open = new Closing();



  private TestBackend backend(TestBackend b) {
    open.add(b);
    return b;
  }

  private TestBackend answering(int status, String name) {
    return backend(new TestBackend(VERTX.get(), req -> req.body().onSuccess(body ->
        req.response().setStatusCode(status).putHeader("Content-Type", "application/json")
            .end("{\"backend\":\"" + name + "\",\"body\":" + JSON.valueToTree(body.toString()) + "}"))));
  }

  private static URI refusing() {
    return dev.junction.testing.RefusingPort.uri();
  }

  private Junction.Running junction(List<BackendConfig> backends, ProxyConfig proxy, DiscoveryConfig discovery) {
    JunctionConfig c = JunctionConfig.defaults().withBackends(backends).withProxy(proxy).withDiscovery(discovery)
        .withCache(ProxyFixture.memoryCache());
    Junction.Running j = Junction.builder().config(c).listen("127.0.0.1", 0).admin(false).decisionHeader(true).build().start();
    open.add(j);
    return j;
  }

  private static HttpResponse<String> send(Junction.Running j, String method, String path, String body) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(j.uri().resolve(path)).timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void refusingAndFailingBackendsAreSkippedUntilOneAccepts() throws Exception {
    TestBackend notFound = answering(404, "nf");
    TestBackend broken = answering(500, "broken");
    TestBackend ok = answering(200, "ok");
    var j = junction(List.of(ProxyFixture.backend("refusing", refusing()), ProxyFixture.backend("nf", notFound.uri()),
        ProxyFixture.backend("broken", broken.uri()), ProxyFixture.backend("ok", ok.uri())), ProxyConfig.defaults(), DiscoveryConfig.defaults());

    HttpResponse<String> r = send(j, "GET", "/thing", null);

    assertThat(JSON.readTree(r.body()).get("backend").asText()).isEqualTo("ok");
    assertThat(r.headers().firstValue("X-Junction-Decision")).hasValue("discovery; backend=ok; attempts=4");
  }

  @Test
  void aBackendThatTimesOutIsSkipped() throws Exception {
    TestBackend slow = backend(new TestBackend(VERTX.get(), req -> VERTX.get().setTimer(10_000, t -> req.response().end())));
    TestBackend ok = answering(200, "ok");
    ProxyConfig fast = VertxExtension.shortTimeouts();
    var j = junction(List.of(ProxyFixture.backend("slow", slow.uri()), ProxyFixture.backend("ok", ok.uri())), fast, DiscoveryConfig.defaults());

    HttpResponse<String> r = send(j, "GET", "/thing", null);

    assertThat(JSON.readTree(r.body()).get("backend").asText()).isEqualTo("ok");
  }

  @Test
  void theBodyIsReplayedByteIdenticalToEachCandidate() throws Exception {
    TestBackend nf = answering(404, "nf");
    TestBackend ok = answering(200, "ok");
    var j = junction(List.of(ProxyFixture.backend("nf", nf.uri()), ProxyFixture.backend("ok", ok.uri())),
        ProxyConfig.defaults(), DiscoveryConfig.defaults());
    String body = "{ \"model\" : \"m\",\n \"x\": [1, 2.50, \"\\u00e9\"] }";

    HttpResponse<String> r = send(j, "POST", "/v1/chat/completions", body);

    assertThat(JSON.readTree(r.body()).get("body").asText()).isEqualTo(body);
  }

  @Test
  void aPostRejectedWithAStatusOutsideTheAllowListIsNotReplayed() throws Exception {
    TestBackend broken = answering(500, "broken");
    TestBackend ok = answering(200, "ok");
    var j = junction(List.of(ProxyFixture.backend("broken", broken.uri()), ProxyFixture.backend("ok", ok.uri())),
        ProxyConfig.defaults(), DiscoveryConfig.defaults());

    HttpResponse<String> r = send(j, "POST", "/charge", "{\"amount\":5}");

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(r.body()).get("backend").asText()).isEqualTo("broken");
    assertThat(ok.seen()).isEmpty();
  }

  @Test
  void aPostRejectedWith404MovesOnToTheNextBackend() throws Exception {
    TestBackend nf = answering(404, "nf");
    TestBackend ok = answering(200, "ok");
    var j = junction(List.of(ProxyFixture.backend("nf", nf.uri()), ProxyFixture.backend("ok", ok.uri())),
        ProxyConfig.defaults(), DiscoveryConfig.defaults());

    HttpResponse<String> r = send(j, "POST", "/charge", "{\"amount\":5}");

    assertThat(JSON.readTree(r.body()).get("backend").asText()).isEqualTo("ok");
  }

  @Test
  void aPostThatTimedOutIsNotSentToAnotherBackend() throws Exception {
    TestBackend slow = backend(new TestBackend(VERTX.get(), req -> VERTX.get().setTimer(10_000, t -> req.response().end())));
    TestBackend ok = answering(200, "ok");
    ProxyConfig fast = VertxExtension.shortTimeouts();
    var j = junction(List.of(ProxyFixture.backend("slow", slow.uri()), ProxyFixture.backend("ok", ok.uri())), fast, DiscoveryConfig.defaults());

    HttpResponse<String> r = send(j, "POST", "/charge", "{\"amount\":5}");

    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(ok.seen()).isEmpty();
  }

  @Test
  void whenEveryBackendFailsTheClientGets502ListingEachAttempt() throws Exception {
    TestBackend nf = answering(404, "nf");
    TestBackend broken = answering(503, "broken");
    URI dead = refusing();
    var j = junction(List.of(ProxyFixture.backend("nf", nf.uri()), ProxyFixture.backend("dead", dead),
        ProxyFixture.backend("broken", broken.uri())), ProxyConfig.defaults(), DiscoveryConfig.defaults());

    HttpResponse<String> r = send(j, "GET", "/nowhere", null);

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    JsonNode attempts = JSON.readTree(r.body()).get("attempts");
    assertThat(attempts).hasSize(3);
    assertThat(attempts.get(0).get("backend").asText()).isEqualTo("nf");
    assertThat(attempts.get(0).get("status").asInt()).isEqualTo(404);
    assertThat(attempts.get(1).get("outcome").asText()).isEqualTo("unreachable");
    assertThat(attempts.get(2).get("status").asInt()).isEqualTo(503);
    assertThat(attempts.get(2).has("durationMs")).isTrue();
  }

  @Test
  void whenEveryBackendSaysTheModelIsUnknownTheClientGetsTheLastBackendsOwn404() throws Exception {
    String error = "{\"error\":{\"message\":\"The model `nope` does not exist\",\"type\":\"invalid_request_error\","
        + "\"code\":\"model_not_found\"}}";
    List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    TestBackend first = backend(new TestBackend(VERTX.get(), req -> req.body().onSuccess(body -> {
      seen.add("first");
      req.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(error);
    })));
    TestBackend second = backend(new TestBackend(VERTX.get(), req -> req.body().onSuccess(body -> {
      seen.add("second");
      req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
          .putHeader("X-Backend-Note", "from-second").end(error.replace("does not exist", "is not served here"));
    })));
    var j = junction(List.of(ProxyFixture.backend("first", first.uri()), ProxyFixture.backend("second", second.uri())),
        ProxyConfig.defaults(), DiscoveryConfig.defaults());

    HttpResponse<String> r = send(j, "POST", "/v1/chat/completions", "{\"model\":\"nope\",\"messages\":[]}");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    assertThat(r.headers().firstValue("x-backend-note")).hasValue("from-second");
    assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("model_not_found");
    assertThat(r.body()).contains("is not served here");
    assertThat(r.headers().firstValue("x-junction-decision")).hasValue("discovery; backend=second; attempts=2; final=404");
    assertThat(seen).containsExactly("first", "second");
  }

  @Test
  void aClientErrorFromOneBackendAndA5xxFromTheOtherIsStill502() throws Exception {
    TestBackend nf = answering(404, "nf");
    TestBackend broken = answering(500, "broken");
    var j = junction(List.of(ProxyFixture.backend("broken", broken.uri()), ProxyFixture.backend("nf", nf.uri())),
        ProxyConfig.defaults(), DiscoveryConfig.defaults());

    HttpResponse<String> r = send(j, "GET", "/v1/models/nope", null);

    assertThat(r.statusCode()).isEqualTo(502);
    assertThat(JSON.readTree(r.body()).get("attempts")).hasSize(2);
  }

  @Test
  void aBackendThatSaysDiscoveryFalseIsReachedByItsRuleButNeverProbed() throws Exception {
    List<String> wsSeen = new java.util.concurrent.CopyOnWriteArrayList<>();
    TestBackend ws = backend(new TestBackend(VERTX.get(), req -> {
      wsSeen.add(req.method() + " " + req.path());
      req.response().setStatusCode(426).end("upgrade required");
    }));
    TestBackend llm = answering(200, "llm");
    JunctionConfig c = dev.junction.config.ConfigLoader.load("""
        junction:
          admin: {enabled: false}
          cache: {store: memory}
          backends:
            llm: "%s"
            ws: {url: "%s", discovery: false}
          routes:
            - {id: socket, path: /socket, backend: ws}
        """.formatted(llm.uri(), ws.uri()), null);
    Junction.Running j = Junction.builder().config(c).listen("127.0.0.1", 0).decisionHeader(true).build().start();
    open.add(j);

    HttpResponse<String> chat = send(j, "POST", "/v1/chat/completions", "{\"model\":\"m\"}");
    HttpResponse<String> socket = send(j, "GET", "/socket", null);

    assertThat(chat.statusCode()).isEqualTo(200);
    assertThat(chat.headers().firstValue("x-junction-decision")).hasValue("discovery; backend=llm; attempts=1");
    assertThat(socket.statusCode()).isEqualTo(426);
    assertThat(wsSeen).containsExactly("GET /socket");
  }

  @Test
  void overTheRetryBudgetTheCurrentAnswerIsFinal() throws Exception {
    TestBackend broken = answering(500, "broken");
    TestBackend ok = answering(200, "ok");
    var j = junction(List.of(ProxyFixture.backend("broken", broken.uri()), ProxyFixture.backend("ok", ok.uri())),
        ProxyConfig.defaults().withRetryBudget(new dev.junction.config.RetryBudgetConfig(0, 0)), DiscoveryConfig.defaults());

    HttpResponse<String> r = send(j, "GET", "/thing", null);

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(r.body()).contains("\"broken\"");
    assertThat(r.headers().firstValue("x-junction-decision")).hasValue("discovery; backend=broken; final=500");
    assertThat(ok.seen()).isEmpty();
  }

  @Test
  void movingOnFromABackendNothingReachedOrThatSaidNotMineDoesNotCountAgainstTheRetryBudget() throws Exception {
    TestBackend nf = answering(404, "nf");
    TestBackend ok = answering(200, "ok");
    var j = junction(List.of(ProxyFixture.backend("refusing", refusing()), ProxyFixture.backend("nf", nf.uri()),
        ProxyFixture.backend("ok", ok.uri())),
        ProxyConfig.defaults().withRetryBudget(new dev.junction.config.RetryBudgetConfig(0, 0)), DiscoveryConfig.defaults());

    HttpResponse<String> r = send(j, "GET", "/thing", null);

    // discovery at work, not failover under stress: a refused connection and a 404 cost the budget nothing
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"ok\"");
  }

  @Test
  void theDiscoveryDeadlineBoundsTheClientsWait() throws Exception {
    TestBackend slow1 = backend(new TestBackend(VERTX.get(), req -> VERTX.get().setTimer(10_000, t -> req.response().end())));
    TestBackend slow2 = backend(new TestBackend(VERTX.get(), req -> VERTX.get().setTimer(10_000, t -> req.response().end())));
    ProxyConfig proxy = new ProxyConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofMinutes(1), 1 << 20, 16, 16 * 1024);
    DiscoveryConfig discovery = new DiscoveryConfig(null, StatusSet.SUCCESS_2XX, StatusSet.NOT_HANDLED, Duration.ofMillis(500));
    var j = junction(List.of(ProxyFixture.backend("slow1", slow1.uri()), ProxyFixture.backend("slow2", slow2.uri())), proxy, discovery);

    HttpResponse<String> r = send(j, "GET", "/x", null);

    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(JSON.readTree(r.body()).get("type").asText()).isEqualTo("urn:junction:problem:discovery-deadline");
  }

  @Test
  void theWinnerIsRememberedAndTheSecondRequestIsACacheHit() throws Exception {
    TestBackend nf = answering(404, "nf");
    TestBackend ok = answering(200, "ok");
    var j = junction(List.of(ProxyFixture.backend("nf", nf.uri()), ProxyFixture.backend("ok", ok.uri())),
        ProxyConfig.defaults(), DiscoveryConfig.defaults());

    send(j, "GET", "/thing", null);
    HttpResponse<String> second = send(j, "GET", "/thing", null);

    assertThat(second.headers().firstValue("X-Junction-Decision")).hasValue("cache; backend=ok; attempts=1");
    assertThat(nf.seen()).hasSize(1);
  }

  @Test
  void aCachedBackendThatFailsIsEvictedAndDiscoveryRunsAgainInTheSameRequest() throws Exception {
    TestBackend first = answering(200, "first");
    TestBackend second = answering(200, "second");
    var j = junction(List.of(ProxyFixture.backend("first", first.uri()), ProxyFixture.backend("second", second.uri())),
        ProxyConfig.defaults(), DiscoveryConfig.defaults());
    send(j, "GET", "/thing", null);
    first.handler(req -> req.response().setStatusCode(404).end());

    HttpResponse<String> r = send(j, "GET", "/thing", null);
    HttpResponse<String> after = send(j, "GET", "/thing", null);

    assertThat(JSON.readTree(r.body()).get("backend").asText()).isEqualTo("second");
    assertThat(after.headers().firstValue("X-Junction-Decision")).hasValue("cache; backend=second; attempts=1");
  }
}
