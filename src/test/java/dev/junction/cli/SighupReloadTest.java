package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.testing.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/** {@code junction serve --config} as a real process: {@code kill -HUP} reloads the file. */
@DisabledOnOs(OS.WINDOWS)
class SighupReloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String config(int admin, String backends) {
    return "junction:\n  admin: {listen: 127.0.0.1:" + admin + ", token: hup-token}\n  cache: {store: memory}\n"
        + "  backends:\n" + backends;
  }

  private static JsonNode lastReload(int admin) {
    try {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + "/config/reload"))
          .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
      return r.statusCode() == 200 ? JSON.readTree(r.body()) : JSON.createObjectNode();
    } catch (IOException e) {
      return JSON.createObjectNode(); // not listening yet
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Test
  void sighupReloadsTheConfigFileOfARunningServe(@TempDir Path dir) throws Exception {
    int listen = freePort();
    int admin = freePort();
    Path file = dir.resolve("junction.yaml");
    Files.writeString(file, config(admin, "    a: http://127.0.0.1:9\n"), StandardCharsets.UTF_8);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.junction.cli.Main", "serve",
        "--config", file.toString(), "--listen", "127.0.0.1:" + listen, "--no-watch")
        .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
    try {
      Await.until(Duration.ofSeconds(30), "serve answers on its admin port",
          () -> lastReload(admin).path("status").asText().equals("none"));
      Files.writeString(file, config(admin, "    a: http://127.0.0.1:9\n    b: http://127.0.0.1:10\n"),
          StandardCharsets.UTF_8);

      Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      Await.until(Duration.ofSeconds(20), "the SIGHUP reload is applied",
          () -> lastReload(admin).path("status").asText().equals("applied"));

      JsonNode last = lastReload(admin);
      assertThat(last.path("trigger").asText()).isEqualTo("SIGHUP");
      assertThat(p.isAlive()).as("SIGHUP must not stop serve: %s", Files.readString(dir.resolve("serve.log"))).isTrue();
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }

  private static String adminGet(int admin, String path) throws IOException, InterruptedException {
    return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + admin + path)).timeout(Duration.ofSeconds(5))
        .header("Authorization", "Bearer hup-token").build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  @Test
  void sighupWithABadFileKeepsServingTheOldConfigAndSaysWhy(@TempDir Path dir) throws Exception {
    int listen = freePort();
    int admin = freePort();
    Path file = dir.resolve("junction.yaml");
    Files.writeString(file, config(admin, "    a: http://127.0.0.1:9\n"), StandardCharsets.UTF_8);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "dev.junction.cli.Main", "serve",
        "--config", file.toString(), "--listen", "127.0.0.1:" + listen, "--no-watch")
        .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
    try {
      Await.until(Duration.ofSeconds(30), "serve answers on its admin port",
          () -> lastReload(admin).path("status").asText().equals("none"));
      Files.writeString(file, config(admin, "    a: http://127.0.0.1:9\n    b: not a url\n"), StandardCharsets.UTF_8);

      Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(p.pid())).start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      Await.until(Duration.ofSeconds(20), "the SIGHUP reload is refused",
          () -> lastReload(admin).path("status").asText().equals("refused"));

      JsonNode last = lastReload(admin);
      assertThat(last.path("trigger").asText()).isEqualTo("SIGHUP");
      assertThat(last.path("problems").get(0).asText()).startsWith(file + ":6:").contains("junction.backends.b", "not a url");
      assertThat(adminGet(admin, "/backends")).contains("\"name\":\"a\"").doesNotContain("\"name\":\"b\"");
      assertThat(p.isAlive()).as("a bad file must not stop serve: %s", Files.readString(dir.resolve("serve.log"))).isTrue();
    } finally {
      p.destroy();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
  }
}
