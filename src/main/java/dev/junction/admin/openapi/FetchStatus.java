package dev.junction.admin.openapi;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The outcome of the last fetch of a backend's OpenAPI document. */
public enum FetchStatus {
  /** Not fetched yet. */
  @JsonProperty("pending")
  PENDING,
  /** The last fetch succeeded. */
  @JsonProperty("ok")
  OK,
  /** The last fetch failed; the last good document, if any, is still used. */
  @JsonProperty("failed")
  FAILED
}
