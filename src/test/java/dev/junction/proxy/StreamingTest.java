package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Responses stream through as the backend sends them, and a broken stream never looks complete. */
class StreamingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();


  private static ProxyFixture proxyTo(BackendConfig b, ProxyConfig config) {
    return new ProxyFixture(VERTX.get(), List.of(b), r -> new RoutingDecision.Forward(List.of(b), "all"), config, DiscoveryConfig.defaults());
  }

  @Test
  void serverSentEventsArriveOneByOneBeforeTheStreamEnds() throws Exception {
    // The backend sends the next event only after the client has seen the previous one: a proxy
    // that buffers would deadlock here and the test would fail on its timeout.
    List<CompletableFuture<Void>> seen = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seen.add(new CompletableFuture<>());
    }
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> {
      HttpServerResponse out = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
      sendEvent(out, seen, 0);
    }); ProxyFixture proxy = proxyTo(ProxyFixture.backend("sse", backend.uri()), ProxyConfig.defaults())) {
      HttpResponse<InputStream> r = ProxyFixture.CLIENT.send(HttpRequest.newBuilder(proxy.uri("/events")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      List<String> events = new ArrayList<>();
      try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (line.startsWith("data: ")) {
            events.add(line.substring(6));
            seen.get(events.size() - 1).complete(null);
          }
        }
      }
      assertThat(events).containsExactly("event-0", "event-1", "event-2");
    }
  }

  @Test
  void theHeadOfASmallFixedLengthAnswerArrivesBeforeItsBodyIsSent() throws Exception {
    // The backend sends its 5-byte body only after the client has read the head: a proxy that kept
    // the head back for the body (the encoder merges the two when they come together) would
    // deadlock here and fail on the timeout.
    CompletableFuture<Void> headSeen = new CompletableFuture<>();
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> {
      HttpServerResponse out = req.response().putHeader("Content-Length", "5");
      out.writeHead().onSuccess(v -> headSeen.thenRun(() -> req.response().end("hello")));
    }); ProxyFixture proxy = proxyTo(ProxyFixture.backend("slow-body", backend.uri()), ProxyConfig.defaults());
        RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /x HTTP/1.1\r\nHost: j\r\n\r\n");
      RawHttp.Head head = c.readHead();
      headSeen.complete(null);

      assertThat(head.status()).isEqualTo(200);
      assertThat(head.first("content-length")).isEqualTo("5");
      assertThat(new String(c.readBody(head), StandardCharsets.ISO_8859_1)).isEqualTo("hello");
    }
  }

  private static void sendEvent(HttpServerResponse out, List<CompletableFuture<Void>> seen, int i) {
    out.write("data: event-" + i + "\n\n");
    if (i == seen.size() - 1) {
      out.end();
      return;
    }
    seen.get(i).orTimeout(20, TimeUnit.SECONDS).whenComplete((v, e) -> {
      if (e != null) {
        out.reset();
      } else {
        VERTX.get().runOnContext(x -> sendEvent(out, seen, i + 1));
      }
    });
  }

  @Test
  void aResponseMuchLargerThanTheHeapStreamsThrough() throws Exception {
    long total = 1L << 30; // 1 GiB through a test JVM limited to 256 MiB of heap
    Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> {
      HttpServerResponse out = req.response().putHeader("Content-Length", Long.toString(total));
      writeUntil(out, chunk, total, 0);
    }); ProxyFixture proxy = proxyTo(ProxyFixture.backend("big", backend.uri()), ProxyConfig.defaults())) {
      HttpResponse<InputStream> r = ProxyFixture.CLIENT.send(HttpRequest.newBuilder(proxy.uri("/big")).build(),
          HttpResponse.BodyHandlers.ofInputStream());
      long received = 0;
      byte[] buf = new byte[256 * 1024];
      try (InputStream in = r.body()) {
        int n;
        while ((n = in.read(buf)) > 0) {
          received += n;
        }
      }
      assertThat(received).isEqualTo(total);
    }
  }

  private static void writeUntil(HttpServerResponse out, Buffer chunk, long total, long sent) {
    long s = sent;
    while (s < total && !out.writeQueueFull()) {
      out.write(chunk);
      s += chunk.length();
    }
    if (s >= total) {
      out.end();
      return;
    }
    long next = s;
    out.drainHandler(v -> writeUntil(out, chunk, total, next));
  }

  @Test
  void aBackendDyingMidResponseAbortsTheClientResponseWithAFixedLength() throws Exception {
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> {
      HttpServerResponse out = req.response().putHeader("Content-Length", "100000");
      out.write(Buffer.buffer(new byte[1000])).onComplete(v -> VERTX.get().setTimer(50, t -> req.connection().close()));
    }); ProxyFixture proxy = proxyTo(ProxyFixture.backend("dies", backend.uri()), ProxyConfig.defaults())) {
      assertThatThrownBy(() -> ProxyFixture.CLIENT.send(HttpRequest.newBuilder(proxy.uri("/x")).build(),
          HttpResponse.BodyHandlers.ofByteArray())).isInstanceOf(IOException.class);
    }
  }

  @Test
  void aBackendDyingMidChunkedResponseNeverSendsTheLastChunk() throws Exception {
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> {
      HttpServerResponse out = req.response().setChunked(true);
      out.write("partial").onComplete(v -> VERTX.get().setTimer(50, t -> req.connection().close()));
    }); ProxyFixture proxy = proxyTo(ProxyFixture.backend("dies", backend.uri()), ProxyConfig.defaults());
        RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /x HTTP/1.1\r\nHost: j\r\n\r\n");
      RawHttp.Head head = c.readHead();
      assertThat(head.first("transfer-encoding")).isEqualTo("chunked");
      assertThatThrownBy(() -> c.readBody(head)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void anUnreachableBackendIs502ProblemJsonNamingIt() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    BackendConfig dead = ProxyFixture.backend("dead", URI.create("http://127.0.0.1:" + closedPort));
    try (ProxyFixture proxy = proxyTo(dead, ProxyConfig.defaults())) {
      HttpResponse<String> r = proxy.get("/x");

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
      JsonNode p = JSON.readTree(r.body());
      assertThat(p.get("type").asText()).isEqualTo("urn:junction:problem:backend-unreachable");
      assertThat(p.get("detail").asText()).contains("dead", "127.0.0.1:" + closedPort);
      assertThat(r.body()).doesNotContain("at io.", "Exception", "finishConnect");
    }
  }

  @Test
  void aBackendSlowerThanTheResponseTimeoutIs504ProblemJson() throws Exception {
    ProxyConfig fast = VertxExtension.shortTimeouts();
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> VERTX.get().setTimer(5_000, t -> req.response().end("late")));
        ProxyFixture proxy = proxyTo(ProxyFixture.backend("slow", backend.uri()), fast)) {
      HttpResponse<String> r = proxy.get("/slow");

      assertThat(r.statusCode()).isEqualTo(504);
      JsonNode p = JSON.readTree(r.body());
      assertThat(p.get("type").asText()).isEqualTo("urn:junction:problem:backend-timeout");
      assertThat(p.get("detail").asText()).contains("slow");
    }
  }

  @Test
  void aSlowStreamIsNotCutByAnyTotalTimeout() throws Exception {
    // Bytes keep flowing for longer than the response timeout: the stream must complete.
    ProxyConfig fast = new ProxyConfig(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofSeconds(5), 1 << 20, 16, 16 * 1024);
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> {
      HttpServerResponse out = req.response().setChunked(true);
      long[] n = {0};
      VERTX.get().setPeriodic(100, id -> {
        out.write("tick\n");
        if (++n[0] == 10) {
          VERTX.get().cancelTimer(id);
          out.end();
        }
      });
    }); ProxyFixture proxy = proxyTo(ProxyFixture.backend("ticker", backend.uri()), fast)) {
      HttpResponse<String> r = proxy.get("/ticks");

      assertThat(r.body().lines().count()).isEqualTo(10);
    }
  }
}
