package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Await;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
  private final List<Process> processes = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    vertx.close().await();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static boolean refusesConnections(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return false;
    } catch (IOException refused) {
      return true;
    }
  }

  private Process serve(Path config, int listen, String logName) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    // SQLite's native library is unpacked in the test's directory: a killed JVM cannot delete its copy.
    Process p = new ProcessBuilder(java, "-Dorg.sqlite.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
        "dev.junction.cli.Main", "serve",
        "--config", config.toString(), "--listen", "127.0.0.1:" + listen, "--no-watch")
        .redirectErrorStream(true).redirectOutput(dir.resolve(logName).toFile()).start();
    processes.add(p);
    return p;
  }

  private boolean logSays(String logName, String text) {
    try {
      return Files.readString(dir.resolve(logName)).contains(text);
    } catch (IOException e) {
      return false;
    }
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
      int listen = freePort();
      int admin = freePort();
      Path config = dir.resolve("junction.yaml");
      Files.writeString(config, "junction:\n"
          + "  admin: {listen: 127.0.0.1:" + admin + ", token: " + TOKEN + "}\n"
          + "  cache: {store: sqlite, path: decisions.db}\n"
          + "  backends:\n    only: " + backend.uri() + "\n", StandardCharsets.UTF_8);
      URI proxy = URI.create("http://127.0.0.1:" + listen);
      URI cache = URI.create("http://127.0.0.1:" + admin + "/cache");

      Process first = serve(config, listen, "first.log");
      Await.until(Duration.ofSeconds(60), "serve has started", () -> logSays("first.log", "Junction listening"));
      assertThat(answers(proxy.resolve("/fast"))).isTrue();
      CompletableFuture<HttpResponse<String>> slow = CLIENT.sendAsync(
          HttpRequest.newBuilder(proxy.resolve("/slow")).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString());
      Await.until(Duration.ofSeconds(20), "the backend holds the slow request", () -> held.size() == 1);

      Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(first.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      Await.until(Duration.ofSeconds(20), "the listener refuses new connections", () -> refusesConnections(listen));
      assertThat(first.isAlive()).as("still draining the slow request; log:%n%s", Files.readString(dir.resolve("first.log")))
          .isTrue();
      backend.runOnContext(() -> held.get(0).response().end("finished after SIGTERM"));

      HttpResponse<String> finished;
      try {
        finished = slow.get(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new AssertionError("slow request failed; log:\n" + Files.readString(dir.resolve("first.log")), e);
      }
      assertThat(finished.statusCode()).isEqualTo(200);
      assertThat(finished.body()).isEqualTo("finished after SIGTERM");
      // The default grace is 30 s; the process has nothing left to wait for.
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).as("exits within the grace").isTrue();
      assertThat(first.exitValue()).as("exit status; log:%n%s", Files.readString(dir.resolve("first.log"))).isZero();

      serve(config, listen, "second.log");
      Await.until(Duration.ofSeconds(60), "serve has started again", () -> logSays("second.log", "Junction listening"));
      String entries = get(cache).body();
      assertThat(entries).contains("\"path\":\"/fast\"").contains("\"path\":\"/slow\"").contains("\"backend\":\"only\"");
    }
  }
}
