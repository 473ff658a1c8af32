package dev.junction.testing;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * SQLite files and locations that cannot be written even by root, so that read-only tests run in
 * CI (which runs as root, where file permissions are not enforced) and are never skipped.
 */
public final class ReadOnlySqlite {
  /**
   * A directory in which nobody can create a file: sysfs refuses it to root too (EACCES; EROFS
   * where /sys is mounted read-only, as in containers).
   */
  public static final Path UNWRITABLE_DIRECTORY = Path.of("/sys");

  private ReadOnlySqlite() {}

  /**
   * Marks an existing SQLite database read-only in its own header: a "file format write version"
   * (byte 18) above 2 makes SQLite open it for reading only and refuse every write with
   * {@code SQLITE_READONLY} ("attempt to write a readonly database"), whoever opens it. The file
   * must be closed (no WAL left to checkpoint).
   */
  public static void markReadOnly(Path database) throws IOException {
    if (!Files.isRegularFile(database)) {
      throw new IOException("not a file: " + database);
    }
    try (RandomAccessFile f = new RandomAccessFile(database.toFile(), "rw")) {
      f.seek(18);
      f.write(3);
    }
  }
}
