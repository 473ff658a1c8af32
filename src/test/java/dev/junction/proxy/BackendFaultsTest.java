package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.EjectionConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.LogCapture;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backends that misbehave on purpose, on ephemeral ports: each fault gets a clear problem+json or
 * an aborted stream, never a hang and never a response that looks complete when it is not.
 * (Mid-body deaths and slow heads are in {@link StreamingTest}; real TCP resets in {@link ConnectionResetTest}.)
 */
class BackendFaultsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProxyConfig FAST = new ProxyConfig(Duration.ofSeconds(2), Duration.ofMillis(500), Duration.ofSeconds(30),
      1 << 20, 16, 16 * 1024, EjectionConfig.off());
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  private static ProxyFixture proxyTo(BackendConfig b, ProxyConfig config) {
    return new ProxyFixture(vertx, List.of(b), r -> new RoutingDecision.Forward(List.of(b), "all"), config, DiscoveryConfig.defaults());
  }

  @Test
  void aConnectionClosedBeforeTheResponseHeadIs502ProblemJson() throws Exception {
    try (LogCapture logs = new LogCapture();
        TestBackend backend = new TestBackend(vertx, req -> req.connection().close());
        ProxyFixture proxy = proxyTo(ProxyFixture.backend("resets", backend.uri()), FAST)) {
      var r = proxy.get("/x");

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
      assertThat(JSON.readTree(r.body()).get("type").asText()).isEqualTo("urn:junction:problem:backend-failed");
      assertThat(logs.errors()).isEmpty();
    }
  }

  @Test
  void aConnectionClosedRightAfterTheResponseHeadAbortsTheClientResponse() throws Exception {
    try (TestBackend backend = new TestBackend(vertx, req -> {
      var out = req.response().setChunked(true);
      out.writeHead().onComplete(v -> vertx.setTimer(50, t -> req.connection().close()));
    }); ProxyFixture proxy = proxyTo(ProxyFixture.backend("resets", backend.uri()), FAST); RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /x HTTP/1.1\r\nHost: j\r\n\r\n");

      // Either way the client can tell: no head at all, or a head whose body never completes.
      assertThatThrownBy(() -> c.readBody(c.readHead())).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aBackendThatAcceptsAndNeverReadsGets504AtTheResponseDeadline() throws Exception {
    List<Socket> accepted = new CopyOnWriteArrayList<>();
    try (ServerSocket silent = new ServerSocket(0)) {
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept()); // and never read
          }
        } catch (IOException closed) {
          // the test is over
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      BackendConfig b = ProxyFixture.backend("silent", URI.create("http://127.0.0.1:" + silent.getLocalPort()));
      ProxyFixture proxy = proxyTo(b, FAST);
      LogCapture logs = new LogCapture();
      try (Socket client = new Socket("127.0.0.1", proxy.port())) {
        client.setSoTimeout(20_000);
        int size = 16 << 20;
        Thread writer = new Thread(() -> {
          try {
            OutputStream out = client.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: j\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            for (int sent = 0; sent < size; sent += chunk.length) {
              out.write(chunk);
            }
          } catch (IOException expected) {
            // Junction closed the connection: the upload is refused, as it should be
          }
        });
        writer.setDaemon(true);
        writer.start();
        String status = new String(client.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);

        assertThat(status).isEqualTo("HTTP/1.1 504");
        assertThat(logs.errors()).isEmpty();
      } finally {
        // A backend that never reads holds its pooled connection until idle_timeout: release it first.
        for (Socket s : accepted) {
          s.close();
        }
        proxy.close();
        logs.close();
      }
    }
  }

  @Test
  void aFullConnectionPoolAnswers503ProblemJsonAtOnceAndEveryQueuedRequestIsServed() throws Exception {
    fullPool(ProxyConfig.DEFAULT_MAX_WAITING_PER_BACKEND);
  }

  /** {@code max_waiting_per_backend}: the overflow starts past the configured queue. */
  @Test
  void theWaitQueueIsAsLongAsConfigured() throws Exception {
    fullPool(10);
  }

  @Test
  void withNoWaitQueueEveryRequestBeyondThePoolIsAnswered503AtOnce() throws Exception {
    fullPool(0);
  }

  private void fullPool(int waiting) throws Exception {
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    ProxyConfig oneConnection = new ProxyConfig(Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ofSeconds(30),
        1 << 20, 1, 16 * 1024, EjectionConfig.off()).withMaxWaitingPerBackend(waiting);
    // The fixture runs two event loops: each gets one connection (the limit, at least one per loop)
    // and half of the wait queue.
    int connections = 2;
    int clients = waiting + connections + 40;
    try (TestBackend backend = new TestBackend(vertx, held::add);
        ProxyFixture proxy = proxyTo(ProxyFixture.backend("narrow", backend.uri()), oneConnection)) {
      List<RawHttp> sockets = new ArrayList<>();
      try {
        for (int i = 0; i < clients; i++) {
          sockets.add(new RawHttp(proxy.port()).send("GET /n/" + i + " HTTP/1.1\r\nHost: j\r\n\r\n"));
        }
        dev.junction.testing.Await.until("the backend holds one request per pooled connection", () -> held.size() == connections);
        List<Integer> busy = new ArrayList<>();
        // The pool answers the overflow (clients beyond connections + wait queue) at once, while the
        // pooled requests are still held.
        List<RawHttp> all = sockets;
        dev.junction.testing.Await.until("the overflow is answered", () -> all.stream().filter(Sockets::answered).count() >= 40);
        for (int i = 0; i < clients; i++) {
          if (sockets.get(i).input().available() > 0) {
            RawHttp.Head h = sockets.get(i).readHead();
            if (h.status() == 503) {
              assertThat(h.first("content-type")).isEqualTo("application/problem+json");
              assertThat(JSON.readTree(sockets.get(i).readBody(h)).get("type").asText()).isEqualTo("urn:junction:problem:backend-busy");
              busy.add(i);
              sockets.set(i, null);
            }
          }
        }
        assertThat(busy).hasSize(40);
        // Release the backend: every queued request is then served, one connection at a time.
        backend.handler(req -> req.response().end("ok"));
        vertx.runOnContext(v -> held.forEach(r -> r.response().end("ok")));
        // Every request that got a place (on a connection or in the queue) is served by the backend:
        // none is dropped, none turns into a late 503 or 504.
        List<String> notServed = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
          RawHttp s = sockets.get(i);
          if (s != null) {
            RawHttp.Head h = s.readHead();
            String body = new String(s.readBody(h), StandardCharsets.UTF_8);
            if (h.status() != 200 || !body.equals("ok")) {
              notServed.add("/n/" + i + ": " + h.statusLine() + " " + body);
            }
          }
        }
        assertThat(notServed).as("of the %d requests that got a place", clients - busy.size()).isEmpty();
      } finally {
        for (RawHttp s : sockets) {
          if (s != null) {
            s.close();
          }
        }
      }
    }
  }


  /** Whether a response has started arriving on a socket. */
  static final class Sockets {
    static boolean answered(RawHttp s) {
      try {
        return s.input().available() > 0;
      } catch (java.io.IOException e) {
        return true;
      }
    }
  }
}
