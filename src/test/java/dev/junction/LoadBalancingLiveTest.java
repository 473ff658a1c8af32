package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A balanced rule in a running Junction: the admin API shows it, explain peeks without moving it. */
class LoadBalancingLiveTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  private TestBackend a;
  private TestBackend b;
  private Junction.Running junction;

  @BeforeEach
  void start() {
    a = TestBackend.echo(VERTX.get(), "a");
    b = TestBackend.echo(VERTX.get(), "b");
    JunctionConfig config = ConfigLoader.load("""
        junction:
          admin: {enabled: true, listen: "127.0.0.1:0"}
          cache: {store: memory}
          backends: {a: "%s", b: "%s"}
          routes:
            - id: chat
              path: /v1/chat
              balance: round_robin
              backends: [a, {backend: b, weight: 2}]
        """.formatted(a.uri(), b.uri()), null);
    junction = Junction.builder().config(config).listen("127.0.0.1", 0).decisionHeader(true).build().start();
  }

  @AfterEach
  void stop() {
    junction.close();
    a.close();
    b.close();
  }

  private static HttpResponse<String> call(URI base, String method, String path, String body) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode explain() throws Exception {
    return JSON.readTree(call(junction.adminUri(), "POST", "/routes/explain", "{\"method\":\"GET\",\"path\":\"/v1/chat\"}").body());
  }

  @Test
  void theRoutesApiShowsTheStrategyAndEveryWeight() throws Exception {
    JsonNode route = JSON.readTree(call(junction.adminUri(), "GET", "/routes", null).body()).get(0);

    assertThat(route.get("balance").asText()).isEqualTo("round_robin");
    assertThat(route.get("weights").toString()).isEqualTo("{\"a\":1,\"b\":2}");
  }

  @Test
  void theBackendsApiShowsInFlightCountsBackAtZeroAfterRequests() throws Exception {
    call(junction.uri(), "GET", "/v1/chat", null);
    call(junction.uri(), "GET", "/v1/chat", null);

    JsonNode backends = JSON.readTree(call(junction.adminUri(), "GET", "/backends", null).body());

    assertThat(backends.findValues("inFlight")).extracting(JsonNode::asInt).containsExactly(0, 0);
    assertThat(a.seen().size() + b.seen().size()).isEqualTo(2);
  }

  @Test
  void theEffectiveConfigShowsTheStrategy() throws Exception {
    JsonNode config = JSON.readTree(call(junction.adminUri(), "GET", "/config", null).body());

    assertThat(config.get("routes").get(0).get("balance").asText()).isEqualTo("round_robin");
  }

  @Test
  void explainShowsTheNextPickAndTheStrategyWithoutTakingIt() throws Exception {
    JsonNode first = explain();
    JsonNode again = explain();
    String decision = call(junction.uri(), "GET", "/v1/chat", null).headers().firstValue("X-Junction-Decision").orElseThrow();

    assertThat(first.get("balance").asText()).isEqualTo("round_robin");
    assertThat(first.get("backends").toString()).isEqualTo("[\"b\",\"a\"]");
    assertThat(again.get("backends")).isEqualTo(first.get("backends"));
    assertThat(decision).isEqualTo("rule chat; balance=round_robin; backend=b; attempts=1");
    assertThat(explain().get("backends").toString()).isEqualTo("[\"a\",\"b\"]");
  }
}
