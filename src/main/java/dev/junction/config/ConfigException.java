package dev.junction.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Invalid configuration: every problem found, each naming file, line, column and key. Loading
 * collects all problems it can before throwing, so a user fixes them in one pass.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** One problem: {@code file:line:column: key: message}. */
  public record Problem(Origin origin, String key, String message) {
    @Override
    public String toString() {
      return origin + ": " + (key.isEmpty() ? "" : key + ": ") + message;
    }
  }

  private final transient List<Problem> problems;

  public ConfigException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public ConfigException(Origin origin, String key, String message) {
    this(List.of(new Problem(origin, key, message)));
  }

  public List<Problem> problems() {
    return problems;
  }
}
