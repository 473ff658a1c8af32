package dev.junction.config;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * One key of the configuration, as the catalogue ({@link ConfigKeys}) describes it.
 *
 * @param name the key as written in the file
 * @param shape the values the reader accepts
 * @param example a value as a user would write it, in YAML (flow style for lists and mappings)
 * @param description what it does, one line for people
 * @param defaultValue the value used when the key is left out, in YAML; {@code null} when there is
 *     no such value (then {@code defaultNote} says what happens)
 * @param defaultNote what leaving the key out means, in words, when no value says it
 * @param required whether the key must be written; a required key has no default
 */
record ConfigKey(String name, KeyShape shape, String example, String description, @Nullable String defaultValue,
    @Nullable String defaultNote, boolean required) {
  ConfigKey {
    requireNonNull(name, "name");
    requireNonNull(shape, "shape");
    requireNonNull(example, "example");
    requireNonNull(description, "description");
    if (required && (defaultValue != null || defaultNote != null)) {
      throw new IllegalArgumentException("default: " + name + " is required (expected: no default)");
    }
  }

  static ConfigKey of(String name, KeyShape shape, String example, String description) {
    return new ConfigKey(name, shape, example, description, null, null, false);
  }

  /** This key with a default value, in YAML. */
  ConfigKey byDefault(String yaml) {
    return new ConfigKey(name, shape, example, description, yaml, defaultNote, required);
  }

  /** This key with what leaving it out means, in words. */
  ConfigKey byDefaultNote(String note) {
    return new ConfigKey(name, shape, example, description, defaultValue, note, required);
  }

  /** This key, required. */
  ConfigKey asRequired() {
    return new ConfigKey(name, shape, example, description, defaultValue, defaultNote, true);
  }
}
