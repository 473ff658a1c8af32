package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.netty.channel.uring.IoUring;
import io.vertx.core.transport.Transport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every transport Junction offers proxies a request, or refuses to start with the reason when the machine lacks it. */
class NetTransportTest {
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();

  /** A config with one backend, {@code backend}, and one route to it, {@code path}. */
  private static JunctionConfig oneRoute(TestBackend backend, String path) {
    return ConfigLoader.load("""
        junction:
          admin: {enabled: false}
          backends: {api: "%s"}
          routes:
            - {id: all, path: %s, backend: api}
        """.formatted(backend.uri(), path), null);
  }

  private static String proxiedThrough(NetTransport transport) throws Exception {
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "api")) {
      JunctionConfig config = oneRoute(backend, "/items");
      try (Junction.Running j = Junction.builder().config(config).listen("127.0.0.1", 0).transport(transport).build().start()) {
        HttpResponse<String> r = ProxyFixture.CLIENT.send(HttpRequest.newBuilder(j.uri().resolve("/items"))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = NetTransport.class, names = {"AUTO", "NIO"})
  void autoAndNioAlwaysServe(NetTransport transport) throws Exception {
    assertThat(proxiedThrough(transport)).startsWith("200 ").contains("\"backend\":\"api\"");
  }

  @Test
  void epollServesWhereTheKernelHasIt() throws Exception {
    if (Transport.EPOLL.available()) {
      assertThat(proxiedThrough(NetTransport.EPOLL)).startsWith("200 ");
    } else {
      assertThatThrownBy(() -> proxiedThrough(NetTransport.EPOLL)).hasMessageContaining("transport epoll is not available");
    }
  }

  @Test
  void ioUringServesWhereTheKernelAllowsItAndIsRefusedWithTheReasonElsewhere() throws Exception {
    if (Transport.IO_URING.available()) {
      assertThat(proxiedThrough(NetTransport.IO_URING)).startsWith("200 ");
    } else {
      assertThatThrownBy(() -> proxiedThrough(NetTransport.IO_URING)).hasMessageContaining("transport io_uring is not available");
    }
  }

  @Test
  void onIoUringEveryByteCrossesTheReceiveRingIntactWhenBurstsExhaustIt() throws Exception {
    assumeTrue(Transport.IO_URING.available(), "io_uring is not available here");
    boolean ringable = IoUring.isRegisterBufferRingSupported() && IoUring.isRecvMultishotEnabled();
    // An echo backend: what reaches it has crossed the ring once (client side), what comes back twice.
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> req.body().onSuccess(b -> req.response().end(b)))) {
      JunctionConfig config = oneRoute(backend, "/echo");
      try (Junction.Running j = Junction.builder().config(config).listen("127.0.0.1", 0).transport(NetTransport.IO_URING)
          .eventLoops(1).build().start()) {
        assertThat(j.receiveRing()).isEqualTo(ringable);
        // 32 bodies of 512 KiB at once through one event loop: 16 MiB each way against a ring of 4 MiB.
        List<CompletableFuture<Boolean>> sent = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
          byte[] body = new byte[512 * 1024];
          new Random(i).nextBytes(body);
          sent.add(ProxyFixture.CLIENT.sendAsync(HttpRequest.newBuilder(j.uri().resolve("/echo"))
                  .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
              HttpResponse.BodyHandlers.ofByteArray())
              .thenApply(r -> r.statusCode() == 200 && Arrays.equals(r.body(), body)));
        }
        for (CompletableFuture<Boolean> s : sent) {
          assertThat(s.get(90, TimeUnit.SECONDS)).isTrue();
        }
      }
    }
  }

  @Test
  void autoPrefersIoUringThenEpoll() {
    Transport expected = Transport.IO_URING.available() ? Transport.IO_URING
        : Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;

    assertThat(NetTransport.AUTO.resolve()).isSameAs(expected);
  }

  @Test
  void namesParseInAnyCaseAndUnknownOnesAreRefused() {
    assertThat(NetTransport.parse("IO-URING")).isEqualTo(NetTransport.IO_URING);
    assertThat(NetTransport.parse(" epoll ")).isEqualTo(NetTransport.EPOLL);
    assertThatThrownBy(() -> NetTransport.parse("kqueue")).hasMessage("transport: 'kqueue' (expected: auto, io_uring, epoll or nio)");
  }
}
