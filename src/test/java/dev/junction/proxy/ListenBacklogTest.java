package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ListenerConfig;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The data-plane listener's backlog, as the kernel holds it: {@code ss} shows a listening socket's
 * backlog in its Send-Q column.
 */
class ListenBacklogTest {
  private static Vertx vertx;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static int backlogOf(int port) throws IOException, InterruptedException {
    Process ss = new ProcessBuilder("ss", "-ltnH", "sport = :" + port).redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(ss.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(out).as("ss shows one listening socket on %d", port).startsWith("LISTEN").doesNotContain("\n");
    return Integer.parseInt(out.split("\\s+")[2]); // State Recv-Q Send-Q Local Peer
  }

  private static ProxyFixture proxy(TestBackend backend, ListenerConfig listener) {
    var b = ProxyFixture.backend("b", backend.uri());
    return new ProxyFixture(vertx, List.of(b), r -> new RoutingDecision.Forward(List.of(b), "all"), listener);
  }

  @Test
  void aConfiguredBacklogReachesTheSocket() throws Exception {
    try (TestBackend backend = TestBackend.echo(vertx, "b");
        ProxyFixture proxy = proxy(backend, new ListenerConfig(null, false, 333))) {
      assertThat(backlogOf(proxy.port())).isEqualTo(333);
    }
  }

  @Test
  void byDefaultItIsTheSystemsCap() throws Exception {
    int cap = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/net/core/somaxconn")).get(0).trim());
    try (TestBackend backend = TestBackend.echo(vertx, "b");
        ProxyFixture proxy = proxy(backend, ListenerConfig.defaults())) {
      int shown = backlogOf(proxy.port());
      assertThat(shown).as("cap %d, shown %d", cap, shown).isEqualTo(cap);
    }
  }
}
