package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.BackendConfig;
import dev.junction.config.EjectionConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.Await;
import dev.junction.testing.HostileBackend;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backends that break HTTP/1.1 on purpose, on raw sockets, behind a Junction with one event loop and
 * one connection per backend, so that every request shares the one pooled connection: what a
 * backend does wrong with one answer must never reach another client, and a broken answer never
 * reaches a client looking complete.
 */
class HostileBackendTest {
  private static final ProxyConfig ONE_CONNECTION = new ProxyConfig(Duration.ofSeconds(2), Duration.ofSeconds(5),
      Duration.ofSeconds(30), 1 << 20, 1, 16 * 1024, EjectionConfig.off());
  private static final String SMUGGLED = "HTTP/1.1 200 OK\r\nContent-Length: 8\r\nX-Evil: 1\r\n\r\nSMUGGLED";
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();

  private static final class Seen implements ExchangeObserver {
    final List<CompletedExchange> all = new CopyOnWriteArrayList<>();

    @Override
    public void completed(CompletedExchange e) {
      all.add(e);
    }
  }

  private static ProxyFixture proxyTo(HostileBackend backend, ExchangeObserver observer) {
    BackendConfig b = ProxyFixture.backend("hostile", backend.uri());
    return new ProxyFixture(VERTX.get(), List.of(b), r -> new RoutingDecision.Forward(List.of(b), "all"), ONE_CONNECTION, 1,
        observer);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** The first answer of each shape, followed in the same write by a whole second answer. */
  private static String firstAnswer(String shape) {
    return switch (shape) {
      case "second-answer" -> "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello" + SMUGGLED;
      // the answer to a HEAD has no body: the one it announces and sends is a whole second answer
      case "head" -> "HTTP/1.1 200 OK\r\nContent-Length: " + SMUGGLED.length() + "\r\n\r\n" + SMUGGLED;
      case "no-content" -> "HTTP/1.1 204 No Content\r\nContent-Length: 50\r\n\r\n" + SMUGGLED;
      case "not-modified" -> "HTTP/1.1 304 Not Modified\r\nContent-Length: 50\r\n\r\n" + SMUGGLED;
      default -> throw new IllegalArgumentException(shape);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"second-answer", "no-content", "not-modified", "head"})
  void bytesAfterAnAnswerNeverReachTheClientWaitingForThatConnection(String shape) throws Exception {
    CountDownLatch secondQueued = new CountDownLatch(1);
    try (HostileBackend backend = new HostileBackend((req, out, s) -> {
      if (req.target().equals("/first")) {
        secondQueued.await(10, TimeUnit.SECONDS);
        out.write(bytes(firstAnswer(shape)));
      } else {
        out.write(HostileBackend.ok("clean"));
      }
      return true;
    }); ProxyFixture proxy = proxyTo(backend, ExchangeObserver.NONE);
        RawHttp a = new RawHttp(proxy.port()); RawHttp b = new RawHttp(proxy.port())) {
      a.send((shape.equals("head") ? "HEAD" : "GET") + " /first HTTP/1.1\r\nHost: j\r\n\r\n");
      Await.until("the backend has the first request", () -> backend.requests().size() == 1);
      b.send("GET /second HTTP/1.1\r\nHost: j\r\n\r\n");
      Thread.sleep(200); // the second request now waits for the only connection (the test holds either way)
      secondQueued.countDown();

      RawHttp.Head first = a.readHead();
      RawHttp.Head second = b.readHead();
      String secondBody = new String(b.readBody(second), StandardCharsets.ISO_8859_1);

      assertThat(second.lines()).noneMatch(l -> l.startsWith("X-Evil"));
      assertThat(secondBody).isEqualTo("clean");
      assertThat(first.status()).isIn(200, 204, 304);
      assertThat(backend.connections()).as("the poisoned connection is not reused").isEqualTo(2);
    }
  }

  @Test
  void bytesArrivingOnAnIdleConnectionCloseIt() throws Exception {
    try (HostileBackend backend = new HostileBackend((req, out, s) -> {
      out.write(HostileBackend.ok("clean"));
      if (req.connection() == 1) {
        out.flush();
        Thread.sleep(200); // the answer has ended and the connection is idle in the pool
        out.write(bytes(SMUGGLED));
      }
      return true;
    }); ProxyFixture proxy = proxyTo(backend, ExchangeObserver.NONE)) {
      assertThat(proxy.get("/one").body()).isEqualTo("clean");
      Thread.sleep(400);
      var second = proxy.get("/two");

      assertThat(second.body()).isEqualTo("clean");
      assertThat(second.headers().firstValue("x-evil")).isEmpty();
    }
  }

  /** A chunked answer that breaks after its first chunk, in each way a chunked body can break. */
  @ParameterizedTest
  @ValueSource(strings = {"zz\r\n\r\n", "5\r\nhelloXX\r\n", "0\r\nbad trailer\r\n\r\n", "fffffffffffffffffffff\r\n",
      "5 junk\r\nhello\r\n0\r\n\r\n", "5 0\r\nhello\r\n0\r\n\r\n"})
  void aChunkedAnswerThatBreaksAfterItStartedIsCutNeverCompleted(String rest) throws Exception {
    Seen seen = new Seen();
    try (HostileBackend backend = new HostileBackend((req, out, s) -> {
      out.write(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
      out.flush();
      Thread.sleep(300); // the head and the first chunk reach the client first
      out.write(bytes(rest));
      return true;
    }); ProxyFixture proxy = proxyTo(backend, seen); RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /x HTTP/1.1\r\nHost: j\r\n\r\n");
      RawHttp.Head head = c.readHead();

      assertThat(head.status()).isEqualTo(200);
      assertThatThrownBy(() -> c.readBody(head)).isInstanceOf(IOException.class);
      Await.until("the exchange is reported", () -> seen.all.size() == 1);
      assertThat(seen.all.get(0).ended()).isFalse();
      assertThat(seen.all.get(0).abort()).isEqualTo(CompletedExchange.Abort.BACKEND);
    }
  }

  @Test
  void aChunkedAnswerBrokenInTheReadThatBroughtItsHeadIs502ProblemJson() throws Exception {
    Seen seen = new Seen();
    try (HostileBackend backend = new HostileBackend((req, out, s) -> {
      out.write(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n\r\n"));
      return true;
    }); ProxyFixture proxy = proxyTo(backend, seen)) {
      var r = proxy.get("/x");

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
      assertThat(r.body()).contains("hostile").contains("chunk size").doesNotContain("java.").doesNotContain("Exception");
      Await.until("the exchange is reported", () -> seen.all.size() == 1);
      assertThat(seen.all.get(0).abort()).isEqualTo(CompletedExchange.Abort.BACKEND);
    }
  }

  @Test
  void aConnectionWhoseAnswerBrokeIsNeverUsedForTheNextRequest() throws Exception {
    try (HostileBackend backend = new HostileBackend((req, out, s) -> {
      if (req.target().equals("/broken")) {
        out.write(bytes("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));
        out.flush();
        Thread.sleep(200);
        out.write(bytes("zz\r\n\r\n"));
      } else {
        out.write(HostileBackend.ok("took " + new String(req.body(), StandardCharsets.ISO_8859_1)));
      }
      return true;
    }); ProxyFixture proxy = proxyTo(backend, ExchangeObserver.NONE); RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /broken HTTP/1.1\r\nHost: j\r\n\r\n");
      RawHttp.Head head = c.readHead();
      assertThatThrownBy(() -> c.readBody(head)).isInstanceOf(IOException.class);

      var post = proxy.send("POST", "/transfer", "{\"amount\": 99}");

      assertThat(post.statusCode()).isEqualTo(200);
      assertThat(post.body()).isEqualTo("took {\"amount\": 99}");
      assertThat(backend.requests()).filteredOn(r -> r.target().equals("/transfer"))
          .singleElement().extracting(dev.junction.testing.RawBackend.Request::connection).isEqualTo(2);
    }
  }

  @Test
  void anUnsolicitedSwitchingProtocolsIs502ProblemJsonNotAHang() throws Exception {
    try (HostileBackend backend = new HostileBackend((req, out, s) -> {
      out.write(bytes("HTTP/1.1 101 Switching Protocols\r\nUpgrade: something\r\nConnection: upgrade\r\n\r\nraw bytes"));
      return true;
    }); ProxyFixture proxy = proxyTo(backend, ExchangeObserver.NONE)) {
      var r = proxy.get("/plain");

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.body()).contains("101");
    }
  }

  @Test
  void aMalformedStatusLineIs502ProblemJsonNamingNoJavaType() throws Exception {
    try (HostileBackend backend = new HostileBackend((req, out, s) -> {
      out.write(bytes("HTTP/1.1 200 O\u0001K\r\nContent-Length: 2\r\n\r\nok"));
      return true;
    }); ProxyFixture proxy = proxyTo(backend, ExchangeObserver.NONE)) {
      var r = proxy.get("/x");

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.body()).contains("reason phrase").doesNotContain("java.").doesNotContain("Exception");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Length: 5, 5\r\n", "Content-Length: 5\r\nContent-Length: 5\r\n"})
  void aRepeatedContentLengthReachesTheClientAsOneField(String fields) throws Exception {
    try (HostileBackend backend = new HostileBackend((req, out, s) -> {
      out.write(bytes("HTTP/1.1 200 OK\r\n" + fields + "\r\nhello"));
      return true;
    }); ProxyFixture proxy = proxyTo(backend, ExchangeObserver.NONE); RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /x HTTP/1.1\r\nHost: j\r\n\r\n");
      RawHttp.Head head = c.readHead();

      assertThat(head.all("content-length")).containsExactly("5");
      assertThat(new String(c.readBody(head), StandardCharsets.ISO_8859_1)).isEqualTo("hello");
    }
  }

  @Test
  void anInterimAnswerFloodBeforeTheFinalAnswerIsSkipped() throws Exception {
    try (HostileBackend backend = new HostileBackend((req, out, s) -> {
      for (int i = 0; i < 500; i++) {
        out.write(bytes(i % 2 == 0 ? "HTTP/1.1 100 Continue\r\n\r\n" : "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"));
      }
      out.write(HostileBackend.ok("final"));
      return true;
    }); ProxyFixture proxy = proxyTo(backend, ExchangeObserver.NONE)) {
      var r = proxy.get("/x");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("final");
    }
  }
}
