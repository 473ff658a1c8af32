package dev.junction.admin.aliases;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How an alias matches. */
public enum AliasKind {
  /** The alias path itself only. */
  @JsonProperty("exact")
  EXACT,
  /** The alias ends in {@code /*}: every path under it, with the rest carried over. */
  @JsonProperty("prefix")
  PREFIX
}
