package dev.junction.config;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Typed reading of scalar settings. Each method records a problem at the node and returns
 * {@code null} when the value is unusable, so reading goes on. One instance per load; not
 * thread-safe.
 */
final class Scalars {
  private final LoadProblems problems;
  private final YamlSource yaml;
  private final @Nullable Function<String, @Nullable String> environment;

  /** @param environment looks up <code>${NAME}</code> in string values; {@code null} leaves them as written */
  Scalars(LoadProblems problems, YamlSource yaml, @Nullable Function<String, @Nullable String> environment) {
    this.problems = problems;
    this.yaml = yaml;
    this.environment = environment;
  }

  LoadProblems problems() {
    return problems;
  }

  /** A string scalar's text with <code>${NAME}</code> expanded (when enabled); other scalars as written. */
  @Nullable String string(Node node, String path, String expected) {
    if (!(node instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
      problems.add(node, path, Section.describe(node) + " (expected: " + expected + ")");
      return null;
    }
    return s.getTag().equals(Tag.STR) ? expand(s, path) : s.getValue();
  }

  /**
   * The text of a string scalar with environment references expanded; {@code null} after
   * recording why when a reference cannot be expanded.
   */
  @Nullable String expand(ScalarNode node, String path) {
    if (environment == null) {
      return node.getValue();
    }
    EnvExpansion.Result r = EnvExpansion.expand(node.getValue(), environment);
    r.problems().forEach(p -> problems.add(node, path, p));
    return r.problems().isEmpty() ? r.text() : null;
  }

  @Nullable Boolean bool(Node node, String path) {
    if (node instanceof ScalarNode s && s.getTag().equals(Tag.BOOL)) {
      return (Boolean) yaml.value(s);
    }
    problems.add(node, path, Section.describe(node) + " (expected: true or false)");
    return null;
  }

  /** An integer from {@code min} to {@code max}. */
  @Nullable Long integer(Node node, String path, long min, long max) {
    BigInteger value = node instanceof ScalarNode s && s.getTag().equals(Tag.INT) ? bigInteger(s) : null;
    if (value == null) {
      problems.add(node, path, Section.describe(node) + " (expected: an integer)");
      return null;
    }
    if (value.compareTo(BigInteger.valueOf(min)) < 0) {
      problems.add(node, path, value + " (expected: >= " + min + ")");
      return null;
    }
    if (value.compareTo(BigInteger.valueOf(max)) > 0) {
      problems.add(node, path, value + " (expected: <= " + max + ")");
      return null;
    }
    return value.longValue();
  }

  /** A number from 0 to 1 (an integer or a decimal). */
  @Nullable Double fraction(Node node, String path) {
    Double value = null;
    if (node instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
      try {
        value = Double.valueOf(s.getValue().replace("_", ""));
      } catch (NumberFormatException e) {
        value = null;
      }
    }
    if (value == null || value.isNaN()) {
      problems.add(node, path, Section.describe(node) + " (expected: a number from 0 to 1, such as 0.05)");
      return null;
    }
    if (value < 0 || value > 1) {
      problems.add(node, path, ((ScalarNode) node).getValue() + " (expected: a number from 0 to 1, such as 0.05)");
      return null;
    }
    return value;
  }

  /**
   * Strings as a list, or a single string read as a list of one. {@code check} returns why an item
   * is unusable, or {@code null}; unusable items are recorded and left out.
   */
  List<String> strings(Node node, String path, String expected, Function<String, @Nullable String> check) {
    boolean list = node instanceof SequenceNode;
    List<Node> items = list ? ((SequenceNode) node).getValue() : List.of(node);
    List<String> out = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      String itemPath = list ? KeyPaths.index(path, i) : path;
      String s = string(item, itemPath, expected);
      String problem = s == null ? null : check.apply(s);
      if (problem != null) {
        problems.add(item, itemPath, problem);
      } else if (s != null) {
        out.add(s);
      }
    }
    return out;
  }

  /** The number of an {@code int} scalar; {@code null} when its text cannot be read as one. */
  @Nullable BigInteger bigInteger(ScalarNode node) {
    try {
      Object v = yaml.value(node);
      return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
    } catch (YAMLException | NumberFormatException | ClassCastException e) {
      return null;
    }
  }

  /** The number of an {@code int} or {@code float} scalar, as SnakeYAML's safe constructor reads it. */
  @Nullable Number number(ScalarNode node) {
    try {
      return (Number) yaml.value(node);
    } catch (YAMLException | NumberFormatException | ClassCastException e) {
      return null;
    }
  }
}
