package dev.junction.config;

import java.util.List;

/**
 * One payload alternative of a rule: every field condition must hold. A rule's payload matches
 * when any one of its alternatives does. A seed-format entry {@code {name: x, path: y}} becomes the
 * alternative {@code /name equals x, /path equals y} (the seed's subset test).
 */
public record PayloadCondition(List<FieldCondition> fields) {
  public PayloadCondition {
    fields = List.copyOf(fields);
  }
}
