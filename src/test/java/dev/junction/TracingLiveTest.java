package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.ConfigLoader;
import dev.junction.testing.Closing;
import dev.junction.testing.OtlpReceiver;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * OpenTelemetry tracing end to end: a real OTLP/HTTP receiver decodes what Junction exports with the
 * official protobuf classes, and real backends record the {@code traceparent} they were sent.
 */
class TracingLiveTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A sampled W3C trace context, as a traced client sends it. */
  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final String CALLER_SPAN = "b7ad6b7169203331";
  private static final String SAMPLED = "00-" + TRACE + "-" + CALLER_SPAN + "-01";

  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  @RegisterExtension
  final Closing open = new Closing();

  /** A backend answering {@code status} that keeps the {@code traceparent} of each request it gets. */
  private TestBackend backend(int status, List<String> traceparents) {
    TestBackend b = new TestBackend(VERTX.get(), req -> req.body().onSuccess(body -> {
      String tp = req.getHeader("traceparent");
      traceparents.add(tp == null ? "none" : tp);
      req.response().setStatusCode(status).putHeader("Content-Type", "application/json").end("{\"status\":" + status + "}");
    }));
    open.add(b);
    return b;
  }

  private Junction.Running junction(String yaml) {
    Junction.Running j = Junction.builder().config(ConfigLoader.load(yaml, null)).listen("127.0.0.1", 0).decisionHeader(true)
        .build().start();
    open.add(j);
    return j;
  }

  private static HttpResponse<String> post(URI base, String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\"}")).header("Content-Type", "application/json");
    headers.forEach(b::header);
    return ProxyFixture.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(URI base, String path) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aRequestThatFailedOverOnceIsOneServerSpanWithTwoAttemptSpansAndEachBackendSeesItsAttemptAsParent() throws Exception {
    OtlpReceiver receiver = open.add(new OtlpReceiver());
    List<String> busySaw = new CopyOnWriteArrayList<>();
    List<String> freeSaw = new CopyOnWriteArrayList<>();
    TestBackend busy = backend(503, busySaw);
    TestBackend free = backend(200, freeSaw);
    Junction.Running j = junction("""
        junction:
          admin: {enabled: true, listen: "127.0.0.1:0"}
          cache: {store: memory}
          backends: {busy: "%s", free: "%s"}
          routes:
            - {id: chat, path: /v1/chat/completions, backends: [busy, free]}
          tracing: {enabled: true, endpoint: "%s", service_name: gateway-test}
        """.formatted(busy.uri(), free.uri(), receiver.tracesEndpoint()));

    HttpResponse<String> r = post(j.uri(), "/v1/chat/completions", Map.of("traceparent", SAMPLED, "tracestate", "vendor=1"));
    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode recent = JSON.readTree(get(j.adminUri(), "/requests/recent?limit=1").body()).path("requests").path(0);
    j.close(); // flushes the spans queued for export

    assertThat(receiver.refused()).isEmpty();
    List<OtlpReceiver.Received> spans = receiver.spans();
    assertThat(spans).hasSize(3).allSatisfy(s -> {
      assertThat(s.traceId()).isEqualTo(TRACE);
      assertThat(s.resourceAttribute("service.name")).isEqualTo("gateway-test");
    });
    OtlpReceiver.Received server = only(spans, Span.SpanKind.SPAN_KIND_SERVER);
    assertThat(server.parentSpanId()).isEqualTo(CALLER_SPAN);
    assertThat(server.span().getName()).isEqualTo("POST /v1/chat/completions");
    assertThat(server.attribute("http.request.method")).isEqualTo("POST");
    assertThat(server.attribute("http.response.status_code")).isEqualTo("200");
    assertThat(server.attribute("url.path")).isEqualTo("/v1/chat/completions");
    assertThat(server.attribute("junction.decision.source")).isEqualTo("rule");
    assertThat(server.attribute("junction.route")).isEqualTo("chat");
    assertThat(server.attribute("junction.backend")).isEqualTo("free");
    assertThat(server.attribute("junction.attempts")).isEqualTo("2");

    List<OtlpReceiver.Received> attempts = spans.stream().filter(s -> s.span().getKind() == Span.SpanKind.SPAN_KIND_CLIENT)
        .sorted(java.util.Comparator.comparing(s -> s.attribute("junction.attempt"))).toList();
    assertThat(attempts).hasSize(2).allSatisfy(a -> assertThat(a.parentSpanId()).isEqualTo(server.spanId()));
    OtlpReceiver.Received first = attempts.get(0);
    OtlpReceiver.Received second = attempts.get(1);
    assertThat(first.attribute("junction.attempt")).isEqualTo("1");
    assertThat(first.attribute("junction.backend")).isEqualTo("busy");
    assertThat(first.attribute("http.response.status_code")).isEqualTo("503");
    assertThat(first.attribute("junction.attempt.outcome")).isEqualTo("rejected");
    assertThat(first.span().getStatus().getCode().name()).isEqualTo("STATUS_CODE_ERROR");
    assertThat(first.attribute("url.full")).isEqualTo(busy.uri().toString().replaceAll("/$", "") + "/v1/chat/completions");
    assertThat(second.attribute("junction.attempt")).isEqualTo("2");
    assertThat(second.attribute("http.request.resend_count")).isEqualTo("1");
    assertThat(second.attribute("junction.backend")).isEqualTo("free");
    assertThat(second.attribute("http.response.status_code")).isEqualTo("200");
    assertThat(second.attribute("junction.attempt.outcome")).isEqualTo("accepted");
    // the first attempt ended when it was given up, before the second began
    assertThat(first.span().getEndTimeUnixNano()).isLessThanOrEqualTo(second.span().getStartTimeUnixNano());

    // each backend's parent is its own attempt, in the caller's trace, sampled, with the caller's tracestate
    assertThat(busySaw).containsExactly("00-" + TRACE + "-" + first.spanId() + "-01");
    assertThat(freeSaw).containsExactly("00-" + TRACE + "-" + second.spanId() + "-01");
    // the access log's source, the recent list, carries the trace id
    assertThat(recent.path("traceId").asText()).isEqualTo(TRACE);

    String write = System.getProperty("junction.trace.write");
    if (write != null) {
      Files.writeString(Path.of(write), OtlpReceiver.json(spans));
    }
  }

  @Test
  void aNewTraceIsSampledAtTheConfiguredRateAndACallersSampledTraceIsFollowed() throws Exception {
    OtlpReceiver receiver = open.add(new OtlpReceiver());
    List<String> saw = new CopyOnWriteArrayList<>();
    TestBackend b = backend(200, saw);
    Junction.Running j = junction("""
        junction:
          cache: {store: memory}
          backends: {b: "%s"}
          routes:
            - {path: /v1/chat/completions, backend: b}
          tracing: {enabled: true, endpoint: "%s", sampling: 0}
        """.formatted(b.uri(), receiver.tracesEndpoint()));

    assertThat(post(j.uri(), "/v1/chat/completions", Map.of()).statusCode()).isEqualTo(200);
    assertThat(post(j.uri(), "/v1/chat/completions", Map.of("traceparent", SAMPLED)).statusCode()).isEqualTo(200);
    j.close();

    // the new trace was not sampled, but the backend is still given a parent to continue (flags: the sampled
    // bit clear; 02 says the trace id is random, W3C Trace Context level 2)
    assertThat(saw).hasSize(2);
    assertThat(saw.get(0)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[02]").doesNotContain(TRACE);
    assertThat(saw.get(1)).startsWith("00-" + TRACE + "-").endsWith("-01");
    // only the caller's sampled trace was exported: its server span and its one attempt
    assertThat(receiver.spans()).hasSize(2).allSatisfy(s -> assertThat(s.traceId()).isEqualTo(TRACE));
  }

  @Test
  void withTracingOffTheCallersTraceparentReachesTheBackendUntouched() throws Exception {
    List<String> saw = new CopyOnWriteArrayList<>();
    TestBackend b = backend(200, saw);
    Junction.Running j = junction("""
        junction:
          admin: {enabled: true, listen: "127.0.0.1:0"}
          cache: {store: memory}
          backends: {b: "%s"}
          routes:
            - {path: /v1/chat/completions, backend: b}
          tracing: {enabled: false}
        """.formatted(b.uri()));

    assertThat(post(j.uri(), "/v1/chat/completions", Map.of("traceparent", SAMPLED)).statusCode()).isEqualTo(200);
    JsonNode recent = JSON.readTree(get(j.adminUri(), "/requests/recent?limit=1").body()).path("requests").path(0);

    assertThat(saw).containsExactly(SAMPLED);
    assertThat(recent.has("traceId")).as("no trace id when not traced: %s", recent).isFalse();
  }

  private static OtlpReceiver.Received only(List<OtlpReceiver.Received> spans, Span.SpanKind kind) {
    List<OtlpReceiver.Received> of = spans.stream().filter(s -> s.span().getKind() == kind).toList();
    assertThat(of).hasSize(1);
    return of.get(0);
  }
}
