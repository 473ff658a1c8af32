package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a configuration key's value may look like, as the readers accept it: the catalogue
 * ({@link ConfigKeys}) gives one to every key, and the schema ({@link ConfigSchema}) and the
 * reference tables ({@link ConfigReference}) are written from it. A closed set; {@code described}
 * is the type as the reference shows it. Patterns are regular expressions that work both in Java
 * and in ECMA-262 with the {@code u} flag, as JSON Schema validators read them.
 */
sealed interface KeyShape {
  /** A duration: seconds from {@code min}, or text such as {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}. */
  record Duration(long min) implements KeyShape {}

  /** A size: bytes from {@code min} to {@code max}, or text such as {@code 512KiB}, {@code 1MB}. */
  record Size(long min, long max) implements KeyShape {}

  /** One HTTP status (100 to 599) or a range written {@code 200-299}. */
  record Status() implements KeyShape {}

  /** {@code true} or {@code false} (and the other YAML 1.1 spellings such as {@code yes}). */
  record Flag() implements KeyShape {}

  /** An integer from {@code min} to {@code max}. */
  record Whole(long min, long max) implements KeyShape {}

  /** A number from 0 to 1, such as {@code 0.05}. */
  record Fraction() implements KeyShape {}

  /** One of a fixed set of words, in the order messages list them. */
  record Choice(List<String> values) implements KeyShape {
    public Choice {
      values = List.copyOf(values);
    }
  }

  /**
   * A scalar read as text. {@code pattern} is what the text must match ({@code null}: anything);
   * with {@code anyScalar} a number or a boolean is read as the text written, as the readers do.
   */
  record Text(String described, @Nullable String pattern, boolean anyScalar) implements KeyShape {}

  /**
   * A list of {@code item}s with at least {@code minItems}; {@code single}, when not null, is a
   * value the readers also take alone, as a list of one.
   */
  record ListOf(String described, KeyShape item, int minItems, @Nullable KeyShape single) implements KeyShape {}

  /**
   * A mapping of free keys ({@code key}, shown as {@code placeholder}, never expanded from the
   * environment) to {@code value}s; {@code nullValues}: an empty value is accepted and read as
   * empty. At least {@code minEntries} entries.
   */
  record MapOf(String described, String placeholder, Text key, KeyShape value, boolean nullValues, int minEntries)
      implements KeyShape {}

  /** Either of two shapes of different YAML kinds (a scalar and a mapping, say). */
  record Either(KeyShape first, KeyShape second) implements KeyShape {}

  /** Any YAML value, read as the JSON value it stands for. */
  record AnyValue(String described) implements KeyShape {}

  /**
   * A payload condition: a mapping with exactly one of {@code operators}' keys is that operator;
   * any other value (a mapping without those keys included) is compared whole.
   */
  record Condition(Group operators) implements KeyShape {}

  /**
   * A mapping with fixed keys, in the order messages list them; unknown keys are refused.
   *
   * @param path where it sits, as the reference names it ({@code proxy.ejection}, {@code backends.NAME})
   * @param exactlyOne keys of which exactly one must be written (empty: no such rule)
   */
  record Group(String path, List<ConfigKey> keys, List<String> exactlyOne) implements KeyShape {
    public Group {
      requireNonNull(path, "path");
      keys = List.copyOf(keys);
      exactlyOne = List.copyOf(exactlyOne);
      List<String> seen = new ArrayList<>();
      for (ConfigKey k : keys) {
        if (seen.contains(k.name())) {
          throw new IllegalArgumentException("key: " + k.name() + " (expected: once in " + path + ")");
        }
        seen.add(k.name());
      }
      if (!seen.containsAll(exactlyOne)) {
        throw new IllegalArgumentException("exactlyOne: " + exactlyOne + " (expected: keys of " + path + ")");
      }
    }

    /** The key names in order: the readers' allowed keys. */
    List<String> names() {
      return keys.stream().map(ConfigKey::name).toList();
    }

    ConfigKey key(String name) {
      return keys.stream().filter(k -> k.name().equals(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("key: " + name + " (expected: one of " + names() + ")"));
    }

    /** The values of the {@link Choice} key {@code name}. */
    List<String> choices(String name) {
      return ((Choice) key(name).shape()).values();
    }
  }
}
