package dev.junction.config;

import java.math.BigInteger;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
  static final String DURATION = "a duration such as 250ms, 5s, 2m, 1h, 1d, or a number of seconds";
  static final String SIZE = "a size in bytes, or such as 512KiB, 1MiB, 1MB";
  static final String STATUS = "a status such as 404 or a range such as 200-299";

  private static final Pattern DURATION_TEXT = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
  private static final Map<String, ChronoUnit> DURATION_UNITS = Map.of(
      "ms", ChronoUnit.MILLIS, "s", ChronoUnit.SECONDS, "m", ChronoUnit.MINUTES, "h", ChronoUnit.HOURS, "d", ChronoUnit.DAYS);
  private static final Pattern SIZE_TEXT = Pattern.compile("([0-9]+)([kmg]i?b|b)", Pattern.CASE_INSENSITIVE);
  private static final Map<String, Long> SIZE_UNITS = Map.of(
      "b", 1L, "kb", 1000L, "kib", 1024L, "mb", 1000_000L, "mib", 1L << 20, "gb", 1000_000_000L, "gib", 1L << 30);
  private static final Pattern STATUS_RANGE = Pattern.compile("([0-9]{1,3})-([0-9]{1,3})");

  private final Problems problems;
  private final YamlSource yaml;
  private final @Nullable Function<String, @Nullable String> environment;

  /** @param environment looks up <code>${NAME}</code> in string values; {@code null} leaves them as written */
  Scalars(Problems problems, YamlSource yaml, @Nullable Function<String, @Nullable String> environment) {
    this.problems = problems;
    this.yaml = yaml;
    this.environment = environment;
  }

  Problems problems() {
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

  /** A duration greater than zero: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}, or seconds. */
  @Nullable Duration duration(Node node, String path) {
    Duration d = null;
    try {
      if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
        BigInteger seconds = bigInteger(s);
        d = seconds == null ? null : Duration.ofSeconds(seconds.longValueExact());
      } else if (node instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
        String text = expand(s, path);
        if (text == null) {
          return null;
        }
        Matcher m = DURATION_TEXT.matcher(text);
        d = m.matches() ? Duration.of(Long.parseLong(m.group(1)), DURATION_UNITS.get(m.group(2))) : null;
      }
    } catch (ArithmeticException | NumberFormatException e) {
      d = null;
    }
    if (d == null) {
      problems.add(node, path, Section.describe(node) + " (expected: " + DURATION + ")");
    } else if (d.isNegative() || d.isZero()) {
      problems.add(node, path, Section.describe(node) + " (expected: a duration > 0)");
      d = null;
    }
    return d;
  }

  /** A size in bytes from 0 to {@link Integer#MAX_VALUE}: a plain integer, or with a unit such as {@code 1MiB}. */
  @Nullable Integer size(Node node, String path) {
    BigInteger bytes = null;
    if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
      bytes = bigInteger(s);
    } else if (node instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
      String text = expand(s, path);
      if (text == null) {
        return null;
      }
      Matcher m = SIZE_TEXT.matcher(text);
      if (m.matches()) {
        long unit = SIZE_UNITS.get(m.group(2).toLowerCase(Locale.ROOT));
        bytes = new BigInteger(m.group(1)).multiply(BigInteger.valueOf(unit));
      }
    }
    if (bytes == null) {
      problems.add(node, path, Section.describe(node) + " (expected: " + SIZE + ")");
      return null;
    }
    if (bytes.signum() < 0 || bytes.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
      problems.add(node, path, Section.describe(node) + " (expected: 0 to " + Integer.MAX_VALUE + " bytes)");
      return null;
    }
    return bytes.intValue();
  }

  /** Statuses and {@code from-to} ranges, as a list or a single value. */
  @Nullable StatusSet statuses(Node node, String path, boolean allowEmpty) {
    List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
    if (items.isEmpty() && !allowEmpty) {
      problems.add(node, path, "empty (expected: at least one status, such as [200-299])");
      return null;
    }
    StatusSet set = null;
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      Node item = items.get(i);
      StatusSet one = status(item, node instanceof SequenceNode ? KeyPaths.index(path, i) : path);
      ok &= one != null;
      set = one == null ? set : set == null ? one : set.union(one);
    }
    return !ok ? null : set == null ? StatusSet.of() : set;
  }

  private @Nullable StatusSet status(Node node, String path) {
    try {
      if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
        BigInteger code = bigInteger(s);
        if (code != null && code.bitLength() < 32) {
          return StatusSet.of(code.intValue());
        }
      } else if (node instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
        String text = expand(s, path);
        if (text == null) {
          return null;
        }
        Matcher m = STATUS_RANGE.matcher(text);
        if (m.matches()) {
          return StatusSet.range(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
      }
    } catch (IllegalArgumentException e) {
      problems.add(node, path, e);
      return null;
    }
    problems.add(node, path, Section.describe(node) + " (expected: " + STATUS + ")");
    return null;
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
