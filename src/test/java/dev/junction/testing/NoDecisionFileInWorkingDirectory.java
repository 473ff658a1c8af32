package dev.junction.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.CacheConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class that wrote the default SQLite decision file ({@code junction-cache.db}, relative
 * to the working directory, which for the suite is the checkout).
 *
 * <p>A config without a {@code cache} section gets that file. Tests that shared it would see each
 * other's remembered decisions, so a test that starts Junction gives its config
 * {@code cache: {store: memory}} or a file in its own {@code @TempDir}. Registered for every test
 * class by {@code META-INF/services} and {@code junit-platform.properties}. It compares the file
 * and its WAL before and after the class, and never deletes them: one left by a developer's own
 * {@code junction serve} in the checkout is theirs.
 */
public final class NoDecisionFileInWorkingDirectory implements BeforeAllCallback, AfterAllCallback {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(NoDecisionFileInWorkingDirectory.class);
  private static final List<Path> FILES = List.of(CacheConfig.DEFAULT_SQLITE_PATH,
      Path.of(CacheConfig.DEFAULT_SQLITE_PATH + "-wal"));

  @Override
  public void beforeAll(ExtensionContext context) {
    if (context.getParent().flatMap(ExtensionContext::getParent).isEmpty()) { // top-level classes only
      context.getStore(NS).put("before", states());
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Object before = context.getStore(NS).get("before");
    if (before != null) {
      assertThat(states())
          .as("%s wrote %s in the working directory: give the config it starts Junction with"
              + " `cache: {store: memory}` or a path in a @TempDir", context.getDisplayName(), FILES)
          .isEqualTo(before);
    }
  }

  /** For each file: absent, or its size and modification time. */
  private static List<String> states() {
    List<String> states = new ArrayList<>();
    for (Path file : FILES) {
      try {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        states.add(file + " " + a.size() + " " + a.lastModifiedTime());
      } catch (IOException absent) {
        states.add(file + " absent");
      }
    }
    return states;
  }
}
