package dev.junction.admin.health;

import io.vertx.core.Future;

/** The health API's contract. Non-blocking: called on the event loop. */
public interface HealthService {
  /** The current health: overall status, version, uptime and one check per dependency. */
  Future<HealthReport> health();
}
