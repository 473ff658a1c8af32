package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed router's README example, loaded unchanged from YAML (backend URLs swapped for test
 * servers) and served over real HTTP.
 */
class PayloadRoutingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  private TestBackend logs;
  private TestBackend archive;
  private Junction.Running junction;


  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    logs = TestBackend.echo(VERTX.get(), "3000");
    archive = TestBackend.echo(VERTX.get(), "3100");
    // The seed README's second example: the same path routed to two backends by payload.
    String yaml = """
        "http://127.0.0.1:3000":
          endpoints:
            "/get_log_files":
              payload:
                - name: "log_file.log"
                  path: "c:/logs"
        "http://127.0.0.1:3100":
          endpoints:
            "/get_log_files":
              payload:
                - name: "backup_log.log"
                  path: "d:/backup/logs"
        """.replace("127.0.0.1:3000", "127.0.0.1:" + logs.port()).replace("127.0.0.1:3100", "127.0.0.1:" + archive.port());
    Path file = dir.resolve("config.yaml");
    Files.writeString(file, yaml);
    JunctionConfig config = ConfigLoader.load(file).withProxy(new dev.junction.config.ProxyConfig(
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofMinutes(1), 256, 16, 16 * 1024));
    config = config.withCache(new dev.junction.config.CacheConfig(dev.junction.config.CacheConfig.Store.MEMORY,
        dir.resolve("c.db"), null, Duration.ofMinutes(1), 100, java.util.Map.of()));
    junction = Junction.builder().config(config).listen("127.0.0.1", 0).admin(false).decisionHeader(true).build().start();
  }

  @AfterEach
  void stop() {
    junction.close();
    logs.close();
    archive.close();
  }

  private HttpResponse<String> post(String path, String body) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(junction.uri().resolve(path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theSeedReadmeRequestIsRoutedByItsPayloadToTheSecondBackend() throws Exception {
    HttpResponse<String> r = post("/get_log_files", "{\"name\": \"backup_log.log\", \"path\": \"d:/backup/logs\"}");

    assertThat(JSON.readTree(r.body()).get("backend").asText()).isEqualTo("3100");
    assertThat(r.headers().firstValue("X-Junction-Decision").orElseThrow()).startsWith("rule ");
  }

  @Test
  void aPayloadWithExtraKeysStillMatchesItsRule() throws Exception {
    HttpResponse<String> r = post("/get_log_files", "{\"name\":\"log_file.log\",\"path\":\"c:/logs\",\"tail\":100}");

    assertThat(JSON.readTree(r.body()).get("backend").asText()).isEqualTo("3000");
  }

  @Test
  void malformedJsonMatchesNoRuleAndIsForwardedUntouched() throws Exception {
    String body = "{\"name\": \"log_file.log\", oops";

    HttpResponse<String> r = post("/get_log_files", body);

    assertThat(r.headers().firstValue("X-Junction-Decision").orElseThrow()).startsWith("discovery");
    assertThat(JSON.readTree(r.body()).get("body").asText()).isEqualTo(body);
  }

  @Test
  void aBodyOverTheBufferLimitOnAPayloadRulePathIs413() throws Exception {
    String big = "{\"name\":\"log_file.log\",\"path\":\"" + "x".repeat(1000) + "\"}";

    HttpResponse<String> r = post("/get_log_files", big);

    assertThat(r.statusCode()).isEqualTo(413);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/problem+json");
    assertThat(logs.seen()).isEmpty();
    assertThat(archive.seen()).isEmpty();
  }

  @Test
  void aBodyOverTheBufferLimitElsewhereStreamsToTheFirstCandidate() throws Exception {
    String big = "{\"blob\":\"" + "y".repeat(5000) + "\"}";

    HttpResponse<String> r = post("/upload", big);

    assertThat(JSON.readTree(r.body()).get("body").asText()).isEqualTo(big);
  }
}
