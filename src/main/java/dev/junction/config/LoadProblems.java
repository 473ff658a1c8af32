package dev.junction.config;

import static java.util.Objects.requireNonNull;

import dev.junction.config.ConfigException.Problem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The problems found while reading one document. Loading goes on after a problem so that every
 * problem is reported at once. One instance per load; not thread-safe.
 */
final class LoadProblems {
  private final @Nullable Path file;
  private final List<Problem> list = new ArrayList<>();

  LoadProblems(@Nullable Path file) {
    this.file = file;
  }

  @Nullable Path file() {
    return file;
  }

  /** The 1-based position of {@code node}, or the file alone when the node carries no mark. */
  Origin origin(Node node) {
    return origin(node.getStartMark());
  }

  Origin origin(@Nullable Mark mark) {
    return mark == null ? new Origin(file, 0, 0) : new Origin(file, mark.getLine() + 1, mark.getColumn() + 1);
  }

  void add(Node node, String key, String message) {
    add(origin(node), key, message);
  }

  void add(Origin origin, String key, String message) {
    list.add(new Problem(requireNonNull(origin, "origin"), requireNonNull(key, "key"), requireNonNull(message, "message")));
  }

  /**
   * Records a record constructor's rejection. Its message is shaped {@code "name: value (expected:
   * ...)"}; when {@code name} is the last segment of {@code key}, it is not repeated.
   */
  void add(Node node, String key, IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    String prefix = KeyPaths.last(key) + ": ";
    add(node, key, message.startsWith(prefix) ? message.substring(prefix.length()) : message);
  }

  int size() {
    return list.size();
  }

  boolean isEmpty() {
    return list.isEmpty();
  }

  /** Throws every problem so far, in document order, if there is any. */
  void throwIfAny() {
    if (!list.isEmpty()) {
      List<Problem> sorted = new ArrayList<>(list);
      sorted.sort(Comparator.comparingInt((Problem p) -> p.origin().line()).thenComparingInt(p -> p.origin().column()));
      throw new ConfigException(sorted);
    }
  }
}
