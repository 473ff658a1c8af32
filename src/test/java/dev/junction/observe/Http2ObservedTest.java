package dev.junction.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.Junction;
import dev.junction.testing.Await;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 streams are observed like HTTP/1.1 requests: counted once each when they end, with their request id. */
class Http2ObservedTest {
  private static Vertx vertx;
  private static TestBackend live;
  private static Junction.Running junction;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    vertx = Vertx.vertx();
    live = TestBackend.echo(vertx, "live").withoutRecording();
    junction = LiveJunction.start(dir, live.uri(), "listen: {host: 127.0.0.1, port: 0, http2: true}");
  }

  @AfterAll
  static void stop() {
    junction.close();
    live.close();
    vertx.close().await();
  }

  private static double value(String name, Map<String, String> labels) {
    try {
      var r = LiveJunction.get(junction.adminUri().resolve("/metrics"));
      return Scrape.parse(r.body()).value(name, labels);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyH2StreamIsCountedOnceWithItsRequestId() throws Exception {
    Map<String, String> ruleGet = Map.of("route", "r-live", "backend", "live", "method", "GET", "status_class", "2xx");
    double before = value("junction_requests_total", ruleGet);
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> r = h2.send(HttpRequest.newBuilder(junction.uri().resolve("/rule")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(r.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id).hasSize(32));
    }

    Await.until("every stream is over", () -> value("junction_requests_in_flight", Map.of()) == 0);
    assertThat(value("junction_requests_total", ruleGet) - before).isEqualTo(3);
  }

  @Test
  void everyH2StreamWithABodyIsTimedToItsFirstByte() throws Exception {
    Map<String, String> firstByte = Map.of("route", "r-live", "backend", "live");
    Await.until("nothing is in flight", () -> value("junction_requests_in_flight", Map.of()) == 0);
    double before = value("junction_response_first_byte_seconds_count", firstByte);
    HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    for (int i = 0; i < 2; i++) {
      HttpResponse<String> r = h2.send(HttpRequest.newBuilder(junction.uri().resolve("/rule")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(r.body()).isNotEmpty();
    }

    Await.until("every stream is over", () -> value("junction_requests_in_flight", Map.of()) == 0);
    assertThat(value("junction_response_first_byte_seconds_count", firstByte) - before).isEqualTo(2);
  }
}
