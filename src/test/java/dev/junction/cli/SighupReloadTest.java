package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.testing.Await;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction serve --config} as a real process with two real backends: {@code kill -HUP}
 * reloads the file, and a bad file sent the same way is refused while the old routing keeps serving.
 */
@DisabledOnOs(OS.WINDOWS)
class SighupReloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path dir;
  private Vertx vertx;
  private TestBackend a;
  private TestBackend b;
  private Process serve;
  private int listen;
  private int admin;
  private Path file;

  @BeforeEach
  void start() throws IOException {
    vertx = Vertx.vertx();
    a = TestBackend.echo(vertx, "a");
    b = TestBackend.echo(vertx, "b");
    listen = freePort();
    admin = freePort();
    file = dir.resolve("junction.yaml");
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (serve != null) {
      serve.destroy();
      if (!serve.waitFor(30, TimeUnit.SECONDS)) {
        serve.destroyForcibly();
      }
    }
    a.close();
    b.close();
    vertx.close().await();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Backends a and b; {@code /x} goes to {@code xBackend}. */
  private String config(String xBackend) {
    return "junction:\n  admin: {listen: 127.0.0.1:" + admin + ", token: hup-token}\n  cache: {store: memory}\n"
        + "  backends:\n    a: " + a.uri() + "\n    b: " + b.uri() + "\n"
        + "  routes:\n    - path: /x\n      backend: " + xBackend + "\n";
  }

  private void startServe() throws IOException {
    launchServe();
    Await.until(Duration.ofSeconds(30), "serve answers on its admin port",
        () -> lastReload().path("status").asText().equals("none"));
  }

  /** Starts {@code junction serve} without waiting for it. */
  private void launchServe() throws IOException {
    // SIGHUP as a shell gives it, whatever this JVM inherited: under nohup it is ignored, and so it
    // would be in serve (see sighupIgnoredByInheritanceIsReportedAtStart).
    launchServe("--default-signal=HUP");
  }

  /** Starts {@code junction serve --config file} through {@code env} with {@code signalDisposition}, not waiting for it. */
  private void launchServe(String signalDisposition) throws IOException {
    launchServe(signalDisposition, "--config", file.toString(), "--listen", "127.0.0.1:" + listen, "--no-watch");
  }

  /** Starts {@code junction serve serveArgs} through {@code env} with {@code signalDisposition}, in the test's directory. */
  private void launchServe(String signalDisposition, String... serveArgs) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of("env", signalDisposition, java,
        // SQLite's native library is unpacked in the test's directory: a killed JVM cannot delete its copy.
        "-Dorg.sqlite.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"), "dev.junction.cli.Main", "serve"));
    command.addAll(List.of(serveArgs));
    serve = new ProcessBuilder(command).directory(dir.toFile()) // a default SQLite decision file goes there too
        .redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile()).start();
  }

  private void hangUp() throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(serve.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(kill.exitValue()).isZero();
  }

  private String log() throws IOException {
    return Files.readString(dir.resolve("serve.log"));
  }

  private JsonNode lastReload() {
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

  /** The backend that answered {@code GET /x} through the running serve. */
  private String backendOfX() throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen + "/x"))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("GET /x: %s", r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("backend").asText();
  }

  @Test
  void sighupReloadsTheConfigFileOfARunningServeAndTheNewRoutingServes() throws Exception {
    Files.writeString(file, config("a"), StandardCharsets.UTF_8);
    startServe();
    assertThat(backendOfX()).isEqualTo("a");
    Files.writeString(file, config("b"), StandardCharsets.UTF_8);

    hangUp();
    Await.until(Duration.ofSeconds(20), "the SIGHUP reload is applied",
        () -> lastReload().path("status").asText().equals("applied"));

    assertThat(lastReload().path("trigger").asText()).isEqualTo("SIGHUP");
    assertThat(backendOfX()).isEqualTo("b");
    assertThat(serve.isAlive()).as("SIGHUP must not stop serve: %s", log()).isTrue();
  }

  @Test
  void aSighupDuringStartUpNeitherEndsServeNorIsLost() throws Exception {
    Files.writeString(file, config("a"), StandardCharsets.UTF_8);
    launchServe();
    // The decision cache loads halfway through start-up, well before the listeners are bound.
    Await.until(Duration.ofSeconds(30), "serve is starting", () -> logSoFar().contains("Decision cache loaded"));

    hangUp();
    Await.until(Duration.ofSeconds(30), "the SIGHUP is applied once serve has started, or serve has ended",
        () -> !serve.isAlive() || lastReload().path("trigger").asText().equals("SIGHUP"));

    assertThat(serve.isAlive()).as("a SIGHUP during start-up must not stop serve: %s", log()).isTrue();
    assertThat(lastReload().path("status").asText()).isEqualTo("unchanged");
    assertThat(backendOfX()).isEqualTo("a");
  }

  @Test
  void sighupIgnoredByInheritanceIsReportedAtStart() throws Exception {
    Files.writeString(file, config("a"), StandardCharsets.UTF_8);
    launchServe("--ignore-signal=HUP"); // as nohup starts it
    Await.until(Duration.ofSeconds(30), "serve answers on its admin port",
        () -> lastReload().path("status").asText().equals("none"));

    assertThat(log()).contains("SIGHUP cannot trigger a config reload here: this process was started with SIGHUP ignored");
    hangUp();
    assertThat(backendOfX()).isEqualTo("a");
    assertThat(serve.isAlive()).isTrue();
    assertThat(lastReload().path("status").asText()).as("nothing reloads on an ignored SIGHUP").isEqualTo("none");
  }

  @Test
  void aSighupToServeWithoutAConfigFileIsLoggedAndEndsNothing() throws Exception {
    launchServe("--default-signal=HUP", "--backend", a.uri().toString(), "--listen", "127.0.0.1:" + listen, "--no-admin");
    Await.until(Duration.ofSeconds(30), "serve is listening", () -> logSoFar().contains("Junction listening on"));
    assertThat(backendOfX()).isEqualTo("a");

    hangUp();
    Await.until(Duration.ofSeconds(20), "the SIGHUP is logged, or serve has ended",
        () -> !serve.isAlive() || logSoFar().contains("SIGHUP: nothing to reload"));

    assertThat(serve.isAlive()).as("SIGHUP must not stop serve: %s", log()).isTrue();
    assertThat(backendOfX()).isEqualTo("a");
  }

  private String logSoFar() {
    try {
      return log();
    } catch (IOException e) {
      return "";
    }
  }

  @Test
  void aBadFileDeliveredBySighupIsRefusedWithItsReasonAndTheOldRoutingKeepsServing() throws Exception {
    Files.writeString(file, config("a"), StandardCharsets.UTF_8);
    startServe();
    Files.writeString(file, config("nowhere"), StandardCharsets.UTF_8);

    hangUp();
    Await.until(Duration.ofSeconds(20), "the SIGHUP reload is refused",
        () -> lastReload().path("status").asText().equals("refused"));

    JsonNode last = lastReload();
    assertThat(last.path("trigger").asText()).isEqualTo("SIGHUP");
    assertThat(last.path("problems").get(0).asText()).startsWith(file + ":9:16:").contains("unknown backend 'nowhere'");
    assertThat(log()).contains("config reload (SIGHUP) refused; the previous configuration keeps serving")
        .contains(file + ":9:16:");
    assertThat(backendOfX()).isEqualTo("a");
    assertThat(serve.isAlive()).isTrue();
  }
}
