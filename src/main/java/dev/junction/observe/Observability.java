package dev.junction.observe;

import static java.util.Objects.requireNonNull;

import dev.junction.cache.CacheStats;
import dev.junction.config.AccessLogConfig;
import dev.junction.config.BackendConfig;
import dev.junction.health.BackendStates;
import dev.junction.proxy.ExchangeObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The observers of one running Junction: metrics and the recent-requests list always, the access
 * log when enabled. Built once at start; the access log setting is read then (a reload that changes
 * it asks for a restart).
 */
public final class Observability {
  private final Metrics metrics;
  private final RecentRequests recent = new RecentRequests();
  private final ExchangeObserver observer;

  /** See {@link Metrics#Metrics} for the parameters. */
  public Observability(AccessLogConfig accessLog, Supplier<CacheStats> cache, String store, BackendStates states,
      Supplier<List<BackendConfig>> backends) {
    requireNonNull(accessLog, "accessLog");
    this.metrics = new Metrics(cache, store, states, backends);
    List<ExchangeObserver> all = new ArrayList<>(List.of(metrics, recent));
    if (accessLog.enabled()) {
      all.add(new AccessLog(accessLog.format()));
    }
    this.observer = ExchangeObserver.all(all);
  }

  /** For the data plane: every observer, in order metrics, recent requests, access log. */
  public ExchangeObserver observer() {
    return observer;
  }

  public Metrics metrics() {
    return metrics;
  }

  public RecentRequests recent() {
    return recent;
  }
}
