package dev.junction.openapi.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.OpenApiConfig;
import dev.junction.testing.TestBackend;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Fetches asked for from plain threads, not from an event loop, as a test or a startup thread does.
 * Vert.x delivers a response's body as it arrives: a caller that sets the handlers from a callback
 * registered late, from a plain thread, loses the end and the fetch waits out its timeout
 * (eclipse-vertx/vert.x#5825; seen once in CI, when the first fetch of a run linked its lambdas
 * while the warm client had already been answered). The window cannot be forced from outside, so
 * this asks from many threads at once, after warming the client path, and requires every answer.
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
    // thread links the fetcher's lambdas on their first use: the window at its widest.
    var warm = vertx.createHttpClient();
    warm.request(io.vertx.core.http.HttpMethod.GET, backend.port(), "127.0.0.1", "/")
        .compose(r -> r.send()).compose(r -> r.body()).await();
    warm.close().await();
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<java.util.concurrent.Future<List<Future<Buffer>>>> asked = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        asked.add(threads.submit(() -> {
          List<Future<Buffer>> mine = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            mine.add(fetcher.fetch(b));
          }
          return mine;
        }));
      }
      List<Future<Buffer>> all = new ArrayList<>();
      for (var a : asked) {
        all.addAll(a.get(30, TimeUnit.SECONDS));
      }
      Future.join(new ArrayList<>(all)).toCompletionStage().toCompletableFuture()
          .handle((ok, e) -> null).get(30, TimeUnit.SECONDS);

      Map<String, Integer> outcomes = new TreeMap<>();
      for (Future<Buffer> f : all) {
        outcomes.merge(f.succeeded() ? f.result().toString() : "failed: " + f.cause().getMessage(), 1, Integer::sum);
      }
      assertThat(outcomes).containsExactly(Map.entry(DOC, 400));
    } finally {
      threads.shutdownNow();
      fetcher.close().await();
      backend.close();
      vertx.close().await();
    }
  }
}
