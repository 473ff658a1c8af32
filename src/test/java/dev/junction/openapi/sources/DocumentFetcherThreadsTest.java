package dev.junction.openapi.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.OpenApiConfig;
import dev.junction.testing.PlainThreads;
import dev.junction.testing.TestBackend;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fetches asked for from plain threads, not from an event loop, as a test or a startup thread does.
 * Vert.x delivers a response's body as it arrives: a caller that sets the handlers from a callback
 * registered late, from a plain thread, loses the end and the fetch waits out its timeout
 * (eclipse-vertx/vert.x#5825; seen once in CI, most likely while the first fetch of a run linked
 * its lambdas). The window cannot be forced from outside, so this asks from many threads at once,
 * after warming the client path, and requires every answer.
 */
class DocumentFetcherThreadsTest {
  private static final String DOC = "{\"openapi\":\"3.1.0\"}";

  @Test
  void everyFetchFromAPlainThreadGetsTheWholeAnswer() throws Exception {
    Vertx vertx = Vertx.vertx();
    TestBackend backend = new TestBackend(vertx, req -> req.response().end(DOC)).withoutRecording();
    DocumentFetcher fetcher = new DocumentFetcher(vertx,
        new OpenApiConfig(true, "/openapi.json", "/docs", Duration.ofSeconds(3), 1024));
    BackendConfig b = new BackendConfig("b", backend.uri(), null, "/openapi.json");
    // Warm Vert.x's client path with another client, so the backend answers faster than a plain
    // thread links the fetcher's lambdas on their first use: the window at its widest. The warm-up
    // itself runs on a Vert.x context: composed from this plain thread, it is open to the very race
    // this test is about, and once hung CI with no timeout to end it.
    var warm = vertx.createHttpClient();
    Promise<Buffer> warmed = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> warm.request(io.vertx.core.http.HttpMethod.GET, backend.port(), "127.0.0.1", "/")
        .compose(r -> r.send()).compose(r -> r.body()).onComplete(warmed));
    assertThat(warmed.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS).toString()).isEqualTo(DOC);
    warm.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    try {
      assertThat(PlainThreads.outcomes(8, 50, () -> fetcher.fetch(b), Buffer::toString))
          .containsExactly(Map.entry(DOC, 400));
    } finally {
      fetcher.close().await();
      backend.close();
      vertx.close().await();
    }
  }
}
