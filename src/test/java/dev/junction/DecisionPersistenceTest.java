package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.ReadOnlySqlite;
import dev.junction.testing.RedisServerExtension;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Remembered decisions outlive a restart (SQLite) and are shared between instances (Redis). */
class DecisionPersistenceTest {
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  private TestBackend wrong;
  private TestBackend right;


  @BeforeEach
  void backends() {
    wrong = new TestBackend(VERTX.get(), req -> req.response().setStatusCode(404).end());
    right = new TestBackend(VERTX.get(), req -> req.response().end("right"));
  }

  @AfterEach
  void close() {
    wrong.close();
    right.close();
  }

  private Junction.Running start(CacheConfig cache) {
    List<BackendConfig> backends = List.of(ProxyFixture.backend("wrong", wrong.uri()), ProxyFixture.backend("right", right.uri()));
    JunctionConfig c = JunctionConfig.defaults().withBackends(backends).withCache(cache);
    return Junction.builder().config(c).listen("127.0.0.1", 0).admin(false).decisionHeader(true).build().start();
  }

  private static HttpResponse<String> get(Junction.Running j, String path) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(j.uri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String decision(HttpResponse<String> r) {
    return r.headers().firstValue("X-Junction-Decision").orElse("");
  }

  @Test
  void aDecisionSurvivesARestartInTheSqliteFile(@TempDir Path dir) throws Exception {
    CacheConfig sqlite = new CacheConfig(CacheConfig.Store.SQLITE, dir.resolve("decisions.db"), null, Duration.ofHours(1), 1000, Map.of());
    try (Junction.Running first = start(sqlite)) {
      assertThat(decision(get(first, "/report"))).startsWith("discovery; backend=right");
    }

    try (Junction.Running second = start(sqlite)) {
      HttpResponse<String> r = get(second, "/report");
      assertThat(decision(r)).isEqualTo("cache; backend=right; attempts=1");
    }
    assertThat(wrong.seen()).hasSize(1);
  }

  private static CacheConfig sqlite(Path file) {
    return new CacheConfig(CacheConfig.Store.SQLITE, file, null, Duration.ofHours(1), 1000, Map.of());
  }

  @Test
  void aReadOnlySqliteFileKeepsRequestsWorkingFromMemoryAndTheHealthEndpointSaysDegraded(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("decisions.db");
    start(sqlite(file)).close();
    ReadOnlySqlite.markReadOnly(file);

    try (Junction.Running j = start(sqlite(file))) {
      HttpResponse<String> discovered = get(j, "/report");
      HttpResponse<String> remembered = get(j, "/report");
      HttpResponse<String> health = Await.until(() -> get(j, "/health"), r -> r.body().contains("degraded"));

      assertThat(List.of(discovered.body(), remembered.body())).containsExactly("right", "right");
      assertThat(decision(remembered)).startsWith("cache; backend=right");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"degraded\"", "decision-store:sqlite", file.toString(), "readonly");
    }
  }

  @Test
  void aCacheFileNobodyCanCreateKeepsRequestsWorkingAndTheHealthEndpointSaysDegraded() throws Exception {
    Path file = ReadOnlySqlite.UNWRITABLE_DIRECTORY.resolve("junction-test-decisions.db");

    try (Junction.Running j = start(sqlite(file))) {
      HttpResponse<String> discovered = get(j, "/report");
      HttpResponse<String> remembered = get(j, "/report");
      HttpResponse<String> health = Await.until(() -> get(j, "/health"), r -> r.body().contains("degraded"));

      assertThat(List.of(discovered.body(), remembered.body())).containsExactly("right", "right");
      assertThat(decision(remembered)).startsWith("cache; backend=right");
      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(health.body()).contains("\"status\":\"degraded\"", "decision-store:sqlite", file.toString());
    }
  }

  private static CacheConfig redis() {
    return new CacheConfig(CacheConfig.Store.REDIS, CacheConfig.DEFAULT_SQLITE_PATH, REDIS.uri(), Duration.ofHours(1), 1000, Map.of());
  }

  @Test
  void aDecisionMadeByOneInstanceIsUsedByAnotherSharingRedis() throws Exception {
    try (Junction.Running a = start(redis()); Junction.Running b = start(redis())) {
      assertThat(decision(get(a, "/shared"))).startsWith("discovery; backend=right");

      // A writes the decision to Redis asynchronously: wait until it is there, then ask B once.
      Await.until(() -> REDIS.command("EXISTS", "junction:decision:GET /shared -"), reply -> reply.equals(":1"));
      HttpResponse<String> fromB = get(b, "/shared");

      assertThat(decision(fromB)).isEqualTo("cache; backend=right; attempts=1");
      assertThat(wrong.seen()).hasSize(1);
    }
  }

  @Test
  void requestsKeepWorkingWhileRedisIsDownAndHealthSaysSo() throws Exception {
    try (Junction.Running a = start(redis())) {
      get(a, "/before");
      REDIS.stop();
      try {
        HttpResponse<String> cached = get(a, "/before");
        HttpResponse<String> fresh = get(a, "/during");
        HttpResponse<String> health = Await.until(() -> get(a, "/health"), r -> r.body().contains("degraded"));

        assertThat(List.of(cached.body(), fresh.body())).containsExactly("right", "right");
        assertThat(decision(cached)).startsWith("cache");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"degraded\"", "decision-store:redis");
      } finally {
        REDIS.start();
      }
      HttpResponse<String> healed = Await.until(() -> get(a, "/health"), r -> r.body().contains("\"status\":\"up\""));
      assertThat(healed.body()).contains("\"status\":\"up\"");
    }
  }

  /** Polls for an eventually consistent outcome (pub/sub, reconnects), bounded at 10 s. */
  static final class Await {
    interface Call<T> {
      T call() throws Exception;
    }

    static <T> T until(Call<T> call, java.util.function.Predicate<T> done) throws Exception {
      long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      T last = call.call();
      while (!done.test(last) && System.nanoTime() < end) {
        Thread.sleep(50);
        last = call.call();
      }
      return last;
    }
  }
}
