package dev.junction.cache;

import static dev.junction.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.routing.CacheKey;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A write whose future completed survives {@code kill -9} of the process that made it. */
class SqliteCrashDurabilityTest {
  private static final String MARKER = "JUNCTION-TEST-WRITTEN";
  private static final int COUNT = 50;

  @TempDir Path dir;

  @Test
  void completedWritesSurviveKillDashNine() throws Exception {
    Path file = dir.resolve("cache.db");
    Process writer = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // SQLite's native library is unpacked here, not in /tmp: a killed JVM cannot delete its copy.
        "-Dorg.sqlite.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
        Writer.class.getName(), file.toString())
        .redirectErrorStream(true)
        .start();
    try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = out.readLine()) != null && !line.equals(MARKER)) {
        // Skip the child's log output.
      }
      assertThat(line).as("the writer process reported its writes").isEqualTo(MARKER);
    } finally {
      writer.destroyForcibly();
      assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }

    Vertx vertx = Vertx.vertx();
    try {
      SqliteDecisionStore store = new SqliteDecisionStore(vertx, file, Clock.systemUTC());
      List<CachedDecision> loaded = result(store.loadAll());
      result(store.closeAsync());
      assertThat(loaded).hasSize(COUNT);
    } finally {
      result(vertx.close());
    }
  }

  /** The child process: writes, says so, then waits to be killed without closing anything. */
  public static final class Writer {
    public static void main(String[] args) throws Exception {
      Vertx vertx = Vertx.vertx();
      SqliteDecisionStore store = new SqliteDecisionStore(vertx, Path.of(args[0]), Clock.systemUTC());
      Instant now = Instant.now();
      for (int i = 0; i < COUNT; i++) {
        CacheKey key = new CacheKey("POST", "/p" + i, CacheKey.NO_PAYLOAD);
        store.put(new CachedDecision(key, "b1", now, now.plus(Duration.ofHours(1)))).await();
      }
      System.out.println(MARKER);
      System.out.flush();
      Thread.sleep(Duration.ofMinutes(5).toMillis());
    }
  }
}
