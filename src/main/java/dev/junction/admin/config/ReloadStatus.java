package dev.junction.admin.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The outcome of a configuration reload. */
public enum ReloadStatus {
  /** The new file serves every request routed from now on. */
  @JsonProperty("applied")
  APPLIED,
  /** The file holds the configuration already in effect. */
  @JsonProperty("unchanged")
  UNCHANGED,
  /** The file is invalid; the previous configuration keeps serving. */
  @JsonProperty("refused")
  REFUSED,
  /** No reload has happened since the start. */
  @JsonProperty("none")
  NONE
}
