package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.Await;
import dev.junction.testing.OtlpReceiver;
import dev.junction.testing.ServeProcess;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction serve} traces when the standard OpenTelemetry environment asks, with no
 * {@code tracing} section in its config, and says clearly when that environment cannot work.
 */
class TracingEnvironmentTest {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stopVertx() {
    vertx.close().await();
  }

  private Path config(URI backend) throws IOException {
    Path config = dir.resolve("junction.yaml");
    Files.writeString(config, "junction:\n  cache: {store: memory}\n  admin: {enabled: false}\n  backends:\n    only: "
        + backend + "\n", StandardCharsets.UTF_8);
    return config;
  }

  @Test
  void otelVariablesAloneTurnTracingOnAndNameTheService() throws Exception {
    try (OtlpReceiver receiver = new OtlpReceiver();
        TestBackend backend = new TestBackend(vertx, req -> req.response().end("traced"))) {
      int listen = ServeProcess.freePort();
      String base = receiver.tracesEndpoint().toString().replace("/v1/traces", "");
      try (ServeProcess serve = ServeProcess.startWithEnv(dir, "serve.log", ServeProcess.DEFAULT_HUP,
          Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", base, "OTEL_SERVICE_NAME", "from-env"),
          "--config", config(backend.uri()).toString(), "--listen", "127.0.0.1:" + listen, "--no-watch")) {
        serve.awaitLog("Junction listening", Duration.ofSeconds(60));
        assertThat(serve.log()).contains("tracing OTLP " + base + "/v1/traces");
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen + "/anything"))
            .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("traced");
        serve.signal("TERM"); // a clean stop exports what is queued
        assertThat(serve.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      }
      Await.until(Duration.ofSeconds(10), "the spans arrive", () -> receiver.spans().size() >= 2);
      assertThat(receiver.spans()).allSatisfy(s -> assertThat(s.resourceAttribute("service.name")).isEqualTo("from-env"));
      assertThat(receiver.spans()).extracting(s -> s.span().getName()).contains("GET /anything", "GET");
    }
  }

  @Test
  void anExportProtocolJunctionCannotSpeakStopsTheStartWithAClearMessage() throws Exception {
    try (TestBackend backend = new TestBackend(vertx, req -> req.response().end())) {
      int listen = ServeProcess.freePort();
      try (ServeProcess serve = ServeProcess.startWithEnv(dir, "serve.log", ServeProcess.DEFAULT_HUP,
          Map.of("OTEL_TRACES_EXPORTER", "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL", "grpc"),
          "--config", config(backend.uri()).toString(), "--listen", "127.0.0.1:" + listen, "--no-watch")) {
        assertThat(serve.process().waitFor(60, TimeUnit.SECONDS)).as("serve exits").isTrue();
        assertThat(serve.process().exitValue()).isNotZero();
        assertThat(serve.log()).contains("tracing: OTEL_EXPORTER_OTLP_PROTOCOL=grpc is not supported (expected: "
            + "http/protobuf").doesNotContain("Exception").doesNotContain("dev.junction");
      }
    }
  }
}
