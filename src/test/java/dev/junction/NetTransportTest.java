package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.vertx.core.transport.Transport;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every transport Junction offers proxies a request, or refuses to start with the reason when the machine lacks it. */
class NetTransportTest {
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();

  private static String proxiedThrough(NetTransport transport) throws Exception {
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "api")) {
      JunctionConfig config = ConfigLoader.load("""
          junction:
            admin: {enabled: false}
            backends: {api: "%s"}
            routes:
              - {id: all, path: /items, backend: api}
          """.formatted(backend.uri()), null);
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
