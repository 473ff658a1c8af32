package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ListenerConfig;
import dev.junction.config.TlsConfig;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.TestCerts;
import dev.junction.testing.VertxExtension;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** TLS through OpenSSL (BoringSSL from netty-tcnative) on the machines Junction ships natives for, with sessions resumed. */
class TlsLibraryTest {
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  @TempDir
  Path dir;

  @Test
  void onLinuxX8664TlsIsOpenSsl() {
    boolean shipped = System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")
        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));

    assertThat(ProxyServer.tlsLibrary()).startsWith(shipped ? "OpenSSL (BoringSSL" : "JDK");
  }

  @Test
  void aClientComingBackResumesItsSessionInsteadOfAFullHandshake() throws Exception {
    TestCerts certs = TestCerts.create(dir, "EC");
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "b");
        ProxyFixture proxy = new ProxyFixture(VERTX.get(), List.of(ProxyFixture.backend("b", backend.uri())),
            r -> new RoutingDecision.Forward(List.of(ProxyFixture.backend("b", backend.uri())), "all"),
            new ListenerConfig(new TlsConfig(certs.cert(), certs.key()), false))) {
      SSLContext client = certs.clientContext();

      byte[] first = sessionOf(client, proxy.port());
      byte[] second = sessionOf(client, proxy.port());

      assertThat(first).isNotEmpty();
      assertThat(second).as("the same session, resumed").isEqualTo(first);
    }
  }

  /** One TLS 1.2 connection carrying one request; the session id it ended with. */
  private static byte[] sessionOf(SSLContext context, int port) throws Exception {
    try (SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", port)) {
      s.setEnabledProtocols(new String[] {"TLSv1.2"});
      s.setSoTimeout(20_000);
      s.startHandshake();
      s.getOutputStream().write("GET /x HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(answer).startsWith("HTTP/1.1 200");
      return s.getSession().getId();
    }
  }
}
