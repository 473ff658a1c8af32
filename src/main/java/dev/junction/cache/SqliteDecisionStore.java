package dev.junction.cache;

import static java.util.Objects.requireNonNull;

import dev.junction.cache.HealthState.Phase;
import dev.junction.routing.CacheKey;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decisions and runtime aliases in one SQLite file ({@code store: sqlite}, the default).
 *
 * <p><b>Threading.</b> Every JDBC call runs on one dedicated thread, in submission order (a single
 * writer, so no lock contention inside the process); methods return at once and complete their
 * futures on the caller's Vert.x context (or a new event-loop context when called from elsewhere).
 * Thread-safe.
 *
 * <p><b>Durability.</b> The file runs in WAL mode with {@code synchronous=NORMAL}: a write whose
 * future has completed is committed to the WAL and survives a crash of the process ({@code kill
 * -9}); after a power loss or OS crash the last few commits may be lost, never the file's
 * integrity.
 *
 * <p><b>Failures.</b> A missing directory is created. When the file cannot be used (not a
 * database, unwritable or read-only location, disk full, deleted or replaced while running, schema
 * from a newer Junction), the store logs one WARN naming the file and the cause, reports {@link
 * #health()} down and fails the futures of the operations concerned; it never throws to the
 * caller. It tries to open the file again on the first operation after a back-off (1 s, doubling to
 * 1 min), so a fixed problem heals without a restart; while waiting, operations fail at once with
 * {@link StoreUnavailableException}. A corrupt file is never overwritten or deleted. Once an
 * operation works again, the store reports a {@link Recovery} ({@link #onRecovery}): the {@link
 * DecisionCache} then writes back what memory holds and the file lacks (a file deleted while
 * running comes back empty).
 *
 * <p>Expired rows are never returned; they are purged at open and every 10 minutes.
 */
public final class SqliteDecisionStore implements DecisionStore {
  private static final Logger log = LoggerFactory.getLogger(SqliteDecisionStore.class);
  static final Duration PURGE_INTERVAL = Duration.ofMinutes(10);

  private final Vertx vertx;
  private final Path file;
  private final Clock clock;
  private final Backoff retry;
  private final HealthState health;
  private final ExecutorService jdbcThread;
  private final long purgeTimer;
  private final Promise<Void> closed = Promise.promise();
  private volatile Consumer<Recovery> recoveryListener = recovery -> {};
  private boolean closing;

  // Confined to jdbcThread.
  private final SqliteFile db;
  private long nextAttemptNanos = System.nanoTime();
  private boolean shut;

  /** Opens {@code file} in the background; the first operations wait for it. */
  public SqliteDecisionStore(Vertx vertx, Path file, Clock clock) {
    this(vertx, file, clock, new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1)), PURGE_INTERVAL);
  }

  SqliteDecisionStore(Vertx vertx, Path file, Clock clock, Backoff retry, Duration purgeInterval) {
    this(vertx, file, clock, retry, purgeInterval, () -> 0);
  }

  /** With a page limit applied at every open (see {@link SqliteFile#SqliteFile(Path, IntSupplier)}). */
  SqliteDecisionStore(Vertx vertx, Path file, Clock clock, Backoff retry, Duration purgeInterval,
      IntSupplier maxPageCount) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.file = requireNonNull(file, "file").toAbsolutePath().normalize();
    this.clock = requireNonNull(clock, "clock");
    this.retry = requireNonNull(retry, "retry");
    this.health = new HealthState("sqlite", "opening " + this.file);
    this.db = new SqliteFile(this.file, maxPageCount);
    this.jdbcThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "junction-sqlite");
      t.setDaemon(true);
      return t;
    });
    submit((c, now) -> null);
    this.purgeTimer = vertx.setPeriodic(purgeInterval.toMillis(), id -> submit(SqliteQueries::purge));
  }

  /** The database file (absolute). */
  public Path file() {
    return file;
  }

  @Override
  public Future<List<CachedDecision>> loadAll() {
    return submit(SqliteQueries::loadAll);
  }

  @Override
  public Future<Optional<CachedDecision>> get(CacheKey key) {
    requireNonNull(key, "key");
    return submit((c, now) -> SqliteQueries.get(c, key, now));
  }

  @Override
  public Future<Void> put(CachedDecision decision) {
    requireNonNull(decision, "decision");
    return submit((c, now) -> {
      SqliteQueries.put(c, decision);
      return null;
    });
  }

  @Override
  public Future<Boolean> remove(CacheKey key) {
    requireNonNull(key, "key");
    return submit((c, now) -> SqliteQueries.remove(c, key, now));
  }

  @Override
  public Future<Long> clear() {
    return submit(SqliteQueries::clear);
  }

  @Override
  public Future<Map<String, String>> loadAliases() {
    return submit((c, now) -> SqliteQueries.aliases(c));
  }

  @Override
  public Future<Void> putAlias(String alias, String primary) {
    requireNonNull(alias, "alias");
    requireNonNull(primary, "primary");
    return submit((c, now) -> {
      SqliteQueries.putAlias(c, alias, primary);
      return null;
    });
  }

  @Override
  public Future<Boolean> removeAlias(String alias) {
    requireNonNull(alias, "alias");
    return submit((c, now) -> SqliteQueries.removeAlias(c, alias));
  }

  /**
   * {@inheritDoc} Told after the first operation that works once the file was unusable; always
   * with {@code contentsKept} false (a recreated file is empty, and memory is authoritative for a
   * file only this process writes anyway).
   */
  @Override
  public void onRecovery(Consumer<Recovery> listener) {
    this.recoveryListener = requireNonNull(listener, "listener");
  }

  @Override
  public StoreHealth health() {
    return health.get();
  }

  /** Completes once every write submitted before it has finished and the file is closed. */
  @Override
  public Future<Void> closeAsync() {
    synchronized (this) {
      if (closing) {
        return closed.future();
      }
      closing = true;
    }
    vertx.cancelTimer(purgeTimer);
    Context context = vertx.getOrCreateContext();
    jdbcThread.execute(() -> {
      shut = true;
      db.close();
      context.runOnContext(v -> closed.complete());
    });
    jdbcThread.shutdown();
    return closed.future();
  }

  /** One unit of JDBC work; {@code now} is the clock in epoch milliseconds. */
  private interface Query<T extends @Nullable Object> {
    T run(Connection c, long now) throws SQLException;
  }

  private <T extends @Nullable Object> Future<T> submit(Query<T> query) {
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    try {
      jdbcThread.execute(() -> {
        try {
          T result = run(query);
          context.runOnContext(v -> promise.complete(result));
        } catch (Exception e) {
          context.runOnContext(v -> promise.fail(e));
        }
      });
    } catch (RejectedExecutionException e) {
      return Future.failedFuture(new StoreUnavailableException("sqlite store closed: " + file));
    }
    return promise.future();
  }

  /** On the JDBC thread. */
  private <T extends @Nullable Object> T run(Query<T> query) throws Exception {
    if (shut) {
      throw new StoreUnavailableException("sqlite store closed: " + file);
    }
    Connection c = usableConnection();
    T result;
    try {
      result = query.run(c, clock.millis());
    } catch (SQLException e) {
      failed(e);
      throw e;
    }
    // Up (and the back-off reset) only once an operation worked: a full disk opens fine and fails on
    // the first write; it must neither flap between "usable again" and "unusable" nor retry at the
    // shortest back-off forever.
    if (health.phase() != Phase.UP) {
      retry.reset();
      if (health.up(file.toString()) == Phase.DOWN) {
        log.info("Decision cache file {} is usable again", file);
        Consumer<Recovery> listener = recoveryListener;
        vertx.runOnContext(v -> listener.accept(new Recovery(false)));
      }
    }
    return result;
  }

  /** On the JDBC thread: the open connection, or a new one when the back-off allows a retry. */
  private Connection usableConnection() throws Exception {
    try {
      if (db.isOpen()) {
        return db.connection();
      }
      if (System.nanoTime() - nextAttemptNanos < 0) {
        throw new StoreUnavailableException(health.get().detail());
      }
      Connection c = db.open();
      int purged = SqliteQueries.purge(c, clock.millis());
      log.debug("Opened decision cache file {} ({} expired rows purged)", file, purged);
      return c;
    } catch (StoreUnavailableException e) {
      throw e;
    } catch (Exception e) {
      failed(e);
      throw e;
    }
  }

  /** On the JDBC thread: drops the connection, schedules the next attempt, reports once. */
  private void failed(Exception e) {
    db.close();
    Duration delay = retry.next();
    nextAttemptNanos = System.nanoTime() + delay.toNanos();
    String cause = describe(e);
    if (health.down(file + ": " + cause) != Phase.DOWN) {
      log.warn("Decision cache file {} is unusable: {}. Serving decisions from memory only;"
          + " will retry on use after {} ms", file, cause, delay.toMillis());
      log.debug("Decision cache file {} failure", file, e);
    } else {
      log.debug("Decision cache file {} still unusable: {}; next retry after {} ms", file, cause, delay.toMillis());
    }
  }

  private static String describe(Throwable e) {
    if (e instanceof FileSystemException fse) {
      String reason = fse.getReason();
      return fse.getClass().getSimpleName() + " " + fse.getFile() + (reason != null ? " (" + reason + ")" : "");
    }
    String message = e.getMessage();
    return message != null ? message : e.getClass().getSimpleName();
  }
}
