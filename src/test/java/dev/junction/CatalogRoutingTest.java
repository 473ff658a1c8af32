package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.ConfigLoader;
import dev.junction.testing.Await;
import dev.junction.testing.Closing;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The catalog stage with real OpenAI-style backends whose model lists change while Junction runs:
 * a request naming a listed model goes to a backend listing it without any probe.
 */
class CatalogRoutingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A model server's document: one chat operation whose body names a model. */
  private static final String OPENAPI = """
      {"openapi": "3.1.0", "info": {"title": "model server", "version": "1"},
       "paths": {"/v1/chat/completions": {"post": {"operationId": "chat",
         "requestBody": {"content": {"application/json": {"schema": {"type": "object",
           "properties": {"model": {"type": "string"}}}}}},
         "responses": {"200": {"description": "a completion"}}}}}}""";
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  @RegisterExtension
  final Closing open = new Closing();

  /** A model server: lists {@code models} at GET /models, answers chat for them, 404 model_not_found otherwise. */
  private final class ModelServer {
    final String name;
    final Set<String> models = new CopyOnWriteArraySet<>();
    final AtomicInteger chats = new AtomicInteger();
    final AtomicInteger lists = new AtomicInteger();
    final AtomicBoolean listFails = new AtomicBoolean();
    final AtomicBoolean busy = new AtomicBoolean();
    final TestBackend backend;

    ModelServer(String name, String... models) {
      this.name = name;
      this.models.addAll(List.of(models));
      backend = new TestBackend(VERTX.get(), req -> req.body().onSuccess(body -> {
        if (req.path().equals("/openapi.json")) {
          req.response().putHeader("Content-Type", "application/json").end(OPENAPI);
          return;
        }
        if (req.path().equals("/models")) {
          lists.incrementAndGet();
          if (listFails.get()) {
            req.response().setStatusCode(500).end();
            return;
          }
          JsonArray data = new JsonArray();
          this.models.forEach(m -> data.add(new JsonObject().put("id", m).put("object", "model")));
          req.response().putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("object", "list").put("data", data).encode());
          return;
        }
        chats.incrementAndGet();
        if (busy.get()) {
          req.response().setStatusCode(429).putHeader("Retry-After", "30").end();
          return;
        }
        String model = new JsonObject(body).getString("model");
        if (this.models.contains(model)) {
          req.response().putHeader("Content-Type", "application/json")
              .end(new JsonObject().put("backend", name).put("model", model).encode());
        } else {
          req.response().setStatusCode(404).putHeader("Content-Type", "application/json")
              .end("{\"error\":{\"code\":\"model_not_found\",\"message\":\"no " + model + "\"}}");
        }
      }));
      open.add(backend);
    }
  }

  private Junction.Running junction(ModelServer a, ModelServer b, String models) {
    String yaml = """
        junction:
          cache: {store: memory}
          admin: {enabled: true, listen: "127.0.0.1:0"}
          backends:
            llm-a: %s
            llm-b: %s
          models: %s
        """.formatted(a.backend.uri(), b.backend.uri(), models);
    Junction.Running j = Junction.builder().config(ConfigLoader.load(yaml, null)).listen("127.0.0.1", 0)
        .decisionHeader(true).build().start();
    open.add(j);
    return j;
  }

  private static HttpResponse<String> chat(Junction.Running j, String model) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(j.uri().resolve("/v1/chat/completions"))
        .header("Content-Type", "application/json").timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofString("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"model\":\""
            + model + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String decision(HttpResponse<String> r) {
    return r.headers().firstValue("x-junction-decision").orElse("");
  }

  private static void awaitCatalog(Junction.Running j, String model) {
    awaitExplained(j, model, e -> e.get("decision").asText().equals("catalog"));
  }

  /** Waits until explaining a chat for {@code model} satisfies {@code test}. */
  private static void awaitExplained(Junction.Running j, String model, java.util.function.Predicate<JsonNode> test) {
    Await.until(Duration.ofSeconds(20), "explained " + model, () -> {
      try {
        return test.test(JSON.readTree(explain(j, model)));
      } catch (Exception ex) {
        return false;
      }
    });
  }

  private static String explain(Junction.Running j, String model) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + j.adminPort() + "/routes/explain"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"method\":\"POST\",\"path\":\"/v1/chat/completions\",\"payload\":{\"model\":\"" + model + "\"}}"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void aListedModelGoesStraightToTheBackendListingItWithNoProbe() throws Exception {
    ModelServer a = new ModelServer("llm-a", "llama-3.1-8b");
    ModelServer b = new ModelServer("llm-b", "qwen-2.5-72b");
    Junction.Running j = junction(a, b, "{backends: [llm-a, llm-b]}");
    awaitCatalog(j, "qwen-2.5-72b");

    HttpResponse<String> r = chat(j, "qwen-2.5-72b");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(r.body()).get("backend").asText()).isEqualTo("llm-b");
    assertThat(decision(r)).isEqualTo("catalog; backend=llm-b; model=qwen-2.5-72b");
    assertThat(a.chats).as("llm-a was never probed").hasValue(0);
    assertThat(JSON.readTree(explain(j, "qwen-2.5-72b")).get("steps").toString())
        .contains("catalog: model qwen-2.5-72b is listed by llm-b");
  }

  @Test
  void aModelThatAppearsOnABackendIsRoutedByCatalogAfterTheNextRefresh() throws Exception {
    ModelServer a = new ModelServer("llm-a", "llama-3.1-8b");
    ModelServer b = new ModelServer("llm-b", "qwen-2.5-72b");
    Junction.Running j = junction(a, b, "{backends: [llm-a, llm-b], refresh: 1s}");
    awaitCatalog(j, "qwen-2.5-72b");
    assertThat(decision(chat(j, "mistral-large"))).startsWith("discovery");

    b.models.add("mistral-large");
    awaitCatalog(j, "mistral-large");
    int probesBefore = a.chats.get();
    HttpResponse<String> r = chat(j, "mistral-large");

    assertThat(decision(r)).isEqualTo("catalog; backend=llm-b; model=mistral-large");
    assertThat(a.chats).hasValue(probesBefore);
  }

  @Test
  void aBackendThatDropsAModelAnswers404OnceAndItsCatalogIsFetchedAtOnce() throws Exception {
    ModelServer a = new ModelServer("llm-a", "shared");
    ModelServer b = new ModelServer("llm-b", "shared");
    Junction.Running j = junction(a, b, "{backends: [llm-a, llm-b], refresh: 1h}");
    awaitCatalog(j, "shared");
    awaitExplained(j, "shared", e -> e.get("backends").size() == 2);
    assertThat(decision(chat(j, "shared"))).isEqualTo("catalog; backend=llm-a; model=shared");
    int listsBefore = a.lists.get();

    a.models.remove("shared");
    HttpResponse<String> stale = chat(j, "shared");
    assertThat(stale.statusCode()).as("the first answer after the drop is llm-a's own").isEqualTo(404);
    Await.until(Duration.ofSeconds(20), "llm-a's catalog fetched again", () -> a.lists.get() > listsBefore);
    awaitExplained(j, "shared", e -> e.get("backends").toString().equals("[\"llm-b\"]"));
    HttpResponse<String> r = chat(j, "shared");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(decision(r)).isEqualTo("catalog; backend=llm-b; model=shared");
  }

  @Test
  void twoBackendsListingOneModelShareItWithTheConfiguredBalance() throws Exception {
    ModelServer a = new ModelServer("llm-a", "shared");
    ModelServer b = new ModelServer("llm-b", "shared");
    Junction.Running j = junction(a, b, "{backends: [llm-a, llm-b], balance: round_robin}");
    awaitExplained(j, "shared", e -> e.get("backends").size() == 2);

    for (int i = 0; i < 4; i++) {
      assertThat(decision(chat(j, "shared"))).startsWith("catalog; balance=round_robin; backend=");
    }

    assertThat(a.chats).hasValue(2);
    assertThat(b.chats).hasValue(2);
  }

  @Test
  void theMergedDocumentsModelEnumTakesTheCatalogsModelsAndTheModelListIsJunctionsOwn() throws Exception {
    ModelServer a = new ModelServer("llm-a", "pinned");
    ModelServer b = new ModelServer("llm-b", "qwen-2.5-72b");
    String yaml = """
        junction:
          cache: {store: memory}
          backends:
            llm-a: {url: "%s", openapi: /openapi.json}
            llm-b: {url: "%s", openapi: /openapi.json}
          routes:
            - {id: pinned, path: /v1/chat/completions, payload: [{/model: pinned}], backend: llm-a}
          models: {backends: [llm-a, llm-b], refresh: 1s}
        """.formatted(a.backend.uri(), b.backend.uri());
    Junction.Running j = Junction.builder().config(ConfigLoader.load(yaml, null)).listen("127.0.0.1", 0).build().start();
    open.add(j);

    b.models.add("mistral-large");
    Await.until(Duration.ofSeconds(20), "the catalog models in the enum", () -> {
      try {
        return document(j).at("/paths/~1v1~1chat~1completions/post/requestBody/content/application~1json/schema")
            .toString().contains("[\"pinned\",\"qwen-2.5-72b\",\"mistral-large\"]");
      } catch (Exception e) {
        return false;
      }
    });

    assertThat(document(j).at("/paths/~1models/get/operationId").asText()).isEqualTo("junctionListModels");
  }

  private static JsonNode document(Junction.Running j) throws Exception {
    return JSON.readTree(ProxyFixture.CLIENT.send(HttpRequest.newBuilder(j.uri().resolve("/openapi.json")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  @Test
  void aBusyBackendListingTheModelIsPassedOverForTheOtherWhileItCools() throws Exception {
    ModelServer a = new ModelServer("llm-a", "shared");
    ModelServer b = new ModelServer("llm-b", "shared");
    Junction.Running j = junction(a, b, "{backends: [llm-a, llm-b]}");
    awaitExplained(j, "shared", e -> e.get("backends").size() == 2);
    a.busy.set(true);

    HttpResponse<String> first = chat(j, "shared");
    HttpResponse<String> second = chat(j, "shared");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(first.body()).get("backend").asText()).isEqualTo("llm-b");
    assertThat(decision(second)).isEqualTo("catalog; backend=llm-b; model=shared");
    assertThat(a.chats).as("llm-a, cooling, is not asked again").hasValue(1);
  }

  @Test
  void aCatalogThatCannotBeRefreshedIsKeptAndMarkedStale() throws Exception {
    ModelServer a = new ModelServer("llm-a", "llama-3.1-8b");
    ModelServer b = new ModelServer("llm-b", "qwen-2.5-72b");
    Junction.Running j = junction(a, b, "{backends: [llm-a, llm-b], refresh: 1s}");
    awaitCatalog(j, "qwen-2.5-72b");

    b.listFails.set(true);
    int before = b.lists.get();
    Await.until(Duration.ofSeconds(20), "two failed refreshes", () -> b.lists.get() >= before + 2);
    HttpResponse<String> r = chat(j, "qwen-2.5-72b");

    assertThat(decision(r)).isEqualTo("catalog; backend=llm-b; model=qwen-2.5-72b");
    assertThat(a.chats).hasValue(0);
    JsonNode backends = JSON.readTree(ProxyFixture.CLIENT.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + j.adminPort() + "/backends")).build(), HttpResponse.BodyHandlers.ofString()).body());
    JsonNode catalog = null;
    for (JsonNode backend : backends) {
      if (backend.get("name").asText().equals("llm-b")) {
        catalog = backend.get("catalog");
      }
    }
    assertThat(catalog).isNotNull();
    assertThat(catalog.get("models").toString()).isEqualTo("[\"qwen-2.5-72b\"]");
    assertThat(catalog.get("stale").asBoolean()).isTrue();
    assertThat(catalog.get("error").asText()).isEqualTo("HTTP 500");
  }
}
