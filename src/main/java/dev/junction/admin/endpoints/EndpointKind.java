package dev.junction.admin.endpoints;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Who answers a path. */
public enum EndpointKind {
  /** Junction itself, on the admin listener. */
  @JsonProperty("admin")
  ADMIN,
  /** A backend, through the data plane (a rule's path). */
  @JsonProperty("proxied")
  PROXIED
}
