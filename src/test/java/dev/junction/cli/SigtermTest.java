package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Await;
import dev.junction.testing.ServeProcess;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real {@code kill -TERM} to a real {@code junction serve} process: the request in flight
 * finishes, new connections are refused, the process exits 0, and the decisions it wrote to SQLite
 * are there when it starts again.
 */
@DisabledOnOs(OS.WINDOWS)
class SigtermTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final String TOKEN = "term-token";

  @TempDir Path dir;
  private Vertx vertx;
  private final List<ServeProcess> processes = new ArrayList<>();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (ServeProcess p : processes) {
      p.close();
    }
    vertx.close().await();
  }

  private static boolean refusesConnections(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return false;
    } catch (IOException refused) {
      return true;
    }
  }

  private ServeProcess serve(Path config, int listen, String logName) throws IOException {
    ServeProcess p = ServeProcess.start(dir, logName, "--config", config.toString(), "--listen", "127.0.0.1:" + listen,
        "--no-watch");
    processes.add(p);
    return p;
  }

  private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + TOKEN).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static boolean answers(URI uri) {
    try {
      return get(uri).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void sigtermLetsTheSlowRequestFinishRefusesNewConnectionsExitsZeroAndKeepsDecisions() throws Exception {
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    try (TestBackend backend = new TestBackend(vertx, req -> {
      if (req.path().equals("/slow")) {
        held.add(req);
      } else {
        req.response().end("fast");
      }
    })) {
      int listen = ServeProcess.freePort();
      int admin = ServeProcess.freePort();
      Path config = dir.resolve("junction.yaml");
      Files.writeString(config, "junction:\n"
          + "  admin: {listen: 127.0.0.1:" + admin + ", token: " + TOKEN + "}\n"
          + "  cache: {store: sqlite, path: decisions.db}\n"
          + "  backends:\n    only: " + backend.uri() + "\n", StandardCharsets.UTF_8);
      URI proxy = URI.create("http://127.0.0.1:" + listen);
      URI cache = URI.create("http://127.0.0.1:" + admin + "/cache");

      ServeProcess first = serve(config, listen, "first.log");
      first.awaitLog("Junction listening", Duration.ofSeconds(60));
      assertThat(answers(proxy.resolve("/fast"))).isTrue();
      CompletableFuture<HttpResponse<String>> slow = CLIENT.sendAsync(
          HttpRequest.newBuilder(proxy.resolve("/slow")).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      Await.until(Duration.ofSeconds(20), "the backend holds the slow request", () -> held.size() == 1);

      first.signal("TERM");
      Await.until(Duration.ofSeconds(20), "the listener refuses new connections", () -> refusesConnections(listen));
      assertThat(first.isAlive()).as("still draining the slow request; log:%n%s", first.log()).isTrue();
      backend.runOnContext(() -> held.get(0).response().end("finished after SIGTERM"));

      HttpResponse<String> finished;
      try {
        finished = slow.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("slow request failed; log:\n" + first.log(), e);
      }
      assertThat(finished.statusCode()).isEqualTo(200);
      assertThat(finished.body()).isEqualTo("finished after SIGTERM");
      // The default grace is 30 s; the process has nothing left to wait for.
      assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).as("exits within the grace").isTrue();
      assertThat(first.process().exitValue()).as("exit status; log:%n%s", first.log()).isZero();

      serve(config, listen, "second.log").awaitLog("Junction listening", Duration.ofSeconds(60));
      String entries = get(cache).body();
      assertThat(entries).contains("\"path\":\"/fast\"").contains("\"path\":\"/slow\"").contains("\"backend\":\"only\"");
    }
  }
}
