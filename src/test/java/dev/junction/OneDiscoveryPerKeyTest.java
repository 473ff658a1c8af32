package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.ConfigLoader;
import dev.junction.testing.Await;
import dev.junction.testing.Closing;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Many requests for a key nobody has decided yet run one discovery: the others wait for its
 * outcome, each with its own body, and are then forwarded to the winner as cache hits, or get the
 * same answer when nothing was found. The first backend holds its answer until every request has
 * arrived, so the requests overlap for sure, whatever the machine's speed.
 */
class OneDiscoveryPerKeyTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int REQUESTS = 100;

  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  @RegisterExtension
  final Closing open = new Closing();
  /** The first backend's requests, answered when the test says. */
  private final List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
  private final List<String> firstSeen = new CopyOnWriteArrayList<>();
  private final List<String> secondSeen = new CopyOnWriteArrayList<>();


  private Junction.Running start(int secondStatus) {
    TestBackend first = new TestBackend(VERTX.get(), req -> req.body().onSuccess(b -> {
      firstSeen.add(b.toString());
      held.add(req);
    }));
    TestBackend second = new TestBackend(VERTX.get(), req -> req.body().onSuccess(b -> {
      secondSeen.add(b.toString());
      req.response().setStatusCode(secondStatus).putHeader("Content-Type", "application/json")
          .end("{\"echo\":" + b + "}");
    }));
    open.add(first);
    open.add(second);
    Junction.Running j = Junction.builder().config(ConfigLoader.load("""
        junction:
          admin: {enabled: true, listen: "127.0.0.1:0"}
          cache: {store: memory, key_fields: {/v1/chat/completions: [/model]}}
          backends: {first: "%s", second: "%s"}
        """.formatted(first.uri(), second.uri()), null)).listen("127.0.0.1", 0).decisionHeader(true).build().start();
    open.add(j);
    return j;
  }

  private static CompletableFuture<HttpResponse<String>> post(URI base, int n) {
    return ProxyFixture.CLIENT.sendAsync(HttpRequest.newBuilder(base.resolve("/v1/chat/completions"))
        .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"n\":" + n + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static double metric(Junction.Running j, String series) throws Exception {
    String text = ProxyFixture.CLIENT.send(HttpRequest.newBuilder(j.adminUri().resolve("/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** Sends {@code REQUESTS} requests, waits until one is held by the first backend and the others wait for it. */
  private List<CompletableFuture<HttpResponse<String>>> overlapping(Junction.Running j) {
    List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
    for (int i = 0; i < REQUESTS; i++) {
      answers.add(post(j.uri(), i));
    }
    Await.until(Duration.ofSeconds(20), "one request at the first backend, the others waiting for its discovery",
        () -> "first backend holds " + held.size(), () -> {
          try {
            return held.size() == 1 && metric(j, "junction_discovery_waiting") == REQUESTS - 1;
          } catch (Exception e) {
            return false;
          }
        });
    return answers;
  }

  @Test
  void aHundredRequestsForAnUndecidedModelRunOneDiscoveryAndTheOthersAreCacheHits() throws Exception {
    Junction.Running j = start(200);
    List<CompletableFuture<HttpResponse<String>>> answers = overlapping(j);

    held.get(0).response().setStatusCode(404).end("{\"error\":{\"code\":\"model_not_found\"}}");

    Set<String> echoed = ConcurrentHashMap.newKeySet();
    for (CompletableFuture<HttpResponse<String>> a : answers) {
      HttpResponse<String> r = a.get();
      assertThat(r.statusCode()).isEqualTo(200);
      echoed.add(JSON.readTree(r.body()).get("echo").get("n").asText());
    }
    assertThat(firstSeen).as("the first backend is probed once").hasSize(1);
    assertThat(secondSeen).as("every request reaches the winner with its own body").hasSize(REQUESTS);
    assertThat(echoed).as("each client gets the answer to its own body").hasSize(REQUESTS);
    assertThat(metric(j, "junction_requests_total{backend=\"second\",method=\"POST\",route=\"discovery\",status_class=\"2xx\"}"))
        .isEqualTo(1);
    assertThat(metric(j, "junction_requests_total{backend=\"second\",method=\"POST\",route=\"cache\",status_class=\"2xx\"}"))
        .isEqualTo(REQUESTS - 1);
    assertThat(metric(j, "junction_discovery_waiting")).isZero();
  }

  @Test
  void whenTheDiscoveryFindsNothingTheWaitingRequestsGetTheSameAnswerWithoutProbingAgain() throws Exception {
    Junction.Running j = start(503);
    List<CompletableFuture<HttpResponse<String>>> answers = overlapping(j);

    held.get(0).response().setStatusCode(404).end("{\"error\":{\"code\":\"model_not_found\"}}");

    for (CompletableFuture<HttpResponse<String>> a : answers) {
      HttpResponse<String> r = a.get();
      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
      assertThat(JSON.readTree(r.body()).get("attempts")).hasSize(2);
    }
    assertThat(firstSeen).hasSize(1);
    assertThat(secondSeen).as("no backend is probed again for the waiting requests").hasSize(1);
  }
}
