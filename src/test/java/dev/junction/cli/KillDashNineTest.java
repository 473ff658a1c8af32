package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Await;
import dev.junction.testing.ServeProcess;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.io.IOException;
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
import java.util.ArrayList;
import java.util.List;
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

  private ServeProcess serve(Path config, int listen, String logName) throws IOException {
    ServeProcess p = ServeProcess.start(dir, logName, "--config", config.toString(), "--listen", "127.0.0.1:" + listen,
        "--no-admin", "--no-watch", "--decision-header");
    processes.add(p);
    return p;
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
      int listen = ServeProcess.freePort();
      Path config = dir.resolve("junction.yaml");
      Files.writeString(config, "junction:\n"
          + "  cache: {store: sqlite, path: decisions.db}\n"
          + "  backends:\n    wrong: " + wrong.uri() + "\n    right: " + right.uri() + "\n", StandardCharsets.UTF_8);
      URI report = URI.create("http://127.0.0.1:" + listen + "/report");

      ServeProcess first = serve(config, listen, "first.log");
      first.awaitLog("Junction listening", Duration.ofSeconds(60));
      assertThat(decision(report)).startsWith("discovery; backend=right");
      Await.until("the decision is committed to the file", () -> committed(dir.resolve("decisions.db"), "/report"));

      first.signal("9");
      assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(first.process().exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

      ServeProcess second = serve(config, listen, "second.log");
      second.awaitLog("Junction listening", Duration.ofSeconds(60));
      String afterRestart = decision(report);

      assertThat(afterRestart).as("log:%n%s", second.log()).isEqualTo("cache; backend=right; attempts=1");
      assertThat(wrong.seen()).hasSize(1);
    }
  }
}
