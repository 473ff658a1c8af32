package dev.junction.openai;

import dev.junction.Junction;
import dev.junction.config.ConfigLoader;
import dev.junction.testing.Await;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code examples/openai.yaml} running: its three backends imitated by {@link OpenAiBackend}s on
 * ephemeral ports (the file's ports replaced), Junction on an ephemeral port, the merged OpenAPI
 * document fetched.
 */
final class OpenAiExample implements AutoCloseable {
  static final Path FILE = Path.of("examples", "openai.yaml");
  static final String TOKEN = "openai-example-token";

  private final Vertx vertx = Vertx.vertx();
  private final OpenAiBackend small = OpenAiBackend.models(vertx, "llm-small", "small-1", "small-2");
  private final OpenAiBackend large = OpenAiBackend.models(vertx, "llm-large", "large-1");
  private final OpenAiBackend tts = OpenAiBackend.speech(vertx, "tts");
  private final Junction.Running junction;

  OpenAiExample() {
    String yaml;
    try {
      yaml = Files.readString(FILE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    yaml = yaml.replace("http://127.0.0.1:3000", small.uri().toString())
        .replace("http://127.0.0.1:3100", large.uri().toString())
        .replace("http://127.0.0.1:3200", tts.uri().toString());
    junction = Junction.builder().config(ConfigLoader.load(yaml, FILE, Map.of("JUNCTION_ADMIN_TOKEN", TOKEN)))
        .listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).eventLoops(1).build().start();
    awaitMergedDocument();
  }

  /** The first fetch runs in the background after start; wait (bounded) until it is merged. */
  private void awaitMergedDocument() {
    HttpClient http = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        String body = http.send(HttpRequest.newBuilder(uri().resolve("/openapi.json")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        if (body.contains("/audio/speech") && body.contains("/chat/completions")) {
          return;
        }
        Thread.sleep(50);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("the merged OpenAPI document was not built within " + Await.DEFAULT);
  }

  URI uri() {
    return junction.uri();
  }

  URI adminUri() {
    return junction.adminUri();
  }

  @Override
  public void close() {
    junction.close();
    small.close();
    large.close();
    tts.close();
    vertx.close().await();
  }
}
