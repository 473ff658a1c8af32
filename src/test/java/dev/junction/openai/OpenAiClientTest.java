package dev.junction.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The official {@code openai} npm client ({@code src/test/node}, pinned in its package-lock.json),
 * pointed at Junction running {@code examples/openai.yaml}: it lists models, gets a completion and
 * streams one. Needs Node 20+ and {@code npm ci --prefix src/test/node} (which {@code .ci/run}
 * does); without them the test fails saying so.
 */
class OpenAiClientTest {
  private static final Path NODE_DIR = Path.of("src", "test", "node");
  private static final String INSTALL_HINT = "install Node.js 20+ and npm (apt-get install nodejs npm), then run "
      + "`npm ci --prefix src/test/node` (.ci/run does both)";

  private static OpenAiExample example;
  private static JsonNode result;

  @BeforeAll
  static void runTheClient() throws Exception {
    if (!Files.isDirectory(NODE_DIR.resolve("node_modules").resolve("openai"))) {
      fail("src/test/node/node_modules/openai is missing: " + INSTALL_HINT);
    }
    example = new OpenAiExample();
    Process p;
    try {
      p = new ProcessBuilder("node", "openai-e2e.mjs", example.uri().toString(), "small-2", "large-1")
          .directory(NODE_DIR.toFile()).start();
    } catch (IOException e) {
      fail("cannot run node (" + e.getMessage() + "): " + INSTALL_HINT);
      return;
    }
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("node openai-e2e.mjs did not finish within 60 s");
    }
    if (p.exitValue() != 0) {
      fail("node openai-e2e.mjs exited with " + p.exitValue() + ":\n" + err.get() + out);
    }
    result = new ObjectMapper().readTree(out);
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return e.toString();
    }
  }

  @AfterAll
  static void stop() {
    if (example != null) {
      example.close();
    }
  }

  @Test
  void listingModelsGivesBothModelServersModelsInConfigOrder() {
    List<String> models = new ArrayList<>();
    result.path("models").forEach(m -> models.add(m.path("id").asText() + "@" + m.path("owned_by").asText()));

    assertThat(models).containsExactly("small-1@llm-small", "small-2@llm-small", "large-1@llm-large");
  }

  @Test
  void aCompletionComesFromTheBackendThatHasTheModel() {
    assertThat(result.at("/completion/content").asText()).isEqualTo("Hello from llm-small (small-2)");
  }

  @Test
  void aStreamedCompletionComesFromTheBackendThatHasTheModelChunkByChunk() {
    assertThat(result.at("/stream/content").asText() + " in " + result.at("/stream/chunks").asInt() + " chunks")
        .isEqualTo("Hello from llm-large (large-1) in 4 chunks");
  }
}
