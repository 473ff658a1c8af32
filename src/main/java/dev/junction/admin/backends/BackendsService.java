package dev.junction.admin.backends;

import io.vertx.core.Future;
import java.util.List;

/** The backends API's contract. Non-blocking: called on the event loop. */
public interface BackendsService {
  /** Every configured backend, in configuration order. */
  Future<List<BackendInfo>> backends();
}
