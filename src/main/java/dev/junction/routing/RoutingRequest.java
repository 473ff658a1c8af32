package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * What routing may read of a request.
 *
 * @param method upper-case method
 * @param path canonical path, after alias resolution, without the query
 * @param payload the JSON payload when known; see {@link Payload}
 * @param head headers, query and authority, for rules that test them
 */
public record RoutingRequest(String method, String path, Payload payload, RequestHead head) {
  /** Methods whose JSON body routing inspects. */
  public static final Set<String> PAYLOAD_METHODS = Set.of("POST", "PUT", "PATCH");

  public RoutingRequest {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(payload, "payload");
    requireNonNull(head, "head");
  }

  /** A request without headers, query or authority. */
  public RoutingRequest(String method, String path, Payload payload) {
    this(method, path, payload, RequestHead.NONE);
  }

  public boolean payloadMethod() {
    return PAYLOAD_METHODS.contains(method);
  }

  public RoutingRequest withPayload(Payload p) {
    return new RoutingRequest(method, path, p, head);
  }
}
