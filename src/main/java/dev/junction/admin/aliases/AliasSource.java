package dev.junction.admin.aliases;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an alias was declared. */
public enum AliasSource {
  /** The configuration file: removed only by editing it. */
  @JsonProperty("config")
  CONFIG,
  /** Added through this API: persisted in the decision store. */
  @JsonProperty("runtime")
  RUNTIME
}
