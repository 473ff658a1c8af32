package dev.junction.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.ModelsConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.proxy.LocalEndpoint;
import dev.junction.testing.PlainThreads;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ModelsEndpoint} on a real listener in front of real backends. */
class ModelsEndpointTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static Vertx vertx;
  private TestBackend a;
  private TestBackend b;
  private HttpServer server;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close().await();
    }
    a.close();
    b.close();
  }

  private static TestBackend listing(String json) {
    return new TestBackend(vertx, req -> req.response().putHeader("Content-Type", "application/json").end(json));
  }

  private HttpResponse<String> call(String method) throws Exception {
    ModelsEndpoint endpoint = new ModelsEndpoint(vertx, new ModelsConfig("/models", List.of("a", "b")),
        List.of(new BackendConfig("a", a.uri(), null), new BackendConfig("b", b.uri(), null)), ProxyConfig.defaults());
    server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(LocalEndpoint.vertx(endpoint))
        .listen().await();
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + "/models"))
        .method(method, HttpRequest.BodyPublishers.noBody()).header("Authorization", "Bearer k").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listsAreConcatenatedInConfigOrderWithARepeatedIdListedOnce() throws Exception {
    a = listing("{\"object\":\"list\",\"data\":[{\"id\":\"m1\",\"owned_by\":\"a\"},{\"id\":\"shared\",\"owned_by\":\"a\"}]}");
    b = listing("{\"object\":\"list\",\"data\":[{\"id\":\"shared\",\"owned_by\":\"b\"},{\"id\":\"m2\",\"owned_by\":\"b\"}]}");

    assertThat(call("GET").body()).isEqualTo("{\"object\":\"list\",\"data\":[{\"id\":\"m1\",\"owned_by\":\"a\"},"
        + "{\"id\":\"shared\",\"owned_by\":\"a\"},{\"id\":\"m2\",\"owned_by\":\"b\"}]}");
  }

  @Test
  void theClientsAuthorizationReachesEachBackend() throws Exception {
    a = listing("{\"data\":[]}");
    b = listing("{\"data\":[]}");

    call("GET");

    assertThat(List.of(a.last().headers().get("Authorization"), b.last().headers().get("Authorization")))
        .containsExactly("Bearer k", "Bearer k");
  }

  @Test
  void aFailingBackendIsLeftOut() throws Exception {
    a = new TestBackend(vertx, req -> req.response().setStatusCode(500).end());
    b = listing("{\"object\":\"list\",\"data\":[{\"id\":\"m2\"}]}");

    assertThat(call("GET").body()).isEqualTo("{\"object\":\"list\",\"data\":[{\"id\":\"m2\"}]}");
  }

  @Test
  void aConnectionClosedBeforeTheAnswerIsAskedAgainAndTheModelsAreListed() throws Exception {
    java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    a = new TestBackend(vertx, req -> {
      if (requests.incrementAndGet() == 1) {
        req.connection().close();
      } else {
        req.response().putHeader("Content-Type", "application/json").end("{\"object\":\"list\",\"data\":[{\"id\":\"m1\"}]}");
      }
    });
    b = listing("{\"object\":\"list\",\"data\":[{\"id\":\"m2\"}]}");

    assertThat(call("GET").body()).isEqualTo("{\"object\":\"list\",\"data\":[{\"id\":\"m1\"},{\"id\":\"m2\"}]}");
    assertThat(a.seen()).hasSize(2);
  }

  @Test
  void aBackendThatKeepsDroppingTheConnectionIsAskedTwiceThenLeftOut() throws Exception {
    a = new TestBackend(vertx, req -> req.connection().close());
    b = listing("{\"object\":\"list\",\"data\":[{\"id\":\"m2\"}]}");

    assertThat(call("GET").body()).isEqualTo("{\"object\":\"list\",\"data\":[{\"id\":\"m2\"}]}");
    assertThat(a.seen()).hasSize(2);
  }

  @Test
  void aBackendThatAnswersAnErrorIsAskedOnce() throws Exception {
    a = new TestBackend(vertx, req -> req.response().setStatusCode(503).end());
    b = listing("not json");

    assertThat(call("GET").statusCode()).isEqualTo(502);
    assertThat(List.of(a.seen().size(), b.seen().size())).containsExactly(1, 1);
  }

  @Test
  void whenNoBackendAnswersAListTheAnswerIs502() throws Exception {
    a = listing("not json");
    b = new TestBackend(vertx, req -> req.response().setStatusCode(404).end());

    HttpResponse<String> r = call("GET");

    assertThat(r.statusCode() + " " + r.body()).startsWith("502 ").contains("urn:junction:problem:no-model-list");
  }

  /**
   * The data plane asks from its own Netty threads, which are not Vert.x contexts. Answers that
   * arrived before a late-registered callback used to be dropped (eclipse-vertx/vert.x#5825); the
   * window cannot be forced from outside, so many plain threads ask at once and every answer must
   * hold both lists.
   */
  @Test
  void everyAnswerAskedFromPlainThreadsHoldsEveryList() throws Exception {
    a = listing("{\"object\":\"list\",\"data\":[{\"id\":\"m1\"}]}").withoutRecording();
    b = listing("{\"object\":\"list\",\"data\":[{\"id\":\"m2\"}]}").withoutRecording();
    ModelsEndpoint endpoint = new ModelsEndpoint(vertx, new ModelsConfig("/models", List.of("a", "b")),
        List.of(new BackendConfig("a", a.uri(), null), new BackendConfig("b", b.uri(), null)), ProxyConfig.defaults());
    LocalEndpoint.Request get = new LocalEndpoint.Request() {
      @Override
      public String method() {
        return "GET";
      }

      @Override
      public String header(String name) {
        return null;
      }
    };

    assertThat(PlainThreads.outcomes(8, 40, () -> endpoint.handle(get), r -> r.status() + " " + r.body()))
        .containsExactly(Map.entry("200 {\"object\":\"list\",\"data\":[{\"id\":\"m1\"},{\"id\":\"m2\"}]}", 320));
  }

  @Test
  void aPostIs405() throws Exception {
    a = listing("{\"data\":[]}");
    b = listing("{\"data\":[]}");

    assertThat(call("POST").statusCode()).isEqualTo(405);
  }
}
