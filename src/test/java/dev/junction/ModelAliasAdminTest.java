package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.ConfigLoader;
import dev.junction.testing.Await;
import dev.junction.testing.Closing;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RedisServerExtension;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Model aliases managed at runtime through the admin API: live at once, kept in the decision store
 * across a restart (SQLite), shared by instances on one Redis, and refused when they conflict.
 */
class ModelAliasAdminTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "model-alias-token";
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();
  @RegisterExtension
  final Closing open = new Closing();
  @TempDir
  Path dir;

  private final List<String> bodies = new CopyOnWriteArrayList<>();
  private String backendUrl;

  @BeforeEach
  void backend() {
    TestBackend b = new TestBackend(VERTX.get(), req -> req.body().onSuccess(body -> {
      if (req.path().equals("/models")) {
        req.response().putHeader("Content-Type", "application/json").end(new JsonObject().put("object", "list")
            .put("data", new JsonArray().add(new JsonObject().put("id", "llama-3.1-70b"))).encode());
        return;
      }
      bodies.add(body.toString(StandardCharsets.UTF_8));
      req.response().putHeader("Content-Type", "application/json").end("{\"ok\":true}");
    }));
    open.add(b);
    backendUrl = b.uri().toString();
  }

  private Junction.Running start(String cache) {
    String yaml = """
        junction:
          admin: {enabled: true, listen: "127.0.0.1:0", token: %s}
          cache: %s
          backends:
            llm-a: %s
          models: {backends: [llm-a]}
          model_aliases:
            gpt-4: llama-3.1-70b
        """.formatted(TOKEN, cache, backendUrl);
    Junction.Running j = Junction.builder().config(ConfigLoader.load(yaml, null)).listen("127.0.0.1", 0).build().start();
    open.add(j);
    return j;
  }

  private static HttpResponse<String> admin(Junction.Running j, String method, String path, String body) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(j.adminUri().resolve(path)).header("Authorization", "Bearer " + TOKEN)
        .header("Content-Type", "application/json").method(method, body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private String chat(Junction.Running j, String model) throws Exception {
    int before = bodies.size();
    ProxyFixture.CLIENT.send(HttpRequest.newBuilder(j.uri().resolve("/v1/chat/completions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"model\":\"" + model + "\",\"messages\":[]}")).build(), HttpResponse.BodyHandlers.ofString());
    return bodies.get(before);
  }

  @Test
  void anAliasAddedAtRuntimeRewritesAtOnceAndSurvivesARestart() throws Exception {
    String sqlite = "{store: sqlite, path: \"" + dir.resolve("junction.db") + "\"}";
    try (Junction.Running j = start(sqlite)) {
      HttpResponse<String> added = admin(j, "POST", "/model-aliases", "{\"name\":\"gpt-4o\",\"model\":\"llama-3.1-70b\","
          + "\"backend\":\"llm-a\"}");
      assertThat(added.statusCode()).isEqualTo(201);
      assertThat(chat(j, "gpt-4o")).isEqualTo("{\"model\":\"llama-3.1-70b\",\"messages\":[]}");
      assertThat(admin(j, "GET", "/model-aliases", null).body()).contains("\"name\":\"gpt-4o\"", "\"source\":\"runtime\"",
          "\"name\":\"gpt-4\"", "\"source\":\"config\"");
    }

    try (Junction.Running again = start(sqlite)) {
      assertThat(chat(again, "gpt-4o")).as("kept in the SQLite file").isEqualTo("{\"model\":\"llama-3.1-70b\",\"messages\":[]}");
      assertThat(admin(again, "DELETE", "/model-aliases?name=gpt-4o", null).statusCode()).isEqualTo(204);
      assertThat(chat(again, "gpt-4o")).isEqualTo("{\"model\":\"gpt-4o\",\"messages\":[]}");
    }
  }

  @Test
  void instancesSharingRedisSeeEachOthersModelAliases() throws Exception {
    String redis = "{store: redis, redis: \"" + REDIS.uri() + "\"}";
    Junction.Running a = start(redis);
    Junction.Running b = start(redis);

    assertThat(admin(a, "POST", "/model-aliases", "{\"name\":\"team/chat\",\"model\":\"llama-3.1-70b\"}").statusCode())
        .isEqualTo(201);
    Await.until(Duration.ofSeconds(20), "the alias on the other instance", () -> {
      try {
        return admin(b, "GET", "/model-aliases", null).body().contains("team/chat");
      } catch (Exception e) {
        return false;
      }
    });
    assertThat(chat(b, "team/chat")).isEqualTo("{\"model\":\"llama-3.1-70b\",\"messages\":[]}");

    assertThat(admin(b, "DELETE", "/model-aliases?name=" + java.net.URLEncoder.encode("team/chat", StandardCharsets.UTF_8),
        null).statusCode()).isEqualTo(204);
    Await.until(Duration.ofSeconds(20), "the removal on the first instance", () -> {
      try {
        return !admin(a, "GET", "/model-aliases", null).body().contains("team/chat");
      } catch (Exception e) {
        return false;
      }
    });
  }

  @Test
  void aConfiguredAliasThatACatalogListsAsARealModelIsLogged() throws Exception {
    try (dev.junction.testing.LogCapture log = dev.junction.testing.LogCapture.of("dev.junction.models.ModelCatalogs")) {
      String yaml = """
          junction:
            cache: {store: memory}
            backends: {llm-a: %s}
            models: {backends: [llm-a]}
            model_aliases: {llama-3.1-70b: llama-3.1-8b}
          """.formatted(backendUrl);
      open.add(Junction.builder().config(ConfigLoader.load(yaml, null)).listen("127.0.0.1", 0).build().start());

      Await.until(Duration.ofSeconds(20), "the warning", () -> log.messages().stream()
          .anyMatch(m -> m.contains("model alias llama-3.1-70b hides the model llama-3.1-70b that [llm-a] lists")));
    }
  }

  @Test
  void conflictsAreRefusedWithTheReason() throws Exception {
    Junction.Running j = start("{store: memory}");
    Await.until(Duration.ofSeconds(20), "llm-a's catalog", () -> {
      try {
        return admin(j, "GET", "/backends", null).body().contains("llama-3.1-70b");
      } catch (Exception e) {
        return false;
      }
    });

    HttpResponse<String> realModel = admin(j, "POST", "/model-aliases", "{\"name\":\"llama-3.1-70b\",\"model\":\"x\"}");
    HttpResponse<String> configured = admin(j, "POST", "/model-aliases", "{\"name\":\"gpt-4\",\"model\":\"x\"}");
    HttpResponse<String> chain = admin(j, "POST", "/model-aliases", "{\"name\":\"gpt-5\",\"model\":\"gpt-4\"}");
    HttpResponse<String> cycle = admin(j, "POST", "/model-aliases", "{\"name\":\"llama-3.1-8b\",\"model\":\"gpt-5\"}");
    HttpResponse<String> backend = admin(j, "POST", "/model-aliases", "{\"name\":\"g\",\"model\":\"x\",\"backend\":\"nope\"}");

    assertThat(realModel.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(realModel.body()).path("detail").asText()).contains("is a model a backend lists");
    assertThat(configured.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(chain.body()).path("detail").asText()).contains("'gpt-4' is itself an alias");
    assertThat(chain.statusCode()).isEqualTo(409);
    assertThat(cycle.statusCode()).as("gpt-5 was refused, so this one is fine").isEqualTo(201);
    assertThat(backend.statusCode()).isEqualTo(400);
    assertThat(admin(j, "POST", "/model-aliases", "{\"name\":\"gpt-5\",\"model\":\"llama-3.1-8b\"}").statusCode())
        .as("an alias of an alias's name").isEqualTo(409);
  }
}
