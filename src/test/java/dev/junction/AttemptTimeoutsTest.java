package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ConfigLoader;
import dev.junction.testing.Closing;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A route and a backend can set their own response timeout, and a route can opt into moving a POST
 * on to its next backend when the response head does not come in time. The silent backend never
 * answers; the global response timeout stays at its 60 s default, so a test passing at all shows
 * the shorter one applied (the client gives up after 20 s). The route's 2 s also bounds the quick
 * backend's answer: generous, so a loaded CI machine does not turn it into a timeout.
 */
class AttemptTimeoutsTest {
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  @RegisterExtension
  final Closing open = new Closing();
  private final List<String> silentSeen = new CopyOnWriteArrayList<>();
  private final List<String> quickSeen = new CopyOnWriteArrayList<>();


  private Junction.Running start(String backendsAndRoutes) {
    TestBackend silent = new TestBackend(VERTX.get(), req -> req.body().onSuccess(b -> silentSeen.add(b.toString())));
    TestBackend quick = new TestBackend(VERTX.get(), req -> req.body().onSuccess(b -> {
      quickSeen.add(b.toString());
      req.response().putHeader("Content-Type", "application/json").end("{\"from\":\"quick\"}");
    }));
    open.add(silent);
    open.add(quick);
    Junction.Running j = Junction.builder().config(ConfigLoader.load("""
        junction:
          admin: {enabled: false}
          cache: {store: memory}
        """ + backendsAndRoutes.replace("SILENT", silent.uri().toString()).replace("QUICK", quick.uri().toString()), null))
        .listen("127.0.0.1", 0).decisionHeader(true).build().start();
    open.add(j);
    return j;
  }

  private static HttpResponse<String> post(URI base, String path) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPostOptedIntoMovingOnAfterATimeoutGoesToTheNextBackend() throws Exception {
    Junction.Running j = start("""
          backends: {silent: "SILENT", quick: "QUICK"}
          routes:
            - {id: chat, path: /chat, backends: [silent, quick], response_timeout: 2s, retry_non_idempotent: [timeout]}
        """);

    HttpResponse<String> r = post(j.uri(), "/chat");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("quick");
    assertThat(silentSeen).as("the first backend got the POST too: the risk the opt-in takes").containsExactly("{\"n\":1}");
    assertThat(quickSeen).containsExactly("{\"n\":1}");
  }

  @Test
  void withoutTheOptInAPostThatTimedOutIsNotSentAgain() throws Exception {
    Junction.Running j = start("""
          backends: {silent: "SILENT", quick: "QUICK"}
          routes:
            - {id: chat, path: /chat, backends: [silent, quick], response_timeout: 2s}
        """);

    HttpResponse<String> r = post(j.uri(), "/chat");

    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).contains("backend-timeout", "'silent'");
    assertThat(quickSeen).isEmpty();
  }

  @Test
  void aBackendsOwnResponseTimeoutApplies() throws Exception {
    Junction.Running j = start("""
          backends:
            silent: {url: "SILENT", response_timeout: 1s}
            quick: "QUICK"
          routes:
            - {id: slow, path: /slow, backend: silent}
        """);

    HttpResponse<String> r = post(j.uri(), "/slow");

    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.body()).contains("no response head within 1000 ms");
  }
}
