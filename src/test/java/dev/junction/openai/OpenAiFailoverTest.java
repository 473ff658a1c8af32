package dev.junction.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.Junction;
import dev.junction.config.ConfigLoader;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm client, with its default retries, in front of two backends
 * (discovery, no rules): an unknown model is the backends' own 404 at once, so the client does not
 * retry; a backend answering 429 with {@code Retry-After: 30} is moved on from, and passed over for
 * the next model while it cools down. Needs Node 20+ and {@code npm ci --prefix src/test/node}.
 */
class OpenAiFailoverTest {
  private static final Path NODE_DIR = Path.of("src", "test", "node");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> BUSY_SEEN = new CopyOnWriteArrayList<>();
  private static final List<String> FREE_SEEN = new CopyOnWriteArrayList<>();

  private static Vertx vertx;
  private static TestBackend busy;
  private static TestBackend free;
  private static Junction.Running junction;
  private static JsonNode result;

  private static String model(String body) {
    try {
      return JSON.readTree(body).path("model").asText();
    } catch (IOException e) {
      return "";
    }
  }

  private static String notFound(String model, String where) {
    return "{\"error\":{\"message\":\"The model '" + model + "' does not exist on " + where + "\","
        + "\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}";
  }

  @BeforeAll
  static void runTheClient() throws Exception {
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("openai"))) {
      fail("src/test/node/node_modules/openai is missing: install Node.js 20+ and npm, then `npm ci --prefix src/test/node`");
    }
    vertx = Vertx.vertx();
    busy = new TestBackend(vertx, req -> req.body().onSuccess(b -> {
      String model = model(b.toString());
      BUSY_SEEN.add(model);
      if (model.equals("nope")) {
        req.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(notFound(model, "busy"));
      } else {
        req.response().setStatusCode(429).putHeader("Content-Type", "application/json").putHeader("Retry-After", "30")
            .end("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}");
      }
    }));
    free = new TestBackend(vertx, req -> req.body().onSuccess(b -> {
      String model = model(b.toString());
      FREE_SEEN.add(model);
      if (model.equals("nope")) {
        req.response().setStatusCode(404).putHeader("Content-Type", "application/json").end(notFound(model, "free"));
      } else {
        req.response().putHeader("Content-Type", "application/json").end("{\"id\":\"c1\",\"object\":\"chat.completion\","
            + "\"created\":0,\"model\":\"" + model + "\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"free\"},\"finish_reason\":\"stop\"}]}");
      }
    }));
    junction = Junction.builder().config(ConfigLoader.load("""
        junction:
          admin: {enabled: false}
          backends: {busy: "%s", free: "%s"}
          cache: {store: memory, key_fields: {/v1/chat/completions: [/model]}}
        """.formatted(busy.uri(), free.uri()), null)).listen("127.0.0.1", 0).eventLoops(1).build().start();
    Process p = new ProcessBuilder("node", "openai-failover.mjs", junction.uri().toString()).directory(NODE_DIR.toFile())
        .start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("node openai-failover.mjs did not finish within 60 s");
    }
    if (p.exitValue() != 0) {
      fail("node openai-failover.mjs exited with " + p.exitValue() + ":\n" + err.get() + out);
    }
    result = JSON.readTree(out);
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  @AfterAll
  static void stop() {
    if (junction != null) {
      junction.close();
    }
    vertx.close();
  }

  @Test
  void anUnknownModelIsTheBackendsOwn404AndTheClientDoesNotRetryIt() {
    assertThat(result.at("/unknown/status").asInt()).isEqualTo(404);
    assertThat(result.at("/unknown/code").asText()).isEqualTo("model_not_found");
    assertThat(BUSY_SEEN.stream().filter("nope"::equals)).as("one attempt round, no client retry").hasSize(1);
    assertThat(FREE_SEEN.stream().filter("nope"::equals)).hasSize(1);
  }

  @Test
  void aBackendAnswering429WithRetryAfterIsMovedOnFromAndPassedOverForTheNextModel() {
    assertThat(result.get("answers")).hasSize(2);
    assertThat(result.at("/answers/0/content").asText()).isEqualTo("free");
    assertThat(result.at("/answers/1/content").asText()).isEqualTo("free");
    assertThat(BUSY_SEEN).as("m2 comes within the 30 s cool-down: the busy backend is passed over").containsExactly("nope", "m1");
    assertThat(FREE_SEEN).containsExactly("nope", "m1", "m2");
  }
}
