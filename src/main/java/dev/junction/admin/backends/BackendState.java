package dev.junction.admin.backends;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A backend's health as Junction sees it. */
public enum BackendState {
  /** Not contacted yet. */
  @JsonProperty("unknown")
  UNKNOWN,
  /** The last exchange worked. */
  @JsonProperty("up")
  UP,
  /** The last exchange failed. */
  @JsonProperty("down")
  DOWN,
  /** Taken out of rotation after repeated failures, for a while. */
  @JsonProperty("ejected")
  EJECTED
}
