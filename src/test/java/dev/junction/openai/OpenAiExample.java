package dev.junction.openai;

import dev.junction.Junction;
import dev.junction.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
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
    junction = Junction.builder().config(ConfigLoader.load(yaml, FILE, Map.of())).listen("127.0.0.1", 0).admin(false)
        .eventLoops(1).build().start();
  }

  URI uri() {
    return junction.uri();
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
