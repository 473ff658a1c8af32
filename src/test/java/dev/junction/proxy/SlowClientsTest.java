package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.ClientTimeouts;
import dev.junction.config.ListenerConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.config.TlsConfig;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.Await;
import dev.junction.testing.HostileBackend;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawH2;
import dev.junction.testing.RawHttp;
import dev.junction.testing.RecordingBackend;
import dev.junction.testing.ResettingBackend;
import dev.junction.testing.TestCerts;
import dev.junction.testing.VertxExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that are slow or silent on purpose (slow loris, idle connections, stalled bodies) cannot
 * hold a connection for ever: {@code request_head_timeout}, {@code request_body_timeout} and {@code
 * client_idle_timeout}, short here (400 ms; 2 s for a head over HTTP/2, which includes its set-up),
 * end them with 408 problem+json or a quiet close. A body that is slow only because the backend is
 * slow is not cut. Outcomes only: each socket waits far
 * longer than the timeouts before a test gives up.
 */
class SlowClientsTest {
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  private static final Duration SHORT = Duration.ofMillis(400);
  private static final ClientTimeouts ALL_SHORT = new ClientTimeouts(SHORT, SHORT, SHORT);
  /** A head timeout long enough for a TLS handshake and HTTP/2 set-up in a JVM that never did one yet. */
  private static final ClientTimeouts H2 = new ClientTimeouts(Duration.ofSeconds(2), SHORT, SHORT);
  /** How long a socket waits for the proxy to act: well past the timeouts. */
  private static final int PATIENCE_MS = 5_000;
  @TempDir
  static Path dir;

  private static ProxyFixture proxy(URI backend, ListenerConfig listener, ClientTimeouts timeouts) {
    BackendConfig b = ProxyFixture.backend("b", backend);
    ProxyConfig proxy = ProxyConfig.defaults().withClient(timeouts);
    return new ProxyFixture(VERTX.get(), List.of(b), r -> new RoutingDecision.Forward(List.of(b), "all"), proxy, listener, 1);
  }

  private static ProxyFixture proxy(URI backend) {
    return proxy(backend, ListenerConfig.defaults(), ALL_SHORT);
  }

  private static ProxyFixture h2c(URI backend) {
    return proxy(backend, new ListenerConfig(null, true), H2);
  }

  /** The proxy's answer is a 408 problem that closes the connection, and nothing follows it. */
  private static void assert408ThenClosed(RawHttp c) throws IOException {
    RawHttp.Head head = c.readHead();
    String body = new String(c.readBody(head), StandardCharsets.UTF_8);

    assertThat(head.status()).isEqualTo(408);
    assertThat(head.first("content-type")).isEqualTo(ProblemAnswers.CONTENT_TYPE);
    assertThat(head.first("connection")).isEqualTo("close");
    assertThat(body).contains("\"type\":\"urn:junction:problem:request-timeout\"");
    assertThat(readUntilClosed(c)).isEmpty();
  }

  /**
   * A backend whose every answer is an endless chunked body: only Junction letting go of the
   * connection ends it, and then {@code cut} turns true.
   */
  private static HostileBackend endless(java.util.concurrent.atomic.AtomicBoolean cut) {
    byte[] chunk = ("10000\r\n" + "x".repeat(0x10000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    return new HostileBackend((req, out, s) -> {
      out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      try {
        while (true) {
          out.write(chunk);
        }
      } catch (IOException gone) {
        cut.set(true);
        return false;
      }
    });
  }

  /** Everything the proxy writes until it closes the connection. */
  private static String readUntilClosed(RawHttp c) throws IOException {
    return new String(c.input().readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aHeadSentOneByteAtATimeGets408ProblemJsonAndTheConnectionCloses() throws Exception {
    try (RecordingBackend backend = RecordingBackend.fast(); ProxyFixture proxy = proxy(backend.uri());
        RawHttp c = new RawHttp(proxy.port())) {
      c.socket().setSoTimeout(PATIENCE_MS);
      Thread loris = daemon(() -> trickle(c.socket(), "GET /x HTTP/1.1\r\nHost: j\r\nX-Slow: " + "a".repeat(200)));

      assert408ThenClosed(c);
      loris.interrupt();
      assertThat(backend.requestLines()).isEmpty();
    }
  }

  private static Thread daemon(Runnable r) {
    Thread t = new Thread(r, "slow-client");
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** Writes {@code text} a byte every 50 ms, until it is all sent or the connection is gone. */
  private static void trickle(Socket s, String text) {
    try {
      OutputStream out = s.getOutputStream();
      for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
        out.write(b);
        out.flush();
        Thread.sleep(50);
      }
    } catch (IOException | InterruptedException gone) {
      // the proxy closed the connection, or the test is over
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosedWithoutAnAnswer() throws Exception {
    try (RecordingBackend backend = RecordingBackend.fast(); ProxyFixture proxy = proxy(backend.uri());
        RawHttp c = new RawHttp(proxy.port())) {
      c.socket().setSoTimeout(PATIENCE_MS);

      assertThat(readUntilClosed(c)).isEmpty();
    }
  }

  @Test
  void aKeepAliveConnectionLeftIdleAfterItsAnswerIsClosedWithoutAnotherWord() throws Exception {
    try (RecordingBackend backend = RecordingBackend.fast(); ProxyFixture proxy = proxy(backend.uri());
        RawHttp c = new RawHttp(proxy.port())) {
      c.socket().setSoTimeout(PATIENCE_MS);
      c.send("GET /x HTTP/1.1\r\nHost: j\r\n\r\n");
      RawHttp.Head head = c.readHead();
      assertThat(head.status()).isEqualTo(200);
      assertThat(head.first("connection")).isNull();
      assertThat(c.readBody(head)).asString(StandardCharsets.US_ASCII).isEqualTo("ok");

      assertThat(readUntilClosed(c)).isEmpty();
    }
  }

  @Test
  void aHeadThatStopsMidLineGets408() throws Exception {
    try (RecordingBackend backend = RecordingBackend.fast(); ProxyFixture proxy = proxy(backend.uri());
        RawHttp c = new RawHttp(proxy.port())) {
      c.socket().setSoTimeout(PATIENCE_MS);
      c.send("GET /x HTTP/1.1\r\nHost: j\r\nX-Half: a");

      assert408ThenClosed(c);
      assertThat(backend.requestLines()).isEmpty();
    }
  }

  @Test
  void aClientThatTakesNoneOfItsAnswerIsCutOffAndTheBackendConnectionWithIt() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean backendCut = new java.util.concurrent.atomic.AtomicBoolean();
    try (HostileBackend backend = endless(backendCut); ProxyFixture proxy = proxy(backend.uri()); RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /endless HTTP/1.1\r\nHost: j\r\n\r\n"); // and never read a byte of the answer

      Await.until("Junction lets go of the backend connection", backendCut::get);
    }
  }

  @Test
  void anHttp2ClientThatTakesNoneOfItsAnswerIsCutOffAndTheBackendConnectionWithIt() throws Exception {
    java.util.concurrent.atomic.AtomicBoolean backendCut = new java.util.concurrent.atomic.AtomicBoolean();
    try (HostileBackend backend = endless(backendCut); ProxyFixture proxy = h2c(backend.uri()); RawH2 h2 = new RawH2(proxy.port())) {
      h2.handshake().headers(1, "GET", "/endless", true); // then no WINDOW_UPDATE, and no read

      Await.until("Junction lets go of the backend connection", backendCut::get);
    }
  }

  @Test
  void aClientThatReadsItsAnswerSlowlyButSteadilyIsNotCut() throws Exception {
    int size = 1 << 20;
    try (HostileBackend backend = new HostileBackend((req, out, s) -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[size]);
      return true;
    }); ProxyFixture proxy = proxy(backend.uri()); java.net.Socket c = new java.net.Socket()) {
      c.setReceiveBufferSize(8192); // so that the client's pace, not the kernel's buffers, paces the answer
      c.connect(new java.net.InetSocketAddress("127.0.0.1", proxy.port()));
      c.setSoTimeout(PATIENCE_MS);
      c.getOutputStream().write("GET /big HTTP/1.1\r\nHost: j\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      java.io.InputStream in = c.getInputStream();
      byte[] buf = new byte[32 * 1024];
      long read = 0;
      long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
      int n;
      // a read every 20 ms: far slower than the machine, each pause well under client_idle_timeout
      // the head comes first, so the whole answer is more than size bytes: read until past it (or a cut)
      while (read <= size && System.nanoTime() < deadline && (n = in.read(buf)) > 0) {
        read += n;
        Thread.sleep(20);
      }

      assertThat(read).as("bytes of the head and body read before the end or a cut").isGreaterThan(size);
    }
  }

  @Test
  void aStalledBodyGets408AndTheBackendNeverSeesItComplete() throws Exception {
    try (RecordingBackend backend = RecordingBackend.fast(); ProxyFixture proxy = proxy(backend.uri());
        RawHttp c = new RawHttp(proxy.port())) {
      c.socket().setSoTimeout(PATIENCE_MS);
      c.send("POST /upload HTTP/1.1\r\nHost: j\r\nContent-Length: 10\r\n\r\nabcde");

      assert408ThenClosed(c);
      assertThat(proxy.get("/sentinel").statusCode()).isEqualTo(200);
      Await.until(Duration.ofSeconds(10), "the sentinel reached the backend",
          () -> backend.completeBodies().contains("GET /sentinel HTTP/1.1"));
      assertThat(backend.completeBodies()).doesNotContain("POST /upload HTTP/1.1");
    }
  }

  @Test
  void aBodyThatStallsAfterTheAnswerStartedEndsTheConnectionWithoutCompletingTheAnswer() throws Exception {
    // the backend answers the head at once with a chunked body it never ends
    try (ResettingBackend backend = new ResettingBackend(out -> {
          out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
          Thread.sleep(30_000);
        });
        ProxyFixture proxy = proxy(backend.uri());
        RawHttp c = new RawHttp(proxy.port())) {
      c.socket().setSoTimeout(PATIENCE_MS);
      c.send("POST /upload HTTP/1.1\r\nHost: j\r\nContent-Length: 10\r\n\r\nabcde");

      String answer = readUntilClosed(c);

      assertThat(answer).startsWith("HTTP/1.1 200 ").contains("hello").doesNotContain("\r\n0\r\n\r\n");
    }
  }

  @Test
  void aBodySlowOnlyBecauseTheBackendReadsSlowlyIsNotCut() throws Exception {
    // The backend reads nothing for three body timeouts after the head: Junction stops reading
    // the client meanwhile (backpressure), and that time is not the client's.
    Duration bodyTimeout = Duration.ofSeconds(1);
    byte[] body = new byte[16 << 20];
    Arrays.fill(body, (byte) 'x');
    try (RecordingBackend backend = RecordingBackend.stallingAfterEachHead(bodyTimeout.multipliedBy(3));
        ProxyFixture proxy = proxy(backend.uri(), ListenerConfig.defaults(), new ClientTimeouts(SHORT, bodyTimeout, SHORT));
        RawHttp c = new RawHttp(proxy.port())) {
      Thread writer = daemon(() -> {
        try {
          c.send(("POST /upload HTTP/1.1\r\nHost: j\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
          c.send(body);
        } catch (IOException e) {
          // the answer below says what happened
        }
      });

      RawHttp.Head head = c.readHead();
      writer.join(PATIENCE_MS * 4L);

      assertThat(head.status()).isEqualTo(200);
      assertThat(backend.completeBodies()).contains("POST /upload HTTP/1.1");
    }
  }

  @Test
  void anH2cConnectionThatNeverFinishesThePrefaceIsClosed() throws Exception {
    try (RecordingBackend backend = RecordingBackend.fast(); ProxyFixture proxy = h2c(backend.uri());
        RawHttp c = new RawHttp(proxy.port())) {
      c.socket().setSoTimeout(PATIENCE_MS);
      c.send("PRI * HTTP/2.0\r\n");

      readUntilClosed(c); // whatever it says, it closes

      assertThat(backend.requestLines()).isEmpty();
    }
  }

  @Test
  void aTlsConnectionThatNeverSendsTheHttp2PrefaceIsClosed() throws Exception {
    TestCerts certs = TestCerts.create(dir, "RSA");
    try (RecordingBackend backend = RecordingBackend.fast();
        ProxyFixture proxy = proxy(backend.uri(), new ListenerConfig(new TlsConfig(certs.cert(), certs.key()), true), H2);
        SSLSocket s = (SSLSocket) certs.clientContext().getSocketFactory().createSocket("localhost", proxy.port())) {
      SSLParameters params = s.getSSLParameters();
      params.setApplicationProtocols(new String[] {"h2"});
      s.setSSLParameters(params);
      s.setSoTimeout(PATIENCE_MS);
      s.startHandshake();
      assertThat(s.getApplicationProtocol()).isEqualTo("h2");

      s.getInputStream().readAllBytes(); // the server's SETTINGS, perhaps a GOAWAY, then the close
    }
  }

  @Test
  void anHttp2ConnectionThatNeverSendsARequestIsClosed() throws Exception {
    try (RecordingBackend backend = RecordingBackend.fast(); ProxyFixture proxy = h2c(backend.uri());
        RawH2 h2 = new RawH2(proxy.port())) {
      h2.socket().setSoTimeout(PATIENCE_MS);
      h2.handshake();

      h2.readUntilClosed();
    }
  }

  @Test
  void anHttp2ConnectionWithNoOpenStreamGetsGoawayThenIsClosed() throws Exception {
    try (RecordingBackend backend = RecordingBackend.fast(); ProxyFixture proxy = h2c(backend.uri());
        RawH2 h2 = new RawH2(proxy.port())) {
      h2.socket().setSoTimeout(PATIENCE_MS);
      h2.handshake().headers(1, "GET", "/x", true);

      List<RawH2.Frame> frames = h2.readUntilClosed();

      assertThat(frames).extracting(RawH2.Frame::type).contains(RawH2.HEADERS).endsWith(RawH2.GOAWAY);
      assertThat(backend.completeBodies()).containsExactly("GET /x HTTP/1.1");
    }
  }

  @Test
  void anHttp2StreamWhoseBodyStallsGets408ThenIsReset() throws Exception {
    try (RecordingBackend backend = RecordingBackend.fast(); ProxyFixture proxy = h2c(backend.uri());
        RawH2 h2 = new RawH2(proxy.port())) {
      h2.socket().setSoTimeout(PATIENCE_MS);
      h2.handshake().headers(1, "POST", "/upload", false).data(1, "abcde", false);

      RawH2.Frame f;
      StringBuilder data = new StringBuilder();
      while ((f = h2.read()).type() != RawH2.RST_STREAM) {
        if (f.type() == RawH2.DATA && f.stream() == 1) {
          data.append(f.text());
        }
      }

      assertThat(f.stream()).isEqualTo(1);
      assertThat(data.toString()).contains("\"status\":408").contains("urn:junction:problem:request-timeout");
      assertThat(backend.completeBodies()).isEmpty();
    }
  }
}
