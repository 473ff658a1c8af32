package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.DiscoveryConfig;
import dev.junction.config.HostPort;
import dev.junction.config.ProxyConfig;
import dev.junction.routing.AsyncRouter;
import dev.junction.routing.RoutingDecision;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The listener uses every event loop it is given, and two listeners never share a port by accident. */
class EventLoopsTest {
  private static ProxyServer start(Vertx vertx, int instances) throws Exception {
    var setup = new ProxyServer.Setup(new HostPort("127.0.0.1", 0), ProxyConfig.defaults(), DiscoveryConfig.defaults(),
        List.of(), AsyncRouter.of(r -> new RoutingDecision.Reject(404, "none", "None", "none")),
        raw -> RequestPaths.Resolution.of(raw, null), Forwarder.Memory.NONE, false, Map.of(), new BackendStates(), instances);
    return ProxyServer.start(vertx, setup).toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void eachListenerInstanceRunsOnItsOwnEventLoopOnOnePort() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    try {
      ProxyServer p = start(vertx, 2);

      assertThat(new HashSet<>(p.instanceThreads())).hasSize(2);
      assertThat(new HashSet<>(p.instancePorts())).hasSize(1);
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void twoListenersOnPortZeroGetTwoPorts() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      ProxyServer a = start(vertx, 2);
      ProxyServer b = start(vertx, 2);

      assertThat(a.port()).isNotEqualTo(b.port());
    } finally {
      vertx.close().await();
    }
  }
}
