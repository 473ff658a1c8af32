package dev.junction.cache;

import static dev.junction.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.routing.CacheKey;
import dev.junction.testing.Await;
import dev.junction.testing.MutableClock;
import dev.junction.testing.ReadOnlySqlite;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache over a real SQLite file: warm-up, and memory that keeps working when the file does not. */
class DecisionCacheSqliteTest {
  private static final BackendConfig B1 = new BackendConfig("b1", URI.create("http://127.0.0.1:9001"), null);
  private static final CacheKey CHAT = new CacheKey("POST", "/v1/chat", CacheKey.NO_PAYLOAD);
  private static final CacheKey SPEECH = new CacheKey("POST", "/audio/speech", CacheKey.NO_PAYLOAD);
  private static final CacheKey IMAGES = new CacheKey("POST", "/images", CacheKey.NO_PAYLOAD);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeVertx() {
    result(vertx.close());
  }

  private DecisionCache cacheOn(Path file) {
    CacheConfig config = new CacheConfig(CacheConfig.Store.SQLITE, file, null, Duration.ofMinutes(10), 1000, Map.of());
    DecisionCache cache = new DecisionCache(vertx, config, new SqliteDecisionStore(vertx, file, clock), clock);
    result(cache.start());
    return cache;
  }

  @Test
  void startLoadsWhatAnEarlierRunRemembered() {
    Path file = dir.resolve("cache.db");
    DecisionCache first = cacheOn(file);
    CachedDecision d = first.remember(CHAT, B1);
    result(first.close());

    DecisionCache second = cacheOn(file);

    assertThat(second.peek(CHAT)).contains(d);
    result(second.close());
  }

  @Test
  void startDoesNotLoadDecisionsThatExpiredMeanwhile() {
    Path file = dir.resolve("cache.db");
    DecisionCache first = cacheOn(file);
    first.remember(CHAT, B1);
    result(first.close());

    clock.advance(Duration.ofMinutes(11));
    DecisionCache second = cacheOn(file);

    assertThat(second.snapshot()).isEmpty();
    result(second.close());
  }

  @Test
  void aCorruptFileLeavesTheCacheWorkingInMemoryWithHealthDown() throws IOException {
    Path file = dir.resolve("cache.db");
    Files.writeString(file, "definitely not sqlite ".repeat(100));
    DecisionCache cache = cacheOn(file);

    CachedDecision d = cache.remember(CHAT, B1);

    assertThat(result(cache.lookup(CHAT))).contains(d);
    assertThat(cache.health().up()).isFalse();
    result(cache.close());
  }

  @Test
  void aLocationThatCannotHoldTheFileLeavesTheCacheWorkingInMemory() throws IOException {
    Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
    DecisionCache cache = cacheOn(notADirectory.resolve("cache.db"));

    CachedDecision d = cache.remember(CHAT, B1);

    assertThat(result(cache.lookup(CHAT))).contains(d);
    assertThat(cache.health().up()).isFalse();
    result(cache.close());
  }

  @Test
  void aDatabaseSqliteWillOnlyOpenReadOnlyLeavesTheCacheWorkingInMemoryWithHealthDown() throws IOException {
    Path file = dir.resolve("cache.db");
    result(cacheOn(file).close()); // a real cache file, schema and all
    ReadOnlySqlite.markReadOnly(file);
    DecisionCache cache = cacheOn(file);

    CachedDecision d = cache.remember(SPEECH, B1);

    assertThat(result(cache.lookup(SPEECH))).contains(d);
    Await.until("the refused write is reported", () -> !cache.health().up());
    assertThat(cache.health().detail()).contains(file.toString(), "readonly");
    result(cache.close());
  }

  @Test
  void aDirectoryWhereEvenRootCannotCreateTheFileLeavesTheCacheWorkingInMemoryWithHealthDown() {
    Path file = ReadOnlySqlite.UNWRITABLE_DIRECTORY.resolve("junction-test-cache.db");
    DecisionCache cache = cacheOn(file);

    CachedDecision d = cache.remember(CHAT, B1);

    assertThat(result(cache.lookup(CHAT))).contains(d);
    assertThat(cache.health().up()).isFalse();
    assertThat(cache.health().detail()).contains(file.toString());
    assertThat(file).doesNotExist();
    result(cache.close());
  }

  @Test
  void decisionsRememberedBeforeTheFileWasDeletedAreWrittenBackWhenItIsRecreated() throws IOException {
    Path file = dir.resolve("cache.db");
    SqliteDecisionStore store = new SqliteDecisionStore(vertx, file, clock, new Backoff(Duration.ZERO, Duration.ZERO),
        SqliteDecisionStore.PURGE_INTERVAL);
    CacheConfig config = new CacheConfig(CacheConfig.Store.SQLITE, file, null, Duration.ofMinutes(10), 1000, Map.of());
    DecisionCache cache = new DecisionCache(vertx, config, store, clock);
    result(cache.start());
    CachedDecision before = cache.remember(CHAT, B1);
    assertThat(result(store.loadAll())).containsExactly(before); // the JDBC thread runs in order: the put is done
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }

    CachedDecision noticed = cache.remember(SPEECH, B1); // finds the file gone
    Await.until("the deletion is reported", () -> !cache.health().up());
    CachedDecision after = cache.remember(IMAGES, B1); // recreates the file
    Await.until("all three are in the new file", () -> result(store.loadAll()).size() == 3);
    result(cache.close());

    DecisionCache restarted = cacheOn(file);
    assertThat(restarted.snapshot()).containsExactlyInAnyOrder(before, noticed, after);
    result(restarted.close());
  }
}
