package dev.junction.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.Junction;
import dev.junction.testing.Await;
import dev.junction.testing.HostileBackend;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /metrics} on the admin listener of a running Junction, parsed by the reference Prometheus parser. */
class MetricsTest {
  private static Vertx vertx;
  private static TestBackend live;
  private static Junction.Running junction;

  @TempDir Path own;

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
    return scrape(junction);
  }

  private static Scrape scrape(Junction.Running j) throws Exception {
    long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
    while (true) {
      Scrape s = scrapeNow(j);
      if (s.value("junction_requests_in_flight", Map.of()) == 0 || System.nanoTime() > deadline) {
        return s;
      }
    }
  }

  /** One scrape, whatever is in flight. */
  private static Scrape scrapeNow(Junction.Running j) throws Exception {
    var r = LiveJunction.get(j.adminUri().resolve("/metrics"));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    return Scrape.parse(r.body());
  }

  /** {@link Scrape#parse} of a scrape of {@code j}, for the conditions of {@link Await#until}. */
  private static Scrape quietly(Junction.Running j) {
    try {
      return scrapeNow(j);
    } catch (Exception e) {
      throw new AssertionError(e);
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
  void anEventStreamIsTimedToItsFirstEventByRouteAndBackend() throws Exception {
    CompletableFuture<HttpServerRequest> headSent = new CompletableFuture<>();
    try (TestBackend sse = new TestBackend(vertx, req -> {
      req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
      req.response().writeHead().onSuccess(v -> headSent.complete(req));
    }); Junction.Running j = LiveJunction.start(own, """
        junction:
          backends:
            sse: %s
            live: %s
          routes:
            - {id: r-sse, path: /events, backend: sse}
          cache: {store: memory}
        """.formatted(sse.uri(), live.uri()))) {
      HttpResponse<InputStream> stream = ProxyFixture.CLIENT.send(HttpRequest.newBuilder(j.uri().resolve("/events"))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.statusCode()).isEqualTo(200);
      HttpServerRequest held = headSent.get(20, TimeUnit.SECONDS);
      // the client has the head; only now are the events sent
      sse.runOnContext(() -> held.response().write("data: one\n\n").compose(v -> held.response().end("data: two\n\n")));
      assertThat(new String(stream.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("data: one\n\ndata: two\n\n");
      Scrape after = scrape(j);

      String family = "junction_response_first_byte_seconds";
      Map<String, String> labels = Map.of("route", "r-sse", "backend", "sse");
      assertThat(after.type(family)).isEqualTo("histogram");
      assertThat(after.value(family + "_count", labels)).isEqualTo(1);
      assertThat(after.value(family + "_bucket", Map.of("route", "r-sse", "backend", "sse", "le", "+Inf"))).isEqualTo(1);
      assertThat(after.matching(family + "_count", Map.of())).extracting(s -> s.labels().keySet())
          .containsOnly(Set.of("route", "backend"));
    }
  }

  @Test
  void aBodilessAnswerIsNotTimedToAFirstByte() throws Exception {
    try (TestBackend empty = new TestBackend(vertx, req -> req.response().setStatusCode(204).end());
        Junction.Running j = LiveJunction.start(own, """
            junction:
              backends:
                empty: %s
                live: %s
              routes:
                - {id: r-empty, path: /empty, backend: empty}
                - {id: r-live, path: /rule, backend: live}
              cache: {store: memory}
            """.formatted(empty.uri(), live.uri()))) {
      assertThat(LiveJunction.get(j.uri().resolve("/empty")).statusCode()).isEqualTo(204);
      assertThat(LiveJunction.send(HttpRequest.newBuilder(j.uri().resolve("/rule"))
          .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode()).isEqualTo(200);
      Scrape after = scrape(j);

      assertThat(after.value("junction_response_head_seconds_count", Map.of("route", "r-empty"))).isEqualTo(1);
      assertThat(after.value("junction_response_head_seconds_count", Map.of("route", "r-live"))).isEqualTo(1);
      assertThat(after.matching("junction_response_first_byte_seconds_count", Map.of())).isEmpty();
    }
  }

  @Test
  void everyMetricInTheScrapeIsDocumented() throws Exception {
    LiveJunction.get(data("/rule"));
    LiveJunction.get(data("/fail"));
    Scrape after = scrape();

    Set<String> documented = new HashSet<>();
    for (String row : Files.readAllLines(Path.of("docs/operations.md"))) {
      if (row.startsWith("| `junction_")) {
        Matcher m = Pattern.compile("`(junction_\\w+)`").matcher(row.substring(0, row.indexOf(" |", 2)));
        while (m.find()) {
          documented.add(m.group(1));
        }
      }
    }
    // counters are documented with their _total; a histogram's _max gauge is documented once, for all
    Set<String> exposed = after.samples().stream().filter(s -> !s.family().endsWith("_seconds_max"))
        .map(s -> s.type().equals("counter") ? s.family() + "_total" : s.family()).collect(Collectors.toSet());
    assertThat(exposed).contains("junction_response_first_byte_seconds");
    assertThat(documented).containsAll(exposed);
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

  @Test
  void anAnswerTheBackendBrokeIsCountedAsAbortedByTheBackend() throws Exception {
    try (HostileBackend broken = new HostileBackend((req, out, s) -> {
      out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(200);
      out.write("zz\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return true;
    }); Junction.Running j = LiveJunction.start(own, """
        junction:
          backends:
            broken: %s
          routes:
            - {id: r-broken, path: /broken, backend: broken}
          cache: {store: memory}
        """.formatted(broken.uri()))) {
      for (int i = 0; i < 2; i++) {
        assertThatThrownBy(() -> LiveJunction.get(j.uri().resolve("/broken"))).isInstanceOf(java.io.IOException.class);
      }
      Scrape after = scrape(j);

      assertThat(after.type("junction_responses_aborted")).isEqualTo("counter");
      assertThat(after.value("junction_responses_aborted_total", Map.of("route", "r-broken", "backend", "broken",
          "cause", "backend"))).isEqualTo(2);
    }
  }

  @Test
  void aRequestHeadThatNeverCompletesIsCountedAsAClientTimeout() throws Exception {
    try (Junction.Running j = LiveJunction.start(own, """
        junction:
          backends:
            live: %s
          cache: {store: memory}
          proxy: {request_head_timeout: 300ms}
        """.formatted(live.uri())); java.net.Socket slow = new java.net.Socket("127.0.0.1", j.uri().getPort())) {
      slow.setSoTimeout(20_000);
      slow.getOutputStream().write("GET /half HTTP/1.1\r\nHost: j\r\n".getBytes(StandardCharsets.US_ASCII));
      slow.getInputStream().readAllBytes(); // the 408, until Junction closes the connection

      Await.until("the timeout is counted",
          () -> quietly(j).value("junction_client_timeouts_total", Map.of("timeout", "request_head")) == 1);
      assertThat(quietly(j).type("junction_client_timeouts")).isEqualTo("counter");
    }
  }

  @Test
  void decisionsDroppedOverMaxEntriesAreCountedAsEvictions() throws Exception {
    Map<String, String> store = Map.of("store", "memory");
    try (Junction.Running j = LiveJunction.start(own, """
        junction:
          backends:
            live: %s
          cache: {store: memory, max_entries: 3}
        """.formatted(live.uri()))) {
      for (int i = 0; i < 10; i++) {
        assertThat(LiveJunction.get(j.uri().resolve("/evicted/" + i)).statusCode()).isEqualTo(200);
      }
      // Caffeine evicts in its maintenance, which may run just after the write that overflowed.
      Await.until("seven evictions are counted",
          () -> quietly(j).value("junction_decision_cache_evictions_total", store) >= 7);
      Scrape after = scrape(j);

      assertThat(after.type("junction_decision_cache_evictions")).isEqualTo("counter");
      assertThat(after.value("junction_decision_cache_evictions_total", store)).isEqualTo(7);
      assertThat(after.value("junction_decision_cache_misses_total", store)).isEqualTo(10);
      assertThat(after.value("junction_decision_cache_entries", store)).isEqualTo(3);
    }
  }

  @Test
  void anExpiredDecisionIsCountedAsAnEviction() throws Exception {
    Map<String, String> store = Map.of("store", "memory");
    try (Junction.Running j = LiveJunction.start(own, """
        junction:
          backends:
            live: {url: %s, cache_timeout: 300ms}
          cache: {store: memory}
        """.formatted(live.uri()))) {
      URI path = j.uri().resolve("/expiring");
      LiveJunction.get(path);
      LiveJunction.get(path);
      assertThat(scrape(j).value("junction_decision_cache_hits_total", store)).isEqualTo(1);
      assertThat(scrape(j).value("junction_decision_cache_evictions_total", store)).isZero();

      // Each request after the 300 ms finds the decision expired; Caffeine drops it as an eviction.
      Await.until("the expired decision is counted as an eviction", () -> {
        try {
          LiveJunction.get(path);
        } catch (Exception e) {
          throw new AssertionError(e);
        }
        return quietly(j).value("junction_decision_cache_evictions_total", store) >= 1;
      });
      Scrape after = scrape(j);

      assertThat(after.value("junction_decision_cache_misses_total", store)).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void aBackendShowsOneRequestInFlightWhileItsSlowResponseStreamsAndNoneOnceItEnded() throws Exception {
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    try (TestBackend slow = new TestBackend(vertx, req -> {
      req.response().setChunked(true).write("first;");
      held.add(req);
    }); Junction.Running j = LiveJunction.start(own, """
        junction:
          backends:
            slow: %s
            live: %s
          routes:
            - {id: r-slow, path: /slow, backend: slow}
          cache: {store: memory}
        """.formatted(slow.uri(), live.uri()))) {
      HttpResponse<InputStream> streaming = ProxyFixture.CLIENT.send(HttpRequest.newBuilder(j.uri().resolve("/slow"))
          .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(streaming.statusCode()).isEqualTo(200);
      assertThat(new String(streaming.body().readNBytes(6), StandardCharsets.UTF_8)).isEqualTo("first;");
      Scrape during = scrapeNow(j);

      assertThat(during.value("junction_backend_requests_in_flight", Map.of("backend", "slow"))).isEqualTo(1);
      assertThat(during.value("junction_backend_requests_in_flight", Map.of("backend", "live"))).isZero();
      assertThat(during.value("junction_requests_in_flight", Map.of())).isEqualTo(1);
      slow.runOnContext(() -> held.get(0).response().end("last"));
      assertThat(new String(streaming.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("last");
      Await.until("the backend's in-flight count returns to 0",
          () -> quietly(j).value("junction_backend_requests_in_flight", Map.of("backend", "slow")) == 0);
    }
  }

  @Test
  void eachBackendsStateAndLastHealthCheckAreGauges() throws Exception {
    try (TestBackend ok = new TestBackend(vertx, req -> req.response().end("ok"));
        TestBackend sick = new TestBackend(vertx, req -> req.response().setStatusCode(503).end("sick"));
        Junction.Running j = LiveJunction.start(own, """
            junction:
              backends:
                ok: {url: %s, health: {path: /healthz, interval: 100ms, timeout: 100ms}}
                sick: {url: %s, health: {path: /healthz, interval: 100ms, timeout: 100ms}}
                dead: %s
                quiet: %s
              routes:
                - {id: r-dead, path: /fail, backend: dead}
              cache: {store: memory}
              proxy: {ejection: {failures: 2, cooldown: 5m}}
            """.formatted(ok.uri(), sick.uri(), LiveJunction.refusing(), LiveJunction.refusing()))) {
      assertThat(LiveJunction.get(j.uri().resolve("/fail")).statusCode()).isEqualTo(502);
      Await.until("sick is ejected by its failing checks and ok's check passed", () -> {
        Scrape s = quietly(j);
        return s.value("junction_backend_state", Map.of("backend", "sick", "state", "ejected")) == 1
            && s.value("junction_backend_health_check_passed", Map.of("backend", "ok")) == 1;
      });
      Scrape after = scrape(j);

      assertThat(after.type("junction_backend_state")).isEqualTo("gauge");
      assertThat(after.type("junction_backend_health_check_passed")).isEqualTo("gauge");
      Map<String, String> expected = Map.of("ok", "up", "sick", "ejected", "dead", "down", "quiet", "unknown");
      expected.forEach((backend, state) -> {
        assertThat(after.matching("junction_backend_state", Map.of("backend", backend)))
            .as("states of %s", backend).hasSize(4)
            .allSatisfy(s -> assertThat(s.value()).isEqualTo(s.labels().get("state").equals(state) ? 1 : 0));
      });
      assertThat(after.value("junction_backend_health_check_passed", Map.of("backend", "ok"))).isEqualTo(1);
      assertThat(after.value("junction_backend_health_check_passed", Map.of("backend", "sick"))).isZero();
      assertThat(after.matching("junction_backend_health_check_passed", Map.of()))
          .extracting(s -> s.labels().get("backend")).containsExactlyInAnyOrder("ok", "sick");
    }
  }

  @Test
  void poolGaugesShowActiveConnectionsQueuedRequestsAndThenIdleConnections() throws Exception {
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    java.util.concurrent.atomic.AtomicBoolean release = new java.util.concurrent.atomic.AtomicBoolean();
    try (TestBackend slow = new TestBackend(vertx, req -> {
      if (release.get()) {
        req.response().end("done");
      } else {
        held.add(req);
      }
    }); Junction.Running j = LiveJunction.start(own, """
        junction:
          backends:
            slow: %s
            live: %s
          routes:
            - {id: r-slow, path: /slow, backend: slow}
          cache: {store: memory}
          proxy: {max_connections_per_backend: 1}
        """.formatted(slow.uri(), live.uri()), 1)) {
      // One event loop, one connection to slow: the first request holds it, the other two queue.
      List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 3; i++) {
        answers.add(ProxyFixture.CLIENT.sendAsync(HttpRequest.newBuilder(j.uri().resolve("/slow"))
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString()));
      }
      Await.until("two requests queue behind the one the backend holds",
          () -> quietly(j).value("junction_backend_pool_waiting", Map.of("backend", "slow")) == 2);
      Scrape during = scrapeNow(j);

      assertThat(held).hasSize(1);
      assertThat(during.type("junction_backend_pool_connections")).isEqualTo("gauge");
      assertThat(during.type("junction_backend_pool_waiting")).isEqualTo("gauge");
      assertThat(during.value("junction_backend_pool_connections", Map.of("backend", "slow", "state", "active")))
          .isEqualTo(1);
      assertThat(during.value("junction_backend_pool_connections", Map.of("backend", "slow", "state", "idle")))
          .isZero();
      assertThat(during.matching("junction_backend_pool_connections", Map.of("backend", "live"))).hasSize(2)
          .allSatisfy(s -> assertThat(s.value()).isZero());
      assertThat(during.matching("junction_backend_pool_waiting", Map.of("backend", "live"))).hasSize(1);
      release.set(true);
      slow.runOnContext(() -> held.forEach(r -> r.response().end("done")));
      for (var a : answers) {
        assertThat(a.get(20, java.util.concurrent.TimeUnit.SECONDS).body()).isEqualTo("done");
      }
      Await.until("the one connection goes back to the pool",
          () -> quietly(j).value("junction_backend_pool_connections", Map.of("backend", "slow", "state", "idle")) == 1);
      Scrape after = scrapeNow(j);

      assertThat(after.value("junction_backend_pool_connections", Map.of("backend", "slow", "state", "active")))
          .isZero();
      assertThat(after.value("junction_backend_pool_waiting", Map.of("backend", "slow"))).isZero();
    }
  }
}
