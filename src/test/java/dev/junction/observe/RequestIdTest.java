package dev.junction.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.Junction;
import dev.junction.testing.Await;
import dev.junction.testing.LogCapture;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code X-Request-Id} kept, generated or replaced, and the same id everywhere; trace context untouched. */
class RequestIdTest {
  private static final String HEX_ID = "[0-9a-f]{32}";
  private static Vertx vertx;
  private static TestBackend live;
  private static Junction.Running junction;
  private static LogCapture log;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    vertx = Vertx.vertx();
    live = TestBackend.echo(vertx, "live");
    junction = LiveJunction.start(dir, live.uri(), "");
    log = LogCapture.of(AccessLog.LOGGER);
  }

  @AfterAll
  static void stop() {
    log.close();
    junction.close();
    live.close();
    vertx.close().await();
  }

  private static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(junction.uri().resolve(path));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return LiveJunction.send(b);
  }

  private static String responseId(HttpResponse<String> r) {
    assertThat(r.headers().allValues("X-Request-Id")).hasSize(1);
    return r.headers().firstValue("X-Request-Id").orElseThrow();
  }

  private static String backendId() {
    assertThat(live.last().headers().getAll("X-Request-Id")).hasSize(1);
    return live.last().headers().get("X-Request-Id");
  }

  /** Whether an access line names {@code id}; waits (bounded): the line may come just after the response. */
  private static boolean logged(String id) {
    long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
    while (System.nanoTime() < deadline) {
      if (log.messages(AccessLog.LOGGER).stream().anyMatch(l -> l.contains(" request_id=" + id + " "))) {
        return true;
      }
      Thread.onSpinWait();
    }
    return false;
  }

  @Test
  void aSaneClientIdIsKeptAndSeenByTheBackendTheClientAndTheLog() throws Exception {
    HttpResponse<String> r = get("/rule", "X-Request-Id", "client-id-42");

    assertThat(responseId(r)).isEqualTo("client-id-42");
    assertThat(backendId()).isEqualTo("client-id-42");
    assertThat(logged("client-id-42")).isTrue();
  }

  @Test
  void anAbsentIdIsGeneratedAndTheSameEverywhere() throws Exception {
    HttpResponse<String> r = get("/rule");

    String id = responseId(r);
    assertThat(id).matches(HEX_ID);
    assertThat(backendId()).isEqualTo(id);
    assertThat(logged(id)).isTrue();
  }

  @Test
  void anIdTooLongOrWithSpacesIsReplaced() throws Exception {
    HttpResponse<String> tooLong = get("/rule", "X-Request-Id", "x".repeat(129));
    String replacedLong = responseId(tooLong);
    String backendLong = backendId();
    HttpResponse<String> spaced = get("/rule", "X-Request-Id", "has a space");

    assertThat(replacedLong).matches(HEX_ID).isEqualTo(backendLong);
    assertThat(responseId(spaced)).matches(HEX_ID).isEqualTo(backendId());
    assertThat(get("/rule", "X-Request-Id", "y".repeat(128)).headers().firstValue("X-Request-Id")).hasValue("y".repeat(128));
  }

  @Test
  void aBackendsOwnIdNeverReplacesJunctionsInTheResponse() throws Exception {
    live.handler(req -> req.response().putHeader("X-Request-Id", "backend-made").end("ok"));
    try {
      HttpResponse<String> r = get("/rule", "X-Request-Id", "from-client");

      assertThat(r.headers().allValues("X-Request-Id")).containsExactly("from-client");
    } finally {
      live.handler(req -> req.response().end("{}"));
    }
  }

  @Test
  void problemAnswersAndLocalEndpointsCarryTheIdToo() throws Exception {
    HttpResponse<String> problem = get("/fail", "X-Request-Id", "problem-1");
    HttpResponse<String> health = get("/health");
    HttpResponse<String> badPath = get("/bad%00path", "X-Request-Id", "bad-path-1");

    assertThat(problem.statusCode()).isEqualTo(502);
    assertThat(problem.headers().firstValue("Content-Type")).hasValue("application/problem+json");
    assertThat(responseId(problem)).isEqualTo("problem-1");
    assertThat(responseId(health)).matches(HEX_ID);
    assertThat(badPath.statusCode()).isEqualTo(400);
    assertThat(responseId(badPath)).isEqualTo("bad-path-1");
  }

  @Test
  void traceContextPassesThroughUntouched() throws Exception {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    String tracestate = "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7";
    get("/rule", "traceparent", traceparent, "tracestate", tracestate);

    assertThat(live.last().headers().getAll("traceparent")).containsExactly(traceparent);
    assertThat(live.last().headers().getAll("tracestate")).containsExactly(tracestate);
  }
}
