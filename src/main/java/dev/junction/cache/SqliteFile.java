package dev.junction.cache;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * One SQLite database file and its JDBC connection: opening (directory, file, pragmas, schema),
 * noticing that the file was deleted or replaced underneath us, closing. Confined to the store's
 * single JDBC thread: not thread-safe, and every method blocks on disk.
 */
final class SqliteFile {
  /** The schema this code reads and writes; a file with a higher version is refused. */
  static final int SCHEMA_VERSION = 1;

  private final Path file;
  private final IntSupplier maxPageCount;
  private @Nullable Connection connection;
  private @Nullable Object fileKey;

  SqliteFile(Path file) {
    this(file, () -> 0);
  }

  /**
   * With a page limit read at every open ({@code PRAGMA max_page_count}; 0 or less: SQLite's
   * default). Tests use it to make the real driver answer {@code SQLITE_FULL} as on a full disk.
   */
  SqliteFile(Path file, IntSupplier maxPageCount) {
    this.file = requireNonNull(file, "file");
    this.maxPageCount = requireNonNull(maxPageCount, "maxPageCount");
  }

  boolean isOpen() {
    return connection != null;
  }

  /** Opens the file, creating its directory, the file itself and the schema when missing. */
  Connection open() throws IOException, SQLException {
    close();
    Path parent = file.getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      try {
        Files.createDirectories(parent);
      } catch (IOException e) {
        throw new IOException("cannot create directory " + parent + " (" + e.getClass().getSimpleName() + ")", e);
      }
    }
    Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout = 5000");
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode = WAL")) {
        String mode = rs.next() ? rs.getString(1) : null;
        if (!"wal".equalsIgnoreCase(mode)) {
          throw new SQLException("journal_mode: " + mode + " (expected: wal)");
        }
      }
      s.execute("PRAGMA synchronous = NORMAL");
      int pageLimit = maxPageCount.getAsInt();
      if (pageLimit > 0) {
        s.execute("PRAGMA max_page_count = " + pageLimit);
      }
      migrate(s);
      fileKey = currentFileKey();
    } catch (SQLException | IOException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
    connection = c;
    return c;
  }

  /**
   * The open connection, after checking that the file on disk is still the one opened: a deleted
   * file would otherwise swallow writes without error.
   */
  Connection connection() throws IOException {
    Connection c = requireNonNull(connection, "connection");
    Object key;
    try {
      key = currentFileKey();
    } catch (NoSuchFileException e) {
      throw new IOException("file was deleted while in use", e);
    }
    if (key != null && !key.equals(fileKey)) {
      throw new IOException("file was replaced while in use");
    }
    return c;
  }

  void close() {
    Connection c = connection;
    connection = null;
    fileKey = null;
    if (c != null) {
      closeQuietly(c);
    }
  }

  private @Nullable Object currentFileKey() throws IOException {
    return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
  }

  private static void migrate(Statement s) throws SQLException {
    s.execute("BEGIN IMMEDIATE");
    try {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
      int version;
      try (ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      if (version > SCHEMA_VERSION) {
        throw new SQLException("schema version: " + version + " (expected: <= " + SCHEMA_VERSION
            + "; the file was written by a newer Junction)");
      }
      if (version < 1) {
        s.execute("CREATE TABLE IF NOT EXISTS decisions (key TEXT PRIMARY KEY, method TEXT NOT NULL,"
            + " path TEXT NOT NULL, fingerprint TEXT NOT NULL, backend TEXT NOT NULL,"
            + " decided_at INTEGER NOT NULL, expires_at INTEGER NOT NULL)");
        s.execute("CREATE INDEX IF NOT EXISTS decisions_expires_at ON decisions (expires_at)");
        s.execute("CREATE TABLE IF NOT EXISTS aliases (alias TEXT PRIMARY KEY, primary_path TEXT NOT NULL)");
        s.execute("INSERT INTO schema_version (version) VALUES (1)");
      }
      s.execute("COMMIT");
    } catch (SQLException | RuntimeException e) {
      try {
        s.execute("ROLLBACK");
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // Closing a connection to a broken file may fail too; there is nothing left to release.
    }
  }
}
