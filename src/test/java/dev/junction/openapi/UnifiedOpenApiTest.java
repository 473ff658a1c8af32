package dev.junction.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.Junction;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The data plane's merged document from real backends serving real documents: two model servers
 * whose documents clash, a speech server, and one backend whose document is missing.
 */
class UnifiedOpenApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "openapi-token";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static Vertx vertx;
  private final List<TestBackend> backends = new ArrayList<>();
  private final AtomicReference<JsonNode> llmADocument = new AtomicReference<>(fixture("llm-a.json"));
  private Junction.Running junction;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
    OpenApiValidationTest.start();
  }

  @AfterAll
  static void stopVertx() {
    OpenApiValidationTest.stop();
    vertx.close().await();
  }

  @BeforeEach
  void start() {
    TestBackend a = serving(() -> llmADocument.get());
    TestBackend b = serving(() -> fixture("llm-b.json"));
    TestBackend tts = serving(() -> fixture("tts.json"));
    TestBackend missing = new TestBackend(vertx, req -> req.response().setStatusCode(404).end());
    backends.addAll(List.of(a, b, tts, missing));
    String yaml = """
        junction:
          admin: {token: %s}
          backends:
            llm-a: {url: "%s", openapi: /openapi.json}
            llm-b: {url: "%s", openapi: /openapi.json}
            tts: {url: "%s", openapi: /openapi.json}
            missing: {url: "%s", openapi: /spec.json}
          routes:
            - {id: chat-a, path: /chat/completions, methods: [POST], payload: [{/model: {one_of: [alpha-1, alpha-2]}}], backend: llm-a}
            - {id: chat-b, path: /chat/completions, methods: [POST], payload: [{/model: beta}], backend: llm-b}
            - {id: models, path: /models, methods: [GET], backend: llm-a}
            - {id: speech, path: /audio/speech, methods: [POST], backend: tts}
          aliases:
            /*: [/v1/*]
          cache: {store: memory}
          discovery: {candidates: [llm-a, llm-b, tts]}
        """.formatted(TOKEN, a.uri(), b.uri(), tts.uri(), missing.uri());
    JunctionConfig config = ConfigLoader.load(yaml, Path.of("unified.yaml"), Map.of());
    junction = Junction.builder().config(config).listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).eventLoops(1)
        .build().start();
    refresh();
  }

  @AfterEach
  void stop() {
    junction.close();
    backends.forEach(TestBackend::close);
  }

  private TestBackend serving(java.util.function.Supplier<JsonNode> document) {
    return new TestBackend(vertx, req -> {
      if (req.path().equals("/openapi.json")) {
        req.response().putHeader("Content-Type", "application/json").end(document.get().toString());
      } else {
        req.response().setStatusCode(404).end();
      }
    });
  }

  private static JsonNode fixture(String name) {
    try (InputStream in = UnifiedOpenApiTest.class.getResourceAsStream("/openapi/merge/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode refresh() {
    return json(send(HttpRequest.newBuilder(junction.adminUri().resolve("/openapi/refresh"))
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.noBody())));
  }

  private HttpResponse<String> get(URI base, String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(HttpResponse<String> r) {
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(r.statusCode() + " " + r.body(), e);
    }
  }

  private JsonNode document() {
    return json(get(junction.uri(), "/openapi.json"));
  }

  @Test
  void theDataPlaneServesOneDocumentOfTheRoutedOperations() {
    List<String> paths = new ArrayList<>();
    document().path("paths").fieldNames().forEachRemaining(paths::add);

    assertThat(paths).containsExactly("/chat/completions", "/models", "/models/{model}", "/internal/stats", "/embeddings",
        "/audio/speech");
  }

  @Test
  void theServedDocumentIsValidOpenApi31() {
    assertThat(OpenApiValidationTest.errors(new JsonObject(document().toString()))).isEmpty();
  }

  @Test
  void theServedDocumentSplitsChatByModelWithPrefixedClashes() {
    assertThat(document().at("/paths/~1chat~1completions/post/requestBody/content/application~1json/schema").toString())
        .isEqualTo("{\"allOf\":[{\"$ref\":\"#/components/schemas/llm-a_ChatRequest\"},"
            + "{\"type\":\"object\",\"properties\":{\"model\":{\"enum\":[\"alpha-1\",\"alpha-2\",\"beta\"]}}}]}");
  }

  @Test
  void theDocumentIsAlsoServedThroughAnAlias() {
    assertThat(json(get(junction.uri(), "/v1/openapi.json"))).isEqualTo(document());
  }

  @Test
  void aBackendWithoutADocumentIsReportedAndDoesNotStopTheOthers() {
    JsonNode sources = json(get(junction.adminUri(), "/openapi/sources"));

    assertThat(sources.toString()).contains("\"backend\":\"missing\"", "\"status\":\"failed\"",
        "\"error\":\"HTTP 404 (expected: 2xx with the document)\"");
    assertThat(sources.findValuesAsText("status")).containsExactly("ok", "ok", "ok", "failed");
  }

  @Test
  void aRefreshPicksUpAChangedBackendDocument() {
    ObjectNode changed = (ObjectNode) fixture("llm-a.json");
    ((ObjectNode) changed.path("paths")).putObject("/fine-tunes").putObject("get")
        .put("operationId", "listFineTunes").putObject("responses").putObject("200").put("description", "Jobs");
    llmADocument.set(changed);

    refresh();

    assertThat(document().path("paths").has("/fine-tunes")).isTrue();
  }

  @Test
  void anAppliedConfigReloadFetchesTheDocumentsAgain(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    TestBackend a = serving(() -> llmADocument.get());
    backends.add(a);
    Path file = dir.resolve("junction.yaml");
    String yaml = """
        junction:
          admin: {enabled: false}
          backends:
            llm-a: {url: "%s", openapi: /openapi.json}
          routes:
            - {id: models, path: /models, methods: [GET], backend: llm-a}
          cache: {store: memory}
        """.formatted(a.uri());
    java.nio.file.Files.writeString(file, yaml);
    try (Junction.Running fromFile = Junction.builder().config(file).listen("127.0.0.1", 0).eventLoops(1).build().start()) {
      ObjectNode changed = (ObjectNode) fixture("llm-a.json");
      ((ObjectNode) changed.path("paths")).putObject("/fine-tunes").putObject("get")
          .put("operationId", "listFineTunes").putObject("responses").putObject("200").put("description", "Jobs");
      llmADocument.set(changed);
      // A rule for the new path makes the reload an applied change.
      java.nio.file.Files.writeString(file, yaml.replace("    - {id: models",
          "    - {id: tunes, path: /fine-tunes, methods: [GET], backend: llm-a}\n    - {id: models"));

      fromFile.reload("test");

      JsonNode merged = null;
      long end = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
      while (System.nanoTime() < end) {
        merged = JSON.readTree(get(fromFile.uri(), "/openapi.json").body());
        if (merged.path("paths").has("/fine-tunes")) {
          break;
        }
        Thread.sleep(50);
      }
      assertThat(merged.path("paths").has("/fine-tunes")).isTrue();
    }
  }

  @Test
  void theDocsPageOnTheDataPlaneLoadsTheMergedDocumentOffline() {
    HttpResponse<String> page = get(junction.uri(), "/docs");
    HttpResponse<String> script = get(junction.uri(), "/docs/junction-docs.js");
    HttpResponse<String> bundle = get(junction.uri(), "/docs/swagger-ui-bundle.js");

    assertThat(List.of(page.statusCode(), script.statusCode(), bundle.statusCode())).containsExactly(200, 200, 200);
    assertThat(page.body()).doesNotContain("http://", "https://").contains("/docs/swagger-ui-bundle.js");
    assertThat(script.body()).contains("url: '/openapi.json'");
  }

  @Test
  void otherPathsStillReachTheBackends() {
    HttpResponse<String> r = get(junction.uri(), "/internal/nothing-here");

    // discovery reached every backend and each said 404: the client gets that 404, not a 502
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("content-type")).isNotEqualTo(java.util.Optional.of("application/problem+json"));
  }
}
