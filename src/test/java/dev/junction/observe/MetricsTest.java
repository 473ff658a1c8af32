package dev.junction.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.Junction;
import dev.junction.testing.Await;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} on the admin listener of a running Junction, parsed by the reference Prometheus parser. */
class MetricsTest {
  private static Vertx vertx;
  private static TestBackend live;
  private static Junction.Running junction;

  @BeforeAll
  static void start(@TempDir Path dir) throws Exception {
    vertx = Vertx.vertx();
    live = TestBackend.echo(vertx, "live").withoutRecording();
    junction = LiveJunction.start(dir, live.uri(), "");
  }

  @AfterAll
  static void stop() {
    junction.close();
    live.close();
    vertx.close().await();
  }

  /**
   * A scrape once nothing is in flight: the client may read a response before the event loop that
   * wrote it has run the observers, so this waits (bounded) for the last one to be counted.
   */
  private static Scrape scrape() throws Exception {
    long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
    while (true) {
      var r = LiveJunction.get(junction.adminUri().resolve("/metrics"));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
      Scrape s = Scrape.parse(r.body());
      if (s.value("junction_requests_in_flight", Map.of()) == 0 || System.nanoTime() > deadline) {
        return s;
      }
    }
  }

  private static URI data(String path) {
    return junction.uri().resolve(path);
  }

  private static final Map<String, String> RULE_GET_2XX = Map.of("route", "r-live", "backend", "live", "method", "GET",
      "status_class", "2xx");

  @Test
  void requestCountersMoveByExactlyTheRequestsSent() throws Exception {
    Scrape before = scrape();
    for (int i = 0; i < 5; i++) {
      assertThat(LiveJunction.get(data("/rule")).statusCode()).isEqualTo(200);
    }
    Scrape after = scrape();

    assertThat(after.type("junction_requests")).isEqualTo("counter");
    assertThat(after.value("junction_requests_total", RULE_GET_2XX) - before.value("junction_requests_total", RULE_GET_2XX))
        .isEqualTo(5);
  }

  @Test
  void latencyHistogramsCountEveryRequestByRoute() throws Exception {
    Scrape before = scrape();
    for (int i = 0; i < 3; i++) {
      LiveJunction.get(data("/rule"));
    }
    Scrape after = scrape();

    for (String family : new String[] {"junction_response_head_seconds", "junction_request_duration_seconds"}) {
      assertThat(after.type(family)).isEqualTo("histogram");
      Map<String, String> route = Map.of("route", "r-live");
      assertThat(after.value(family + "_count", route) - before.value(family + "_count", route)).isEqualTo(3);
      assertThat(after.value(family + "_bucket", Map.of("route", "r-live", "le", "+Inf")))
          .isEqualTo(after.value(family + "_count", route));
      assertThat(after.matching(family + "_bucket", route)).hasSizeGreaterThan(10);
    }
  }

  @Test
  void aThousandRandomPathsAddNoSeries() throws Exception {
    for (int i = 0; i < 20; i++) {
      LiveJunction.get(data("/warm/" + UUID.randomUUID()));
    }
    int seriesBefore = scrape().samples().size();
    ThreadLocalRandom r = ThreadLocalRandom.current();
    for (int i = 0; i < 1000; i++) {
      LiveJunction.get(data("/" + Long.toHexString(r.nextLong()) + "/" + i + "?q=" + r.nextInt()));
    }
    Scrape after = scrape();

    assertThat(after.samples().size()).isEqualTo(seriesBefore);
    assertThat(after.samples()).noneMatch(s -> Double.isNaN(s.value()));
    assertThat(after.samples()).allSatisfy(s -> assertThat(s.labels().values()).noneMatch(v -> v.startsWith("/")));
    assertThat(after.value("junction_requests_total", Map.of("route", "discovery", "backend", "live", "method", "GET",
        "status_class", "2xx"))).isGreaterThanOrEqualTo(1020);
  }

  @Test
  void anUnknownMethodIsCountedAsOther() throws Exception {
    Map<String, String> other = Map.of("route", "r-live", "backend", "live", "method", "OTHER", "status_class", "2xx");
    Scrape before = scrape();
    LiveJunction.send(HttpRequest.newBuilder(data("/rule")).method("BREW", HttpRequest.BodyPublishers.noBody()));
    Scrape after = scrape();

    assertThat(after.value("junction_requests_total", other) - before.value("junction_requests_total", other)).isEqualTo(1);
    assertThat(after.matching("junction_requests_total", Map.of("method", "BREW"))).isEmpty();
  }

  @Test
  void aDiscoveryIsAMissAndTheNextRequestForThePathAHit() throws Exception {
    Map<String, String> store = Map.of("store", "memory");
    String path = "/cached/" + UUID.randomUUID();
    Scrape before = scrape();
    LiveJunction.get(data(path));
    LiveJunction.get(data(path));
    Scrape after = scrape();

    assertThat(after.value("junction_decision_cache_misses_total", store)
        - before.value("junction_decision_cache_misses_total", store)).isEqualTo(1);
    assertThat(after.value("junction_decision_cache_hits_total", store)
        - before.value("junction_decision_cache_hits_total", store)).isEqualTo(1);
    Map<String, String> cached = Map.of("route", "cache", "backend", "live", "method", "GET", "status_class", "2xx");
    assertThat(after.value("junction_requests_total", cached) - before.value("junction_requests_total", cached)).isEqualTo(1);
    assertThat(after.value("junction_decision_cache_entries", store)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void anEjectedBackendShowsOneAndItsFailures() throws Exception {
    for (int i = 0; i < 3; i++) {
      LiveJunction.get(data("/eject/" + UUID.randomUUID()));
    }
    Scrape after = scrape();

    assertThat(after.value("junction_backend_ejected", Map.of("backend", "dead"))).isEqualTo(1);
    assertThat(after.value("junction_backend_ejected", Map.of("backend", "live"))).isEqualTo(0);
    assertThat(after.value("junction_backend_consecutive_failures", Map.of("backend", "dead"))).isEqualTo(2);
    // Only the two failures that ejected it ever reached it; afterwards discovery passes it by.
    assertThat(after.value("junction_discovery_attempts_total", Map.of("backend", "dead", "outcome", "unreachable")))
        .isEqualTo(2);
    assertThat(after.value("junction_discovery_attempts_total", Map.of("backend", "dead", "outcome", "skipped")))
        .isGreaterThanOrEqualTo(1);
  }

  @Test
  void nothingIsInFlightOnceEveryResponseEnded() throws Exception {
    LiveJunction.get(data("/rule"));
    Scrape after = scrape();

    assertThat(after.type("junction_requests_in_flight")).isEqualTo("gauge");
    assertThat(after.value("junction_requests_in_flight", Map.of())).isEqualTo(0);
    assertThat(after.type("junction_backend_requests_in_flight")).isEqualTo("gauge");
    assertThat(after.value("junction_backend_requests_in_flight", Map.of("backend", "live"))).isEqualTo(0);
  }
}
