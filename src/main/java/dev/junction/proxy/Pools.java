package dev.junction.proxy;

import dev.junction.config.BackendConfig;
import dev.junction.config.ProxyConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One event loop's connection pools, one per backend, so that pool limits and TLS settings are per
 * backend and one slow backend cannot take another's connections.
 *
 * <p>Threading: built, read and {@link #update updated} on its own event loop only (a config reload
 * runs the update there), so the plain map needs no lock.
 */
final class Pools {
  /** The connections of one loop to one backend. */
  interface Pool {
    BackendConfig backend();

    /** The {@code Host} of requests to this backend: its host, and its port when the URL names one. */
    String authority();

    /** Binds a connection (or HTTP/2 stream) to {@code listener} now, later, or tells it none can be had. */
    void acquire(ConnectionListener listener);

    /** {@code listener} gave up while it waited for a connection. */
    void cancel(ConnectionListener listener);

    /** Connections open or being opened. */
    int open();

    /** Open connections with nothing to do. */
    int idle();

    /** Calls waiting for a connection. */
    int waiting();

    /** Closes idle connections and refuses everything from now on; busy ones close as their exchanges end. */
    void close();
  }

  private final Map<String, Pool> pools = new HashMap<>();
  /** Pools replaced by a reload (TLS or protocol changed): exchanges in flight may still use them; closed with the rest. */
  private final List<Pool> retired = new ArrayList<>();
  private final BiFunction<BackendConfig, ProxyConfig, Pool> factory;
  private final ProxyConfig proxy;

  Pools(List<BackendConfig> backends, ProxyConfig proxy, BiFunction<BackendConfig, ProxyConfig, Pool> factory) {
    this.proxy = proxy;
    this.factory = factory;
    update(backends);
  }

  /**
   * Adds a pool for each backend in {@code backends} that has none, or whose address, TLS setting or
   * protocol changed (the old pool is retired). Pools of backends no longer listed are kept: an
   * exchange routed on the previous config may still try them. Call on this loop.
   */
  void update(List<BackendConfig> backends) {
    for (BackendConfig b : backends) {
      Pool was = pools.get(b.name());
      if (was != null && was.backend().url().equals(b.url()) && was.backend().protocol() == b.protocol()) {
        continue;
      }
      if (was != null) {
        retired.add(was);
      }
      pools.put(b.name(), factory.apply(b, proxy));
    }
  }

  Pool get(BackendConfig backend) {
    Pool p = pools.get(backend.name());
    if (p == null) {
      throw new IllegalStateException("backend: '" + backend.name() + "' has no pool (expected: a configured backend)");
    }
    return p;
  }

  /** Every current pool, by backend name. */
  Map<String, Pool> all() {
    return pools;
  }

  void close() {
    pools.values().forEach(Pool::close);
    retired.forEach(Pool::close);
  }
}
