package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.Closing;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Busy is not broken: a backend answering 429 or 503 did not process the request, so it moves on
 * for POST too, and with Retry-After it is passed over for that long while another backend can
 * answer; when every backend is busy the client is told when to come back.
 */
class BusyBackendsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  @RegisterExtension
  final Closing open = new Closing();


  /** A backend that answers {@code status} (with {@code retryAfter} when not null) and counts what it got. */
  private TestBackend answering(int status, String retryAfter, String name, AtomicInteger seen) {
    TestBackend b = new TestBackend(VERTX.get(), req -> req.body().onSuccess(body -> {
      seen.incrementAndGet();
      var r = req.response().setStatusCode(status).putHeader("Content-Type", "application/json");
      if (retryAfter != null) {
        r.putHeader("Retry-After", retryAfter);
      }
      r.end("{\"backend\":\"" + name + "\"}");
    }));
    open.add(b);
    return b;
  }

  private Junction.Running junction(String yaml) {
    JunctionConfig config = ConfigLoader.load(yaml, null);
    Junction.Running j = Junction.builder().config(config).listen("127.0.0.1", 0).decisionHeader(true).build().start();
    open.add(j);
    return j;
  }

  private static HttpResponse<String> call(URI base, String method, String path, String body) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPostAnswered429WithRetryAfterMovesOnAndTheBusyBackendIsPassedOverMeanwhile() throws Exception {
    AtomicInteger busySeen = new AtomicInteger();
    AtomicInteger freeSeen = new AtomicInteger();
    TestBackend busy = answering(429, "30", "busy", busySeen);
    TestBackend free = answering(200, null, "free", freeSeen);
    Junction.Running j = junction("""
        junction:
          admin: {enabled: true, listen: "127.0.0.1:0"}
          cache: {store: memory}
          backends: {busy: "%s", free: "%s"}
          routes:
            - {id: chat, path: /v1/chat/completions, backends: [busy, free]}
        """.formatted(busy.uri(), free.uri()));

    HttpResponse<String> first = call(j.uri(), "POST", "/v1/chat/completions", "{\"model\":\"m\"}");
    HttpResponse<String> second = call(j.uri(), "POST", "/v1/chat/completions", "{\"model\":\"m\"}");
    JsonNode backends = JSON.readTree(call(j.adminUri(), "GET", "/backends", null).body());
    String metrics = call(j.adminUri(), "GET", "/metrics", null).body();
    JsonNode recent = JSON.readTree(call(j.adminUri(), "GET", "/requests/recent", null).body());

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.body()).contains("\"free\"");
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(busySeen.get()).as("the busy backend is passed over while it cools down").isEqualTo(1);
    assertThat(freeSeen.get()).isEqualTo(2);
    JsonNode cooling = backends.get(0).get("health").get("cooling");
    assertThat(backends.get(0).get("name").asText()).isEqualTo("busy");
    assertThat(cooling.get("status").asInt()).isEqualTo(429);
    assertThat(cooling.get("until").asText()).isNotEmpty();
    assertThat(backends.get(1).get("health").has("cooling")).isFalse();
    JsonNode firstAttempts = recent.get("requests").get(recent.get("requests").size() - 1).get("attempts");
    assertThat(firstAttempts.toString()).as("/requests/recent shows each backend tried")
        .contains("\"backend\":\"busy\",\"outcome\":\"rejected\",\"status\":429")
        .contains("\"backend\":\"free\",\"outcome\":\"accepted\",\"status\":200");
    assertThat(metrics).contains("junction_backend_cooling{backend=\"busy\"} 1.0")
        .contains("junction_backend_cooling{backend=\"free\"} 0.0");
  }

  @Test
  void aRetryAfterLongerThanTheLimitCountsAsTheLimitAndAnAllBusyAnswerGivesTheSmallest() throws Exception {
    AtomicInteger seenA = new AtomicInteger();
    AtomicInteger seenB = new AtomicInteger();
    TestBackend a = answering(503, "3600", "a", seenA);
    TestBackend b = answering(429, "7", "b", seenB);
    Junction.Running j = junction("""
        junction:
          admin: {enabled: false}
          cache: {store: memory}
          proxy: {max_retry_after: 5s}
          backends: {a: "%s", b: "%s"}
        """.formatted(a.uri(), b.uri()));

    HttpResponse<String> r = call(j.uri(), "POST", "/v1/chat/completions", "{\"model\":\"m\"}");

    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(r.headers().firstValue("retry-after")).as("a's hour counts as the 5 s limit, smaller than b's 7 s")
        .hasValue("5");
    JsonNode problem = JSON.readTree(r.body());
    assertThat(problem.get("type").asText()).isEqualTo("urn:junction:problem:backends-busy");
    assertThat(problem.get("attempts")).hasSize(2);
    assertThat(problem.get("attempts").get(0).get("status").asInt()).isEqualTo(503);
    assertThat(problem.get("attempts").get(1).get("status").asInt()).isEqualTo(429);
  }

  @Test
  void aBusyAnswerWithoutRetryAfterMovesOnButDoesNotCoolTheBackendDown() throws Exception {
    AtomicInteger busySeen = new AtomicInteger();
    AtomicInteger freeSeen = new AtomicInteger();
    TestBackend busy = answering(503, null, "busy", busySeen);
    TestBackend free = answering(200, null, "free", freeSeen);
    Junction.Running j = junction("""
        junction:
          admin: {enabled: false}
          cache: {store: memory}
          backends: {busy: "%s", free: "%s"}
          routes:
            - {id: r, path: /thing, backends: [busy, free]}
        """.formatted(busy.uri(), free.uri()));

    call(j.uri(), "POST", "/thing", "{}");
    HttpResponse<String> second = call(j.uri(), "POST", "/thing", "{}");

    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(second.headers().firstValue("x-junction-decision")).hasValue("rule r; backend=free");
    assertThat(busySeen.get()).isEqualTo(2);
  }
}
