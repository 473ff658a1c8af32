package dev.junction.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.Junction;
import dev.junction.testing.Await;
import dev.junction.testing.LogCapture;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A WebSocket tunnel is one request for the metrics: in flight while open, counted once as 1xx when
 * closed, with the bytes it carried each way.
 */
class WebSocketObservedTest {
  private static Vertx vertx;
  private static HttpServer echo;
  private static Junction.Running junction;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    vertx = Vertx.vertx();
    echo = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)
            .setMaxWebSocketFrameSize(4 << 20).setMaxWebSocketMessageSize(4 << 20))
        .webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage).binaryMessageHandler(ws::writeBinaryMessage))
        .requestHandler(req -> req.response().end("plain"))
        .listen().await();
    junction = LiveJunction.start(dir, URI.create("http://127.0.0.1:" + echo.actualPort()), "");
  }

  @AfterAll
  static void stop() {
    junction.close();
    echo.close().await();
    vertx.close().await();
  }

  private static Scrape scrape() throws Exception {
    var r = LiveJunction.get(junction.adminUri().resolve("/metrics"));
    assertThat(r.statusCode()).isEqualTo(200);
    return Scrape.parse(r.body());
  }

  private static double inFlight() {
    try {
      return scrape().value("junction_requests_in_flight", Map.of());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aTunnelIsInFlightWhileOpenAndCountedOnceAs1xxWhenClosed() throws Exception {
    Map<String, String> tunnel = Map.of("route", "r-live", "backend", "live", "method", "GET", "status_class", "1xx");
    double before = scrape().value("junction_requests_total", tunnel);
    CompletableFuture<String> echoed = new CompletableFuture<>();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + junction.port() + "/rule"), new WebSocket.Listener() {
          @Override
          public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            echoed.complete(data.toString());
            return null;
          }
        }).get(10, TimeUnit.SECONDS);
    ws.sendText("hello", true).get(10, TimeUnit.SECONDS);
    assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("hello");

    assertThat(scrape().value("junction_requests_in_flight", Map.of())).isEqualTo(1);

    ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    Await.until("the tunnel is no longer in flight", () -> inFlight() == 0);
    assertThat(scrape().value("junction_requests_total", tunnel) - before).isEqualTo(1);
  }

  @Test
  void aTunnelLogsAndCountsTheBytesItCarriedEachWay() throws Exception {
    Map<String, String> in = Map.of("backend", "live", "direction", "in");
    Map<String, String> out = Map.of("backend", "live", "direction", "out");
    Scrape before = scrape();
    byte[] payload = new byte[1 << 20];
    new Random(25).nextBytes(payload);
    AtomicLong received = new AtomicLong();
    CompletableFuture<Long> echoed = new CompletableFuture<>();
    try (LogCapture log = LogCapture.of(AccessLog.LOGGER)) {
      WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().header("X-Request-Id", "tunnel-1")
          .buildAsync(URI.create("ws://127.0.0.1:" + junction.port() + "/rule"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
              long sum = received.addAndGet(data.remaining());
              if (last) {
                echoed.complete(sum);
              }
              webSocket.request(1);
              return null;
            }
          }).get(10, TimeUnit.SECONDS);
      ws.sendBinary(ByteBuffer.wrap(payload), true).get(20, TimeUnit.SECONDS);
      assertThat(echoed.get(20, TimeUnit.SECONDS)).isEqualTo((long) payload.length);
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
      Await.until("the tunnel is logged", () -> log.messages(AccessLog.LOGGER).stream().anyMatch(l -> l.contains("tunnel-1")));
      String line = log.messages(AccessLog.LOGGER).stream().filter(l -> l.contains("tunnel-1")).findFirst().orElseThrow();
      Scrape after = scrape();

      long bytesIn = field(line, "bytes_in");
      long bytesOut = field(line, "bytes_out");
      // each way: the 1 MiB frame (a header of at most 14 bytes) and a close frame (at most 14 + 4 bytes here)
      assertThat(bytesIn).as(line).isBetween((long) payload.length, payload.length + 64L);
      assertThat(bytesOut).as(line).isBetween((long) payload.length, payload.length + 64L);
      assertThat(line).contains(" status=101 ", " first_byte_ms=- ");
      assertThat(after.type("junction_tunnel_bytes")).isEqualTo("counter");
      assertThat(after.value("junction_tunnel_bytes_total", in) - before.value("junction_tunnel_bytes_total", in))
          .isEqualTo(bytesIn);
      assertThat(after.value("junction_tunnel_bytes_total", out) - before.value("junction_tunnel_bytes_total", out))
          .isEqualTo(bytesOut);
    }
  }

  private static long field(String line, String name) {
    Matcher m = Pattern.compile(" " + name + "=(\\d+) ").matcher(line);
    assertThat(m.find()).as("%s in %s", name, line).isTrue();
    return Long.parseLong(m.group(1));
  }
}
