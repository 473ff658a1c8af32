package dev.junction.cache;

import static dev.junction.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.routing.CacheKey;
import dev.junction.testing.Await;
import dev.junction.testing.LogCapture;
import dev.junction.testing.MutableClock;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A decision store whose disk fills up. A tmpfs of a few KiB would be the literal case but needs
 * {@code mount} (root and CAP_SYS_ADMIN), which CI containers do not grant; SQLite's {@code
 * max_page_count} makes the real driver fail exactly as on a full disk ({@code SQLITE_FULL},
 * "database or disk is full") and runs anywhere. Raising the limit is space coming back.
 */
class SqliteDiskFullTest {
  private static final BackendConfig B1 = new BackendConfig("b1", URI.create("http://127.0.0.1:9001"), null);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private final AtomicInteger pageLimit = new AtomicInteger(0);
  private Vertx vertx;
  private LogCapture logs;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    logs = new LogCapture();
  }

  @AfterEach
  void stop() {
    logs.close();
    result(vertx.close());
  }

  private static CacheKey key(int i) {
    return new CacheKey("POST", "/v1/chat/" + i, CacheKey.NO_PAYLOAD);
  }

  private static long rowsIn(Path file) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM decisions")) {
      return rs.next() ? rs.getLong(1) : -1;
    }
  }

  @Test
  void aFullDiskKeepsDecisionsInMemorySaysSoOnceAndHealsWhenSpaceReturns() throws Exception {
    Path file = dir.resolve("cache.db");
    SqliteDecisionStore store = new SqliteDecisionStore(vertx, file, clock,
        new Backoff(Duration.ZERO, Duration.ZERO), SqliteDecisionStore.PURGE_INTERVAL, pageLimit::get);
    CacheConfig config = new CacheConfig(CacheConfig.Store.SQLITE, file, null, Duration.ofMinutes(10), 10_000, Map.of());
    DecisionCache cache = new DecisionCache(vertx, config, store, clock);
    result(cache.start());
    cache.remember(key(0), B1);
    Await.until("the first decision is on disk", () -> store.health().up() && result(store.loadAll()).size() == 1);

    // The disk is full from now on: the file cannot grow by one more page.
    pageLimit.set(1);
    result(cache.close());
    SqliteDecisionStore full = new SqliteDecisionStore(vertx, file, clock,
        new Backoff(Duration.ZERO, Duration.ZERO), SqliteDecisionStore.PURGE_INTERVAL, pageLimit::get);
    DecisionCache cacheOnFullDisk = new DecisionCache(vertx, config, full, clock);
    result(cacheOnFullDisk.start());
    for (int i = 1; i <= 300; i++) {
      cacheOnFullDisk.remember(key(i), B1);
    }
    Await.until("the store reports the full disk", () -> !full.health().up());

    assertThat(full.health().detail()).contains(file.toString()).contains("full");
    assertThat(cacheOnFullDisk.health().up()).isFalse();
    for (int i = 0; i <= 300; i++) {
      assertThat(result(cacheOnFullDisk.lookup(key(i)))).as("decision %d served from memory", i).isPresent();
    }
    assertThat(logs.messages().stream().filter(m -> m.contains("is unusable") && m.contains("memory only")))
        .as("one WARN for the whole outage, not one per write")
        .hasSize(1);
    assertThat(logs.errors()).isEmpty();

    // Space comes back: the next write reopens the file and succeeds.
    pageLimit.set(0);
    CachedDecision after = cacheOnFullDisk.remember(key(1000), B1);
    Await.until("the store is usable again", () -> full.health().up());
    assertThat(result(full.get(after.key()))).contains(after);
    assertThat(logs.messages()).anyMatch(m -> m.contains("is usable again"));
    result(cacheOnFullDisk.close());

    // Closing let the resync finish: what memory held and the full disk refused was written back.
    assertThat(rowsIn(file)).as("every decision memory held: 0 to 300, and 1000").isEqualTo(302);
  }
}
