package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Await;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;

/**
 * {@code kill -9} to a real {@code junction serve} process: a decision it discovered and committed
 * to its SQLite file is a cache hit for the process started after it, with no close, flush or
 * shutdown hook having run.
 */
@DisabledOnOs(OS.WINDOWS)
class KillDashNineTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

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

  private Process serve(Path config, int listen, String logName) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    // SQLite's native library is unpacked in the test's directory: a killed JVM cannot delete its copy.
    Process p = new ProcessBuilder(java, "-Dorg.sqlite.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
        "dev.junction.cli.Main", "serve",
        "--config", config.toString(), "--listen", "127.0.0.1:" + listen, "--no-admin", "--no-watch", "--decision-header")
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

  private static String decision(URI uri) throws IOException, InterruptedException {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.headers().firstValue("X-Junction-Decision").orElse("");
  }

  /** Whether another connection sees the row: then it is committed to the file (its WAL), not just queued. */
  private static boolean committed(Path db, String path) {
    SQLiteConfig readOnly = new SQLiteConfig();
    readOnly.setReadOnly(true);
    try (Connection c = readOnly.createConnection("jdbc:sqlite:" + db);
        PreparedStatement s = c.prepareStatement("SELECT count(*) FROM decisions WHERE path = ?")) {
      s.setString(1, path);
      try (ResultSet rs = s.executeQuery()) {
        return rs.next() && rs.getInt(1) == 1;
      }
    } catch (SQLException notYet) {
      return false; // no file or no table yet
    }
  }

  @Test
  void aDecisionCommittedBeforeKillDashNineIsACacheHitAfterRestart() throws Exception {
    try (TestBackend wrong = new TestBackend(vertx, req -> req.response().setStatusCode(404).end());
        TestBackend right = new TestBackend(vertx, req -> req.response().end("right"))) {
      int listen = freePort();
      Path config = dir.resolve("junction.yaml");
      Files.writeString(config, "junction:\n"
          + "  cache: {store: sqlite, path: decisions.db}\n"
          + "  backends:\n    wrong: " + wrong.uri() + "\n    right: " + right.uri() + "\n", StandardCharsets.UTF_8);
      URI report = URI.create("http://127.0.0.1:" + listen + "/report");

      Process first = serve(config, listen, "first.log");
      Await.until(Duration.ofSeconds(60), "serve has started", () -> logSays("first.log", "Junction listening"));
      assertThat(decision(report)).startsWith("discovery; backend=right");
      Await.until("the decision is committed to the file", () -> committed(dir.resolve("decisions.db"), "/report"));

      Process kill = new ProcessBuilder("kill", "-9", Long.toString(first.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(first.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

      serve(config, listen, "second.log");
      Await.until(Duration.ofSeconds(60), "serve has started again", () -> logSays("second.log", "Junction listening"));
      String afterRestart = decision(report);

      assertThat(afterRestart).as("log:%n%s", Files.readString(dir.resolve("second.log")))
          .isEqualTo("cache; backend=right; attempts=1");
      assertThat(wrong.seen()).hasSize(1);
    }
  }
}
