package dev.junction.proxy;

import dev.junction.config.BackendConfig;
import dev.junction.config.ProxyConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.HostAndPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event loop's pooled keep-alive HTTP clients, one per backend, so that pool limits and TLS settings are per
 * backend and one slow backend cannot take another's connections.
 *
 * <p>Threading: built, read and {@link #update updated} on its own event loop only (a config reload
 * runs the update on that loop's context), so the plain maps need no lock. {@link #close} may run
 * anywhere once the listener stopped.
 *
 * <p>The connection idle timeout ({@code proxy.idle_timeout}: no byte either way) is set here, on
 * each connection, and applies to the request it carries; requests set no timer of their own.
 */
final class BackendClients {
  private static final Logger LOG = LoggerFactory.getLogger(BackendClients.class);

  /**
   * Requests waiting for a pooled connection, over all event loops, beyond which the pool answers at
   * once (503). Each loop gets its share.
   */
  static final int MAX_WAIT_QUEUE = 1024;

  /** What a backend request needs, worked out once per backend (and reload) instead of once per request. */
  record Target(HttpClientAgent client, String host, int port, boolean tls, BackendConfig.Protocol protocol, String pathPrefix,
      HostAndPort authority) {}

  private final Map<String, Target> targets = new HashMap<>();
  /** Clients replaced by a reload (TLS setting or protocol changed): requests in flight may still use them; closed with the rest. */
  private final List<HttpClientAgent> retired = new ArrayList<>();
  private final Vertx vertx;
  private final ProxyConfig proxy;
  private final int maxConnectionsPerBackend;
  private final int maxWaitQueue;

  BackendClients(Vertx vertx, List<BackendConfig> backends, ProxyConfig proxy, int maxConnectionsPerBackend, int maxWaitQueue) {
    this.vertx = vertx;
    this.proxy = proxy;
    this.maxConnectionsPerBackend = maxConnectionsPerBackend;
    this.maxWaitQueue = maxWaitQueue;
    update(backends);
  }

  /**
   * Adds a client for each backend in {@code backends} that has none (or whose TLS setting changed:
   * the old client is retired). Clients of backends no longer listed are kept, not closed: an
   * exchange routed on the previous config may still try them; all close with {@link #close}.
   * Call on this instance's event loop.
   */
  void update(List<BackendConfig> backends) {
    for (BackendConfig b : backends) {
      Target was = targets.get(b.name());
      HttpClientAgent client;
      if (was != null && was.tls() == b.tls() && was.protocol() == b.protocol()) {
        client = was.client();
      } else {
        if (was != null) {
          retired.add(was.client());
        }
        client = create(b);
      }
      String host = b.url().getHost();
      HostAndPort authority = b.url().getPort() == -1 ? HostAndPort.authority(host) : HostAndPort.authority(host, b.url().getPort());
      targets.put(b.name(), new Target(client, host, b.port(), b.tls(), b.protocol(), b.pathPrefix(), authority));
    }
  }

  private HttpClientAgent create(BackendConfig b) {
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
    Protocols.backend(options, pool, b, maxConnectionsPerBackend);
    // A backend's TCP reset fails the request in flight (reported there); without a connection
    // handler Vert.x would also log it at ERROR, as if Junction were at fault.
    return vertx.httpClientBuilder().with(options).with(pool)
        .withConnectHandler(conn -> conn.exceptionHandler(
            e -> LOG.debug("backend {} connection: {}", b.name(), Forwarder.describe(e))))
        .build();
  }

  Target target(BackendConfig backend) {
    Target t = targets.get(backend.name());
    if (t == null) {
      throw new IllegalStateException("backend: '" + backend.name() + "' has no client (expected: a configured backend)");
    }
    return t;
  }

  Future<Void> close() {
    List<Future<Void>> all = new ArrayList<>();
    targets.values().forEach(t -> all.add(t.client().close()));
    retired.forEach(c -> all.add(c.close()));
    return Future.join(all).mapEmpty();
  }
}
