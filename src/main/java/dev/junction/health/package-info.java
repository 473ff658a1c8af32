/**
 * What Junction knows of each backend's health, shared by every event loop: {@link
 * dev.junction.health.BackendStates} (passive outlier ejection from failed attempts, and the
 * active checks' verdicts), {@link dev.junction.health.InFlight} (requests in flight per backend,
 * read by load balancing) and {@link dev.junction.health.HealthChecker} (the optional active
 * checks). Thread-safe; no I/O but the checker's own requests.
 */
@NullMarked
package dev.junction.health;

import org.jspecify.annotations.NullMarked;
