/**
 * What operators watch: {@link dev.junction.observe.Metrics} (Prometheus text at {@code GET /metrics}
 * on the admin listener), {@link dev.junction.observe.AccessLog} (one line per request on the
 * {@code junction.access} logger) and {@link dev.junction.observe.RecentRequests} (the last requests,
 * for {@code GET /requests/recent}). Each is a {@link dev.junction.proxy.ExchangeObserver}, called on
 * the data plane's event loops once per request; {@link dev.junction.observe.Observability} assembles
 * them from the configuration.
 */
@NullMarked
package dev.junction.observe;

import org.jspecify.annotations.NullMarked;
