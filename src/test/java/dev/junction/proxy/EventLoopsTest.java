package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The listener uses every event loop it is given, not just the one that started it. */
class EventLoopsTest {
  @Test
  void connectionsAreSpreadOverEveryEventLoop() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
    Set<String> threads = ConcurrentHashMap.newKeySet();
    try (TestBackend backend = TestBackend.echo(vertx, "a")) {
      BackendConfig a = ProxyFixture.backend("a", backend.uri());
      try (ProxyFixture proxy = new ProxyFixture(vertx, List.of(a), r -> {
        threads.add(Thread.currentThread().getName());
        return new RoutingDecision.Forward(List.of(a), "all");
      }, ProxyConfig.defaults(), DiscoveryConfig.defaults())) {
        for (int i = 0; i < 16; i++) {
          try (RawHttp c = new RawHttp(proxy.port())) {
            c.send("GET /x HTTP/1.1\r\nHost: j\r\n\r\n");
            c.readBody(c.readHead());
          }
        }
      }
    } finally {
      vertx.close().await();
    }
    assertThat(threads).hasSize(2);
  }
}
