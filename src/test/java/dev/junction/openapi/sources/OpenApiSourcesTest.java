package dev.junction.openapi.sources;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.OpenApiConfig;
import dev.junction.testing.Await;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Fetching backends' documents: bounds, failures, and keeping the last good document. */
class OpenApiSourcesTest {
  private static final String SMALL = "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"S\",\"version\":\"1\"},"
      + "\"paths\":{\"/s\":{\"get\":{\"responses\":{\"200\":{\"description\":\"ok\"}}}}}}";
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static Vertx vertx;
  private final List<TestBackend> backends = new ArrayList<>();
  private OpenApiSources sources;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @AfterEach
  void stop() {
    if (sources != null) {
      Await.result(sources.close());
    }
    backends.forEach(TestBackend::close);
  }

  private SourceState fetchOnce(TestBackend backend) {
    return fetchOnce(backend, Duration.ofSeconds(8));
  }

  private SourceState fetchOnce(TestBackend backend, Duration timeout) {
    backends.add(backend);
    JunctionConfig config = JunctionConfig.defaults()
        .withBackends(List.of(new BackendConfig("b", backend.uri(), null, "/openapi.json")))
        .withOpenapi(new OpenApiConfig(true, "/openapi.json", "/docs", timeout, 1024));
    sources = new OpenApiSources(vertx, config, List.of("b"), p -> p, "t", CLOCK);
    return Await.result(sources.refresh()).get(0);
  }

  @Test
  void aDocumentOverTheSizeBoundIsRefused() {
    String big = SMALL.replace("\"S\"", "\"" + "x".repeat(2000) + "\"");

    SourceState s = fetchOnce(new TestBackend(vertx, req -> req.response().end(big)));

    assertThat(s.error()).isEqualTo("document larger than 1024 bytes (expected: at most openapi.max_document_size)");
  }

  @Test
  void aBackendThatNeverAnswersFailsAfterTheFetchTimeout() {
    SourceState s = fetchOnce(new TestBackend(vertx, req -> { }), Duration.ofMillis(500));

    assertThat(s.status() + " " + s.error()).isEqualTo("FAILED no complete answer within 500 ms");
  }

  @Test
  void aDocumentThatIsNotJsonIsReportedAsSuch() {
    SourceState s = fetchOnce(new TestBackend(vertx, req -> req.response().end("openapi: 3.1.0\n")));

    assertThat(s.error()).startsWith("not JSON (expected: an OpenAPI document in JSON)");
  }

  @Test
  void aFailedRefreshKeepsTheLastGoodDocument() {
    AtomicBoolean up = new AtomicBoolean(true);
    fetchOnce(new TestBackend(vertx, req -> {
      if (up.get()) {
        req.response().end(SMALL);
      } else {
        req.response().setStatusCode(503).end();
      }
    }));
    up.set(false);

    SourceState after = Await.result(sources.refresh()).get(0);

    assertThat(List.of(after.status(), after.inUse(), sources.document().toString().contains("\"/s\"")))
        .containsExactly(SourceState.Status.FAILED, true, true);
  }
}
