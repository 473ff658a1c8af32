package dev.junction.cache;

import static dev.junction.testing.Await.failure;
import static dev.junction.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.routing.CacheKey;
import dev.junction.testing.MutableClock;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDecisionStoreTest {
  @TempDir Path dir;
  private Vertx vertx;
  private final MutableClock clock = new MutableClock();
  private final List<SqliteDecisionStore> opened = new ArrayList<>();

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeEverything() {
    opened.forEach(s -> result(s.closeAsync()));
    result(vertx.close());
  }

  /** A store that retries a broken file on every use, so healing is tested without waiting. */
  private SqliteDecisionStore open(Path file) {
    SqliteDecisionStore store = new SqliteDecisionStore(vertx, file, clock, new Backoff(Duration.ZERO, Duration.ZERO),
        SqliteDecisionStore.PURGE_INTERVAL);
    opened.add(store);
    return store;
  }

  private CachedDecision decision(String path, Duration ttl) {
    Instant now = clock.instant();
    return new CachedDecision(new CacheKey("POST", path, CacheKey.NO_PAYLOAD), "b1", now, now.plus(ttl));
  }

  @Test
  void aDecisionPutBeforeCloseIsLoadedAfterReopen() {
    Path file = dir.resolve("cache.db");
    SqliteDecisionStore first = open(file);
    CachedDecision d = decision("/v1/chat", Duration.ofHours(1));
    result(first.put(d));
    result(first.closeAsync());

    assertThat(result(open(file).loadAll())).containsExactly(d);
  }

  @Test
  void expiredRowsAreNeitherLoadedNorFound() {
    SqliteDecisionStore store = open(dir.resolve("cache.db"));
    CachedDecision shortLived = decision("/short", Duration.ofMinutes(1));
    CachedDecision longLived = decision("/long", Duration.ofHours(1));
    result(store.put(shortLived));
    result(store.put(longLived));

    clock.advance(Duration.ofMinutes(2));

    assertThat(result(store.loadAll())).containsExactly(longLived);
    assertThat(result(store.get(shortLived.key()))).isEmpty();
  }

  @Test
  void getFindsAnUnexpiredDecision() {
    SqliteDecisionStore store = open(dir.resolve("cache.db"));
    CachedDecision d = decision("/v1/chat", Duration.ofMinutes(5));
    result(store.put(d));

    assertThat(result(store.get(d.key()))).contains(d);
  }

  @Test
  void removeSaysWhetherTheDecisionWasThere() {
    SqliteDecisionStore store = open(dir.resolve("cache.db"));
    CachedDecision d = decision("/v1/chat", Duration.ofMinutes(5));
    result(store.put(d));

    assertThat(List.of(result(store.remove(d.key())), result(store.remove(d.key())))).containsExactly(true, false);
  }

  @Test
  void aliasesSurviveReopen() {
    Path file = dir.resolve("cache.db");
    SqliteDecisionStore first = open(file);
    result(first.putAlias("/v1/speech", "/audio/speech"));
    result(first.putAlias("/old", "/new"));
    result(first.removeAlias("/old"));
    result(first.closeAsync());

    assertThat(result(open(file).loadAliases())).isEqualTo(Map.of("/v1/speech", "/audio/speech"));
  }

  @Test
  void clearRemovesDecisionsButKeepsAliases() {
    SqliteDecisionStore store = open(dir.resolve("cache.db"));
    result(store.put(decision("/a", Duration.ofHours(1))));
    result(store.put(decision("/b", Duration.ofHours(1))));
    result(store.putAlias("/v1/a", "/a"));

    long removed = result(store.clear());

    assertThat(removed).isEqualTo(2);
    assertThat(result(store.loadAll())).isEmpty();
    assertThat(result(store.loadAliases())).containsEntry("/v1/a", "/a");
  }

  @Test
  void aMissingParentDirectoryIsCreated() {
    Path file = dir.resolve("not/yet/there/cache.db");
    SqliteDecisionStore store = open(file);

    result(store.put(decision("/a", Duration.ofHours(1))));

    assertThat(file).isRegularFile();
  }

  @Test
  void closeCompletesOnlyAfterEveryPendingWriteIsOnDisk() {
    Path file = dir.resolve("cache.db");
    SqliteDecisionStore first = open(file);
    for (int i = 0; i < 200; i++) {
      first.put(decision("/p" + i, Duration.ofHours(1)));
    }
    result(first.closeAsync());

    assertThat(result(open(file).loadAll())).hasSize(200);
  }

  @Test
  void aFileThatIsNotADatabaseMarksHealthDownFailsFuturesAndIsLeftUntouched() throws Exception {
    Path file = dir.resolve("cache.db");
    byte[] garbage = "this is not a database, just some bytes that happen to be here".repeat(100)
        .getBytes(StandardCharsets.UTF_8);
    Files.write(file, garbage);
    SqliteDecisionStore store = open(file);

    Throwable failure = failure(store.put(decision("/a", Duration.ofHours(1))));

    assertThat(failure).hasMessageContaining("not a database");
    assertThat(store.health().up()).isFalse();
    assertThat(store.health().detail()).contains(file.toString()).contains("not a database");
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
  }

  @Test
  void aLocationThatCannotHoldAFileMarksHealthDown() throws Exception {
    Path notADirectory = dir.resolve("plain-file");
    Files.writeString(notADirectory, "x");
    SqliteDecisionStore store = open(notADirectory.resolve("cache.db"));

    failure(store.loadAll());

    assertThat(store.health().up()).isFalse();
    assertThat(store.health().detail()).contains("cannot create directory");
  }

  @Test
  void aFixedProblemHealsOnTheNextUseAfterTheBackoff() throws Exception {
    Path file = dir.resolve("cache.db");
    Files.writeString(file, "garbage ".repeat(200));
    SqliteDecisionStore store = open(file);
    failure(store.loadAll());
    assertThat(store.health().up()).isFalse();

    Files.delete(file);
    CachedDecision d = decision("/a", Duration.ofHours(1));
    result(store.put(d));

    assertThat(store.health().up()).isTrue();
    assertThat(result(store.loadAll())).containsExactly(d);
  }

  @Test
  void aFileDeletedWhileRunningIsReportedThenRecreatedOnALaterWrite() throws Exception {
    Path file = dir.resolve("cache.db");
    SqliteDecisionStore store = open(file);
    result(store.put(decision("/before", Duration.ofHours(1))));

    deleteDatabase(file);
    Future<Void> noticed = store.put(decision("/lost", Duration.ofHours(1)));
    assertThat(failure(noticed)).hasMessageContaining("deleted");
    assertThat(store.health().up()).isFalse();

    CachedDecision after = decision("/after", Duration.ofHours(1));
    result(store.put(after));
    assertThat(store.health().up()).isTrue();
    result(store.closeAsync());
    assertThat(result(open(file).loadAll())).containsExactly(after);
  }

  @Test
  void aFileFromANewerSchemaIsRefused() throws Exception {
    Path file = dir.resolve("cache.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)");
      s.execute("INSERT INTO schema_version VALUES (2)");
    }
    SqliteDecisionStore store = open(file);

    failure(store.loadAll());

    assertThat(store.health().detail()).contains("schema version: 2");
  }

  @Test
  void operationsAfterCloseFailInsteadOfThrowing() {
    SqliteDecisionStore store = open(dir.resolve("cache.db"));
    result(store.closeAsync());

    assertThat(failure(store.put(decision("/a", Duration.ofHours(1))))).isInstanceOf(StoreUnavailableException.class);
  }

  private static void deleteDatabase(Path file) throws Exception {
    for (String suffix : List.of("", "-wal", "-shm")) {
      Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }
  }
}
