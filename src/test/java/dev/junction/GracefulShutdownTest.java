package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.CacheConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.Await;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Junction.Running#close()}, which SIGTERM runs under {@code junction serve}: stop accepting,
 * let requests in flight finish up to the grace period, flush the decision store.
 */
class GracefulShutdownTest {
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  private static Junction.Running start(TestBackend backend, Path db, Duration grace) {
    JunctionConfig c = JunctionConfig.defaults()
        .withBackends(List.of(ProxyFixture.backend("slow", backend.uri())))
        .withCache(new CacheConfig(CacheConfig.Store.SQLITE, db, null, Duration.ofHours(1), 100, Map.of()));
    return Junction.builder().config(c).listen("127.0.0.1", 0).admin(false).decisionHeader(true).eventLoops(1)
        .shutdownGrace(grace).build().start();
  }

  private static CompletableFuture<HttpResponse<String>> getAsync(Junction.Running j, String path) {
    return ProxyFixture.CLIENT.sendAsync(HttpRequest.newBuilder(j.uri().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean refusesConnections(int port) {
    try (Socket s = new Socket("127.0.0.1", port)) {
      return false;
    } catch (IOException refused) {
      return true;
    }
  }

  @Test
  void aRequestInFlightFinishesWhileNewConnectionsAreRefusedAndItsDecisionSurvives(@TempDir Path dir) throws Exception {
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    try (TestBackend backend = new TestBackend(vertx, held::add)) {
      Junction.Running j = start(backend, dir.resolve("j.db"), Duration.ofSeconds(20));
      int port = j.port();
      CompletableFuture<HttpResponse<String>> inFlight = getAsync(j, "/long");
      Await.until("the backend holds the request", () -> held.size() == 1);

      CompletableFuture<Void> closing = CompletableFuture.runAsync(j::close);
      Await.until("the listener stops accepting", () -> refusesConnections(port));
      assertThat(closing).isNotDone();
      held.get(0).response().end("finished after shutdown began");

      HttpResponse<String> r = inFlight.get(20, TimeUnit.SECONDS);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("finished after shutdown began");
      closing.get(30, TimeUnit.SECONDS);

      backend.handler(req -> req.response().end("again"));
      try (Junction.Running again = start(backend, dir.resolve("j.db"), Duration.ZERO)) {
        HttpResponse<String> second = getAsync(again, "/long").get(20, TimeUnit.SECONDS);
        assertThat(second.headers().firstValue("X-Junction-Decision")).hasValue("cache; backend=slow; attempts=1");
      }
    }
  }

  @Test
  void aRequestStillRunningAtTheEndOfTheGracePeriodIsCut(@TempDir Path dir) throws Exception {
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    try (TestBackend backend = new TestBackend(vertx, held::add)) {
      Junction.Running j = start(backend, dir.resolve("j.db"), Duration.ofMillis(300));
      CompletableFuture<HttpResponse<String>> inFlight = getAsync(j, "/forever");
      Await.until("the backend holds the request", () -> held.size() == 1);
      AtomicBoolean backendSideClosed = new AtomicBoolean();
      held.get(0).connection().closeHandler(v -> backendSideClosed.set(true));

      j.close();

      assertThatThrownBy(() -> inFlight.get(20, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
      Await.until("Junction closed its backend connection too", backendSideClosed::get);
    }
  }
}
