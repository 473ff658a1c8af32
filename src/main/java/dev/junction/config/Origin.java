package dev.junction.config;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/** Where a configuration element was declared, for messages: {@code file:line:column}. */
public record Origin(@Nullable Path file, int line, int column) {
  public static final Origin CODE = new Origin(null, 0, 0);

  @Override
  public String toString() {
    if (line <= 0) {
      return file == null ? "<code>" : file.toString();
    }
    return (file == null ? "<inline>" : file.toString()) + ":" + line + ":" + column;
  }
}
