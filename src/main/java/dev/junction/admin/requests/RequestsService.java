package dev.junction.admin.requests;

import io.vertx.core.Future;

/** The requests API's contract. Non-blocking: called on the event loop. */
public interface RequestsService {
  /** At most {@code limit} (1 to 200) of the latest data-plane requests, newest first. */
  Future<RecentRequests> recent(int limit);
}
