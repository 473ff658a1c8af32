/**
 * {@code GET /health}: whether Junction is up, degraded or down, with one check per dependency.
 *
 * <p>Start at {@link dev.junction.admin.health.HealthService}; {@link
 * dev.junction.admin.health.HealthResponses} writes the same body on the data plane.
 */
@NullMarked
package dev.junction.admin.health;

import org.jspecify.annotations.NullMarked;
