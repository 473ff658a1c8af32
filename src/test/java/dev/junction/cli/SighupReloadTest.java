package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.testing.Await;
import dev.junction.testing.ServeProcess;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
  private ServeProcess serve;
  private int listen;
  private int admin;
  private Path file;

  @BeforeEach
  void start() throws IOException {
    vertx = Vertx.vertx();
    a = TestBackend.echo(vertx, "a");
    b = TestBackend.echo(vertx, "b");
    listen = ServeProcess.freePort();
    admin = ServeProcess.freePort();
    file = dir.resolve("junction.yaml");
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (serve != null) {
      serve.close();
    }
    a.close();
    b.close();
    vertx.close().await();
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

  /** Starts {@code junction serve --config file} without waiting for it, SIGHUP as a shell gives it. */
  private void launchServe() throws IOException {
    launchServe(ServeProcess.DEFAULT_HUP);
  }

  /** Starts {@code junction serve --config file} through {@code env} with {@code hupDisposition}, not waiting for it. */
  private void launchServe(String hupDisposition) throws IOException {
    serve = ServeProcess.startWithHup(dir, "serve.log", hupDisposition,
        "--config", file.toString(), "--listen", "127.0.0.1:" + listen, "--no-watch");
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

    serve.signal("HUP");
    Await.until(Duration.ofSeconds(20), "the SIGHUP reload is applied",
        () -> lastReload().path("status").asText().equals("applied"));

    assertThat(lastReload().path("trigger").asText()).isEqualTo("SIGHUP");
    assertThat(backendOfX()).isEqualTo("b");
    assertThat(serve.isAlive()).as("SIGHUP must not stop serve: %s", serve.log()).isTrue();
  }

  @Test
  void aSighupDuringStartUpNeitherEndsServeNorIsLost() throws Exception {
    Files.writeString(file, config("a"), StandardCharsets.UTF_8);
    launchServe();
    // The decision cache loads halfway through start-up, well before the listeners are bound.
    Await.until(Duration.ofSeconds(30), "serve is starting", () -> serve.logSays("Decision cache loaded"));

    serve.signal("HUP");
    Await.until(Duration.ofSeconds(30), "the SIGHUP is applied once serve has started, or serve has ended",
        () -> !serve.isAlive() || lastReload().path("trigger").asText().equals("SIGHUP"));

    assertThat(serve.isAlive()).as("a SIGHUP during start-up must not stop serve: %s", serve.log()).isTrue();
    assertThat(lastReload().path("status").asText()).isEqualTo("unchanged");
    assertThat(backendOfX()).isEqualTo("a");
  }

  @Test
  void sighupIgnoredByInheritanceIsReportedAtStart() throws Exception {
    Files.writeString(file, config("a"), StandardCharsets.UTF_8);
    launchServe("--ignore-signal=HUP"); // as nohup starts it
    Await.until(Duration.ofSeconds(30), "serve answers on its admin port",
        () -> lastReload().path("status").asText().equals("none"));

    assertThat(serve.log()).contains("SIGHUP cannot trigger a config reload here: this process was started with SIGHUP ignored");
    serve.signal("HUP");
    assertThat(backendOfX()).isEqualTo("a");
    assertThat(serve.isAlive()).isTrue();
    assertThat(lastReload().path("status").asText()).as("nothing reloads on an ignored SIGHUP").isEqualTo("none");
  }

  @Test
  void aSighupToServeWithoutAConfigFileIsLoggedAndEndsNothing() throws Exception {
    serve = ServeProcess.start(dir, "serve.log",
        "--backend", a.uri().toString(), "--listen", "127.0.0.1:" + listen, "--no-admin");
    serve.awaitLog("Junction listening on", Duration.ofSeconds(30));
    assertThat(backendOfX()).isEqualTo("a");

    serve.signal("HUP");
    Await.until(Duration.ofSeconds(20), "the SIGHUP is logged, or serve has ended",
        () -> !serve.isAlive() || serve.logSays("SIGHUP: nothing to reload"));

    assertThat(serve.isAlive()).as("SIGHUP must not stop serve: %s", serve.log()).isTrue();
    assertThat(backendOfX()).isEqualTo("a");
  }

  @Test
  void aBadFileDeliveredBySighupIsRefusedWithItsReasonAndTheOldRoutingKeepsServing() throws Exception {
    Files.writeString(file, config("a"), StandardCharsets.UTF_8);
    startServe();
    Files.writeString(file, config("nowhere"), StandardCharsets.UTF_8);

    serve.signal("HUP");
    Await.until(Duration.ofSeconds(20), "the SIGHUP reload is refused",
        () -> lastReload().path("status").asText().equals("refused"));

    JsonNode last = lastReload();
    assertThat(last.path("trigger").asText()).isEqualTo("SIGHUP");
    assertThat(last.path("problems").get(0).asText()).startsWith(file + ":9:16:").contains("unknown backend 'nowhere'");
    assertThat(serve.log()).contains("config reload (SIGHUP) refused; the previous configuration keeps serving")
        .contains(file + ":9:16:");
    assertThat(backendOfX()).isEqualTo("a");
    assertThat(serve.isAlive()).isTrue();
  }
}
