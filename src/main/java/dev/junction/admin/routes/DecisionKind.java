package dev.junction.admin.routes;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Which part of Junction decided, in an {@link Explanation}. */
public enum DecisionKind {
  /** An explicit rule matched. */
  @JsonProperty("rule")
  RULE,
  /** A backend's live model list names the request's model (the catalog stage). */
  @JsonProperty("catalog")
  CATALOG,
  /** A remembered discovery decision applies. */
  @JsonProperty("cache")
  CACHE,
  /** No rule and no cache entry: candidates would be tried in order. */
  @JsonProperty("discovery")
  DISCOVERY,
  /** Junction would answer the client itself with an error. */
  @JsonProperty("reject")
  REJECT,
  /** The outcome depends on a payload the request did not include. */
  @JsonProperty("need-payload")
  NEED_PAYLOAD,
  /** The path is one of Junction's own endpoints (health, merged OpenAPI document, model list): never routed. */
  @JsonProperty("local")
  LOCAL
}
