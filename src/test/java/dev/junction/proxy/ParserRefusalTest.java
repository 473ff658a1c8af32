package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.junction.config.BackendConfig;
import dev.junction.config.ListenerConfig;
import dev.junction.config.TlsConfig;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.HostileBackend;
import dev.junction.testing.LogCapture;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.TestCerts;
import dev.junction.testing.VertxExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How requests the HTTP/1.1 decoder refuses are answered on the wire: in the client's HTTP version,
 * at once (not after a head that never comes), never forwarded; and how a failed TLS handshake is
 * logged.
 */
class ParserRefusalTest {
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  private static HostileBackend backend;

  @BeforeAll
  static void start() {
    backend = new HostileBackend((req, out, s) -> {
      out.write(HostileBackend.ok("forwarded"));
      return true;
    });
  }

  @AfterAll
  static void stop() throws Exception {
    backend.close();
  }

  private static ProxyFixture proxy(ListenerConfig listener) {
    BackendConfig b = ProxyFixture.backend("b", backend.uri());
    return new ProxyFixture(VERTX.get(), List.of(b), r -> new RoutingDecision.Forward(List.of(b), "all"), listener);
  }

  @Test
  void aRefusedHttp11RequestIsAnsweredWithAnHttp11StatusLine() throws Exception {
    try (ProxyFixture proxy = proxy(ListenerConfig.defaults()); RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /x HTTP/1.1\r\nHost: j\r\nBad Header: 1\r\n\r\n");

      assertThat(c.readHead().statusLine()).startsWith("HTTP/1.1 400 ");
    }
  }

  @Test
  void aRefusedHttp10RequestIsAnsweredWithAnHttp10StatusLine() throws Exception {
    try (ProxyFixture proxy = proxy(ListenerConfig.defaults()); RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /x HTTP/1.0\r\nBad Header: 1\r\n\r\n");

      assertThat(c.readHead().statusLine()).startsWith("HTTP/1.0 400 ");
    }
  }

  /** Each waits for more bytes that never come unless refused at once: an answer now proves it. */
  @ParameterizedTest
  @ValueSource(strings = {"GET /\r\n", "GET /x HTTP/1.1\rHost: j\r", "GET /x HTTP/1.1\r\nHost: j\rX"})
  void anHttp09RequestOrABareCrIsRefusedAtOnce(String partial) throws Exception {
    int before = backend.requests().size();
    try (ProxyFixture proxy = proxy(ListenerConfig.defaults()); RawHttp c = new RawHttp(proxy.port())) {
      c.send(partial);
      RawHttp.Head head = c.readHead();

      assertThat(head.status()).isEqualTo(400);
      assertThat(head.first("content-type")).isEqualTo("application/problem+json");
      assertThat(backend.requests()).hasSize(before);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"5 junk\r\nhello\r\n0\r\n\r\n", "5 0\r\nhello\r\n0\r\n\r\n"})
  void aChunkSizeFollowedByAnythingButAnExtensionIsRefused(String body) throws Exception {
    int before = backend.requests().size();
    try (ProxyFixture proxy = proxy(ListenerConfig.defaults()); RawHttp c = new RawHttp(proxy.port())) {
      c.send("POST /x HTTP/1.1\r\nHost: j\r\nTransfer-Encoding: chunked\r\n\r\n" + body);
      RawHttp.Head head = c.readHead();

      assertThat(head.status()).isEqualTo(400);
      assertThat(backend.requests()).hasSize(before);
    }
  }

  @Test
  void aFailedTlsHandshakeIsLoggedWithoutAWarningOrAStackTrace(@TempDir Path dir) throws Exception {
    var certs = TestCerts.create(dir, "RSA");
    for (boolean http2 : new boolean[] {false, true}) {
      try (LogCapture logs = new LogCapture();
          ProxyFixture proxy = proxy(new ListenerConfig(new TlsConfig(certs.cert(), certs.key()), http2));
          RawHttp c = new RawHttp(proxy.port())) {
        c.send("GET / HTTP/1.1\r\nHost: j\r\n\r\n");
        c.input().readAllBytes(); // until Junction closes the connection
        // a TLS client that refuses Junction's (self-signed) certificate: the handshake fails on both ends
        assertThatThrownBy(() -> ProxyFixture.CLIENT.send(java.net.http.HttpRequest.newBuilder(proxy.uri("/")).build(),
            java.net.http.HttpResponse.BodyHandlers.discarding())).isInstanceOf(java.io.IOException.class);
        Thread.sleep(200); // the server side of the failed handshake is logged (or not) by now

        assertThat(logs.withThrowable()).as("http2 %s", http2).isEmpty();
        assertThat(logs.atLeast(Level.WARN)).as("http2 %s", http2).isEmpty();
      }
    }
  }
}
