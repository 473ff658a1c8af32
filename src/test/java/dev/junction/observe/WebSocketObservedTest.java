package dev.junction.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.Junction;
import dev.junction.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A WebSocket tunnel is one request for the metrics: in flight while open, counted once as 1xx when closed. */
class WebSocketObservedTest {
  private static Vertx vertx;
  private static HttpServer echo;
  private static Junction.Running junction;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    vertx = Vertx.vertx();
    echo = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage))
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
}
