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
import org.jspecify.annotations.Nullable;

/**
 * The observers of one running Junction: metrics and the recent-requests list always, the access
 * log when enabled, tracing when on. Built once at start; the access log and tracing settings are
 * read then (a reload that changes them asks for a restart).
 */
public final class Observability implements AutoCloseable {
  private final Metrics metrics;
  private final RecentRequests recent = new RecentRequests();
  private final @Nullable Tracing tracing;
  private final ExchangeObserver observer;

  /** Without tracing. See {@link Metrics#Metrics} for the other parameters. */
  public Observability(AccessLogConfig accessLog, Supplier<CacheStats> cache, String store, BackendStates states,
      Supplier<List<BackendConfig>> backends) {
    this(accessLog, null, cache, store, states, backends);
  }

  /**
   * With {@code tracing} ({@code null}: none; closed by {@link #close}). See {@link Metrics#Metrics}
   * for the other parameters.
   */
  public Observability(AccessLogConfig accessLog, @Nullable Tracing tracing, Supplier<CacheStats> cache, String store,
      BackendStates states, Supplier<List<BackendConfig>> backends) {
    requireNonNull(accessLog, "accessLog");
    this.metrics = new Metrics(cache, store, states, backends);
    this.tracing = tracing;
    List<ExchangeObserver> all = new ArrayList<>(List.of(metrics, recent));
    if (accessLog.enabled()) {
      all.add(new AccessLog(accessLog.format()));
    }
    if (tracing != null) {
      all.add(tracing);
    }
    this.observer = ExchangeObserver.all(all);
  }

  /** Tracing, {@code null} when off. */
  public @Nullable Tracing tracing() {
    return tracing;
  }

  /** Exports the spans still queued and stops tracing. Blocks (up to 5 s): call off the event loops. */
  @Override
  public void close() {
    if (tracing != null) {
      tracing.close();
    }
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
