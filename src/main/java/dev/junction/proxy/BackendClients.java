package dev.junction.proxy;

import dev.junction.config.BackendConfig;
import dev.junction.config.ProxyConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's pooled keep-alive HTTP clients, one per backend, so that pool limits and TLS settings are per
 * backend and one slow backend cannot take another's connections. Thread-safe after construction.
 */
final class BackendClients {
  /**
   * Requests waiting for a pooled connection, over all event loops, beyond which the pool answers at
   * once (503). Each loop gets its share.
   */
  static final int MAX_WAIT_QUEUE = 1024;

  private final Map<String, HttpClientAgent> clients = new HashMap<>();

  BackendClients(Vertx vertx, List<BackendConfig> backends, ProxyConfig proxy, int maxConnectionsPerBackend, int maxWaitQueue) {
    for (BackendConfig b : backends) {
      HttpClientOptions options = new HttpClientOptions()
          .setName("junction-" + b.name())
          .setKeepAlive(true)
          .setPipelining(false)
          .setDecompressionSupported(false)
          .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, proxy.connectTimeout().toMillis()))
          .setIdleTimeout((int) Math.min(Integer.MAX_VALUE, proxy.idleTimeout().toMillis()))
          .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
          .setMaxHeaderSize(Math.max(proxy.maxHeaderSize(), 8192) * 4)
          .setSsl(b.tls())
          .setVerifyHost(true)
          .setTrustAll(false);
      PoolOptions pool = new PoolOptions()
          .setHttp1MaxSize(maxConnectionsPerBackend)
          .setMaxWaitQueueSize(maxWaitQueue);
      clients.put(b.name(), vertx.createHttpClient(options, pool));
    }
  }

  HttpClientAgent get(BackendConfig backend) {
    HttpClientAgent c = clients.get(backend.name());
    if (c == null) {
      throw new IllegalStateException("backend: '" + backend.name() + "' has no client (expected: a configured backend)");
    }
    return c;
  }

  Future<Void> close() {
    List<Future<Void>> all = new ArrayList<>();
    clients.values().forEach(c -> all.add(c.close()));
    return Future.join(all).mapEmpty();
  }
}
