package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.JunctionConfig;
import dev.junction.testing.Await;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The first discovery candidate is killed while clients keep sending GETs: requests not yet
 * answered move on to the next backend; only responses already streaming from the killed backend
 * fail, and they fail visibly.
 */
class BackendKilledUnderLoadTest {
  private static final int CLIENTS = 8;
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @Test
  void onlyResponsesAlreadyStreamingFromTheKilledBackendFail() throws Exception {
    AtomicInteger streaming = new AtomicInteger();
    AtomicInteger streamingAtKill = new AtomicInteger(-1);
    TestBackend first = new TestBackend(vertx, req -> {
      // head at once, body 30 ms later: a window in which the response is streaming
      HttpServerResponse out = req.response().setChunked(true);
      streaming.incrementAndGet();
      out.write("first:").onComplete(v -> vertx.setTimer(30, t -> {
        out.end("done");
        streaming.decrementAndGet();
      }));
    });
    TestBackend second = new TestBackend(vertx, req -> req.response().end("second:done"));
    JunctionConfig c = JunctionConfig.defaults()
        .withBackends(List.of(ProxyFixture.backend("first", first.uri()), ProxyFixture.backend("second", second.uri())))
        .withCache(ProxyFixture.memoryCache());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger servedBySecond = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try (Junction.Running j = Junction.builder().config(c).listen("127.0.0.1", 0).admin(false).build().start()) {
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < CLIENTS; t++) {
        int client = t;
        running.add(pool.submit(() -> {
          for (int i = 0; !stop.get(); i++) {
            try {
              HttpResponse<String> r = ProxyFixture.CLIENT.send(HttpRequest.newBuilder(j.uri().resolve("/c" + client + "/" + (i % 20)))
                  .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() == 200 && r.body().endsWith(":done")) {
                ok.incrementAndGet();
                servedBySecond.addAndGet(r.body().startsWith("second") ? 1 : 0);
              } else {
                failed.incrementAndGet();
              }
            } catch (Exception e) {
              failed.incrementAndGet();
            }
          }
        }));
      }
      Await.until("load is flowing through the first backend", () -> ok.get() >= 200);
      // Read the count and kill on the backend's own event loop, so no request slips in between.
      first.runOnContext(() -> {
        streamingAtKill.set(streaming.get());
        first.closeNow();
      });
      Await.until("the second backend took over", () -> servedBySecond.get() >= 200);
      stop.set(true);
      for (Future<?> f : running) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      second.close();
    }

    assertThat(streamingAtKill.get()).isGreaterThanOrEqualTo(0);
    assertThat(failed.get()).as("failed requests (%d ok, %d streaming from the killed backend)", ok.get(), streamingAtKill.get())
        .isLessThanOrEqualTo(streamingAtKill.get());
    assertThat(ok.get()).isGreaterThanOrEqualTo(400);
  }
}
