package dev.junction.config;

import java.math.BigInteger;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Durations, sizes and status sets as written in configuration. Like {@link Scalars}, each method
 * records a problem at the node and returns {@code null} when the value is unusable. One instance
 * per load; not thread-safe.
 */
final class Quantities {
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

  private final Scalars scalars;

  Quantities(Scalars scalars) {
    this.scalars = scalars;
  }

  /** A duration greater than zero: {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}, or seconds. */
  @Nullable Duration duration(Node node, String path) {
    Duration d = null;
    try {
      if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
        BigInteger seconds = scalars.bigInteger(s);
        d = seconds == null ? null : Duration.ofSeconds(seconds.longValueExact());
      } else if (node instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
        String text = scalars.expand(s, path);
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
      scalars.problems().add(node, path, Section.describe(node) + " (expected: " + DURATION + ")");
    } else if (d.isNegative() || d.isZero()) {
      scalars.problems().add(node, path, Section.describe(node) + " (expected: a duration > 0)");
      d = null;
    }
    return d;
  }

  /** A size in bytes from 0 to {@link Integer#MAX_VALUE}: a plain integer, or with a unit such as {@code 1MiB}. */
  @Nullable Integer size(Node node, String path) {
    BigInteger bytes = null;
    if (node instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
      bytes = scalars.bigInteger(s);
    } else if (node instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
      String text = scalars.expand(s, path);
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
      scalars.problems().add(node, path, Section.describe(node) + " (expected: " + SIZE + ")");
      return null;
    }
    if (bytes.signum() < 0 || bytes.compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
      scalars.problems().add(node, path, Section.describe(node) + " (expected: 0 to " + Integer.MAX_VALUE + " bytes)");
      return null;
    }
    return bytes.intValue();
  }

  /** Statuses and {@code from-to} ranges, as a list or a single value. */
  @Nullable StatusSet statuses(Node node, String path, boolean allowEmpty) {
    List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
    if (items.isEmpty() && !allowEmpty) {
      scalars.problems().add(node, path, "empty (expected: at least one status, such as [200-299])");
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
        BigInteger code = scalars.bigInteger(s);
        if (code != null && code.bitLength() < 32) {
          return StatusSet.of(code.intValue());
        }
      } else if (node instanceof ScalarNode s && s.getTag().equals(Tag.STR)) {
        String text = scalars.expand(s, path);
        if (text == null) {
          return null;
        }
        Matcher m = STATUS_RANGE.matcher(text);
        if (m.matches()) {
          return StatusSet.range(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        }
      }
    } catch (IllegalArgumentException e) {
      scalars.problems().add(node, path, e);
      return null;
    }
    scalars.problems().add(node, path, Section.describe(node) + " (expected: " + STATUS + ")");
    return null;
  }
}
