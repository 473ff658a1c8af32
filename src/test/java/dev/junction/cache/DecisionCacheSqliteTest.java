package dev.junction.cache;

import static dev.junction.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.testing.MutableClock;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache over a real SQLite file: warm-up, and memory that keeps working when the file does not. */
class DecisionCacheSqliteTest {
  private static final BackendConfig B1 = new BackendConfig("b1", URI.create("http://127.0.0.1:9001"), null);
  private static final CacheKey CHAT = new CacheKey("POST", "/v1/chat", CacheKey.NO_PAYLOAD);

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock();
  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeVertx() throws IOException {
    result(vertx.close());
    // Let @TempDir clean up a directory a test made read-only.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
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
  void aReadOnlyDirectoryLeavesTheCacheWorkingInMemoryWithHealthDown() throws IOException {
    Path readOnly = Files.createDirectory(dir.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-x------"));
    assumeFalse(Files.isWritable(readOnly), "directory permissions are not enforced for this user (root)");
    DecisionCache cache = cacheOn(readOnly.resolve("cache.db"));

    CachedDecision d = cache.remember(CHAT, B1);

    assertThat(result(cache.lookup(CHAT))).contains(d);
    assertThat(cache.health().up()).isFalse();
    result(cache.close());
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwx------"));
  }
}
