package dev.junction.admin.endpoints;

import io.vertx.core.Future;
import java.util.List;

/** The endpoints API's contract. Non-blocking: called on the event loop. */
public interface EndpointsService {
  /** Every primary path, admin and proxied, with its aliases, sorted by path. */
  Future<List<EndpointInfo>> endpoints();
}
