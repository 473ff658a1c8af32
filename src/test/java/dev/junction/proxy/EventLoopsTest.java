package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.DiscoveryConfig;
import dev.junction.config.HostPort;
import dev.junction.config.ProxyConfig;
import dev.junction.health.BackendStates;
import dev.junction.routing.DecisionMemory;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.ProxyFixture;
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
        List.of(), ProxyFixture.pipeline(r -> new RoutingDecision.Reject(404, "none", "None", "none")), DecisionMemory.NONE, false, Map.of(), new BackendStates(), instances);
    return ProxyServer.start(vertx, setup).toCompletionStage().toCompletableFuture().get();
  }

  @Test
  void connectionsAreSpreadOverEveryEventLoopOfTheListener() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    List<java.net.Socket> sockets = new java.util.ArrayList<>();
    try {
      ProxyServer p = start(vertx, 2);
      for (int i = 0; i < 16; i++) {
        sockets.add(new java.net.Socket("127.0.0.1", p.port()));
      }
      dev.junction.testing.Await.until("every connection is accepted",
          () -> p.connectionsPerLoop().values().stream().mapToInt(Integer::intValue).sum() == 16);

      assertThat(new HashSet<>(p.instanceThreads())).hasSize(2);
      assertThat(p.connectionsPerLoop().values()).hasSize(2).allMatch(n -> n > 0);
    } finally {
      for (java.net.Socket s : sockets) {
        s.close();
      }
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
