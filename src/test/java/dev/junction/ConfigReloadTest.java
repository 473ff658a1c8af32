package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.testing.Await;
import dev.junction.testing.LogCapture;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload of the config file, over real HTTP: admin call, file watch, and what a bad file does. */
class ConfigReloadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "reload-token";

  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();

  @TempDir
  Path dir;
  private Path file;
  private TestBackend a;
  private TestBackend b;

  @BeforeEach
  void backends() {
    a = TestBackend.echo(VERTX.get(), "a");
    b = TestBackend.echo(VERTX.get(), "b");
    file = dir.resolve("junction.yaml");
  }

  @AfterEach
  void close() {
    a.close();
    b.close();
  }

  /** A config in Junction's format: the backends given, then the routes given (each "path -> backend"). */
  private String config(String backends, String routes, String extra) {
    return "junction:\n"
        + "  admin: {listen: 127.0.0.1:0, token: " + TOKEN + "}\n"
        + "  cache: {store: memory}\n"
        + "  backends:\n" + backends
        + "  routes:\n" + routes
        + extra;
  }

  private String onlyA() {
    return config("    a: " + a.uri() + "\n", "    - path: /x\n      backend: a\n", "");
  }

  private String aAndB(String routes, String extra) {
    return config("    a: " + a.uri() + "\n    b: " + b.uri() + "\n", routes, extra);
  }

  private void write(String yaml) throws Exception {
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
  }

  private Junction.Running start(boolean watch) {
    return Junction.builder().config(file).listen("127.0.0.1", 0).eventLoops(2).watchConfig(watch).build().start();
  }

  private static HttpResponse<String> send(URI base, String method, String path, String token) throws Exception {
    HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (token != null) {
      r.header("Authorization", "Bearer " + token);
    }
    return ProxyFixture.CLIENT.send(r.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String backendOf(Junction.Running j, String path) throws Exception {
    HttpResponse<String> r = send(j.uri(), "GET", path, null);
    assertThat(r.statusCode()).as("GET %s", path).isEqualTo(200);
    return JSON.readTree(r.body()).path("backend").asText();
  }

  private static JsonNode reload(Junction.Running j, int expectedStatus) throws Exception {
    HttpResponse<String> r = send(j.adminUri(), "POST", "/config/reload", TOKEN);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(expectedStatus);
    return JSON.readTree(r.body());
  }

  @Test
  void aReloadThatAddsABackendAndARuleChangesLiveRoutingWithoutRestart() throws Exception {
    write(onlyA());
    try (Junction.Running j = start(false)) {
      assertThat(backendOf(j, "/y")).isEqualTo("a");

      write(aAndB("    - path: /x\n      backend: a\n    - path: /y\n      backend: b\n", "  proxy: {connect_timeout: 3s}\n"));
      JsonNode outcome = reload(j, 200);

      assertThat(outcome.path("status").asText()).isEqualTo("applied");
      assertThat(outcome.path("trigger").asText()).isEqualTo("admin");
      assertThat(outcome.path("restartRequired").toString()).contains("proxy changed: restart to apply");
      // Both event loops got a client for the new backend: several requests, several connections.
      for (int i = 0; i < 6; i++) {
        assertThat(backendOf(j, "/y")).isEqualTo("b");
      }
      assertThat(backendOf(j, "/x")).isEqualTo("a");
      assertThat(j.config().backends()).extracting(c -> c.name()).containsExactly("a", "b");
      assertThat(send(j.adminUri(), "GET", "/routes", null).body()).contains("\"/y\"");
      assertThat(send(j.adminUri(), "GET", "/backends", null).body()).contains("\"name\":\"b\"");
    }
  }

  @Test
  void aBadFileKeepsTheOldRoutingAndTheAdminCallReturnsTheProblemsWithLineNumbers() throws Exception {
    write(onlyA());
    try (Junction.Running j = start(false)) {
      write(aAndB("    - path: /x\n      backend: nowhere\n", ""));
      JsonNode outcome = reload(j, 422);

      assertThat(outcome.path("status").asText()).isEqualTo("refused");
      String problem = outcome.path("problems").get(0).asText();
      assertThat(problem).startsWith(file + ":9:").contains("nowhere");
      assertThat(backendOf(j, "/x")).isEqualTo("a");
      assertThat(j.config().backends()).hasSize(1);
      JsonNode last = JSON.readTree(send(j.adminUri(), "GET", "/config/reload", null).body());
      assertThat(last.path("status").asText()).isEqualTo("refused");
      assertThat(last.path("problems").get(0).asText()).isEqualTo(problem);
    }
  }

  @Test
  void aFileThatIsNotYamlIsRefusedNamingTheFile() throws Exception {
    write(onlyA());
    try (Junction.Running j = start(false)) {
      write("junction:\n  backends: [\n");
      ReloadOutcome outcome = j.reload();

      assertThat(outcome.status()).isEqualTo(ReloadOutcome.Status.REFUSED);
      assertThat(outcome.problems()).isNotEmpty().allSatisfy(p -> assertThat(p).startsWith(file.toString()));
      assertThat(backendOf(j, "/x")).isEqualTo("a");
    }
  }

  @Test
  void reloadingTheSameFileChangesNothing() throws Exception {
    write(onlyA());
    try (Junction.Running j = start(false)) {
      ReloadOutcome outcome = j.reload();

      assertThat(outcome.status()).isEqualTo(ReloadOutcome.Status.UNCHANGED);
      assertThat(j.lastReload()).isEqualTo(outcome);
    }
  }

  @Test
  void anInFlightStreamingResponseStartedBeforeTheReloadCompletesUnchanged() throws Exception {
    List<HttpServerRequest> held = new CopyOnWriteArrayList<>();
    a.handler(req -> {
      req.response().setChunked(true).putHeader("Content-Type", "text/plain");
      req.response().write("first-half;");
      held.add(req);
    });
    write(config("    a: " + a.uri() + "\n    b: " + b.uri() + "\n", "    - path: /stream\n      backend: a\n", ""));
    try (Junction.Running j = start(false)) {
      CompletableFuture<HttpResponse<String>> inFlight = ProxyFixture.CLIENT.sendAsync(
          HttpRequest.newBuilder(j.uri().resolve("/stream")).timeout(Duration.ofSeconds(20)).build(),
          HttpResponse.BodyHandlers.ofString());
      Await.until("the backend streams the first half", () -> held.size() == 1);

      write(config("    a: " + a.uri() + "\n    b: " + b.uri() + "\n", "    - path: /stream\n      backend: b\n", ""));
      assertThat(reload(j, 200).path("status").asText()).isEqualTo("applied");
      a.runOnContext(() -> held.get(0).response().end("second-half"));
      HttpResponse<String> finished = inFlight.get(20, TimeUnit.SECONDS);

      assertThat(finished.statusCode()).isEqualTo(200);
      assertThat(finished.body()).isEqualTo("first-half;second-half");
      assertThat(backendOf(j, "/stream")).isEqualTo("b");
    }
  }

  @Test
  void aWatchedFileIsReloadedWhenItChanges() throws Exception {
    write(onlyA());
    try (Junction.Running j = start(true)) {
      write(aAndB("    - path: /x\n      backend: b\n", ""));

      Await.until(Duration.ofSeconds(20), "the watcher applies the new file", () -> {
        ReloadOutcome last = j.lastReload();
        return last != null && last.status() == ReloadOutcome.Status.APPLIED;
      });
      assertThat(j.lastReload().trigger()).isEqualTo("file-watch");
      assertThat(backendOf(j, "/x")).isEqualTo("b");
    }
  }

  @Test
  void aBadFileDeliveredByTheWatcherIsRefusedWithItsReasonAndTheOldRoutingKeepsServing() throws Exception {
    write(onlyA());
    try (Junction.Running j = start(true); LogCapture logs = new LogCapture()) {
      write(aAndB("    - path: /x\n      backend: nowhere\n", ""));

      Await.until(Duration.ofSeconds(20), "the watcher refuses the new file", () -> {
        ReloadOutcome last = j.lastReload();
        return last != null && last.status() == ReloadOutcome.Status.REFUSED;
      });
      JsonNode last = JSON.readTree(send(j.adminUri(), "GET", "/config/reload", null).body());

      assertThat(last.path("trigger").asText()).isEqualTo("file-watch");
      assertThat(last.path("problems").get(0).asText()).startsWith(file + ":9:").contains("unknown backend 'nowhere'");
      assertThat(logs.messages()).anyMatch(m -> m.contains("config reload (file-watch) refused"))
          .anyMatch(m -> m.contains(file + ":9:") && m.contains("nowhere"));
      assertThat(backendOf(j, "/x")).isEqualTo("a");
      assertThat(j.config().backends()).extracting(c -> c.name()).containsExactly("a");
    }
  }

  @Test
  void reloadingBackAndForthUnderLoadFailsNoRequestAndEveryAnswerComesFromABackendOneOfTheConfigsAllows()
      throws Exception {
    try (TestBackend c = TestBackend.echo(VERTX.get(), "c")) {
      a.withoutRecording();
      b.withoutRecording();
      c.withoutRecording();
      // first: /x -> a, /y -> b; second adds backend c and moves both paths: /x -> b, /y -> c
      String first = aAndB("    - path: /x\n      backend: a\n    - path: /y\n      backend: b\n", "");
      String second = config("    a: " + a.uri() + "\n    b: " + b.uri() + "\n    c: " + c.uri() + "\n",
          "    - path: /x\n      backend: b\n    - path: /y\n      backend: c\n", "");
      Map<String, Set<String>> allowed = Map.of("/x", Set.of("a", "b"), "/y", Set.of("b", "c"));
      write(first);
      try (Junction.Running j = start(false)) {
        AtomicBoolean stop = new AtomicBoolean();
        Map<String, AtomicLong> answered = Map.of("/x", new AtomicLong(), "/y", new AtomicLong());
        List<String> failures = new CopyOnWriteArrayList<>();
        Map<String, Set<String>> seen = new ConcurrentHashMap<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<?>> running = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
          String path = t % 2 == 0 ? "/x" : "/y";
          running.add(clients.submit(() -> {
            while (!stop.get()) {
              try {
                HttpResponse<String> r = send(j.uri(), "GET", path, null);
                String backend = r.statusCode() == 200 ? JSON.readTree(r.body()).path("backend").asText() : "";
                if (!allowed.get(path).contains(backend)) {
                  failures.add(path + " -> " + r.statusCode() + " " + r.body());
                }
                seen.computeIfAbsent(path, k -> ConcurrentHashMap.newKeySet()).add(backend);
              } catch (Exception e) {
                failures.add(path + " -> " + e);
              }
              answered.get(path).incrementAndGet();
            }
            return null;
          }));
        }
        try {
          for (int i = 0; i < 40; i++) {
            write(i % 2 == 0 ? second : first);
            assertThat(j.reload().status()).as("reload %d", i).isEqualTo(ReloadOutcome.Status.APPLIED);
            // Two clients per path, one request each at a time: of three answers after the reload, one
            // at least was sent after it. So every reload is overlapped by requests both ways.
            long x = answered.get("/x").get() + 3;
            long y = answered.get("/y").get() + 3;
            Await.until(Duration.ofSeconds(30), "clients answered after reload " + i,
                () -> answered.get("/x").get() >= x && answered.get("/y").get() >= y);
          }
        } finally {
          stop.set(true);
          for (Future<?> f : running) {
            f.get(60, TimeUnit.SECONDS);
          }
          clients.shutdown();
        }

        assertThat(failures).isEmpty();
        assertThat(seen).isEqualTo(allowed);
      }
    }
  }

  @Test
  void aRuntimeAliasSurvivesAReloadThatChangesTheConfigAliases() throws Exception {
    write(onlyA());
    try (Junction.Running j = start(false)) {
      j.aliases().add("/v9/x", "/x");
      write(config("    a: " + a.uri() + "\n", "    - path: /x\n      backend: a\n",
          "  aliases:\n    /x: [/old/x]\n"));

      assertThat(j.reload().status()).isEqualTo(ReloadOutcome.Status.APPLIED);
      HttpResponse<String> viaRuntime = send(j.uri(), "GET", "/v9/x", null);
      HttpResponse<String> viaConfig = send(j.uri(), "GET", "/old/x", null);

      assertThat(JSON.readTree(viaRuntime.body()).path("uri").asText()).isEqualTo("/x");
      assertThat(JSON.readTree(viaConfig.body()).path("uri").asText()).isEqualTo("/x");
    }
  }

  @Test
  void withoutAConfigFileTheAdminReloadIs409() throws Exception {
    try (Junction.Running j = Junction.builder()
        .config(dev.junction.config.JunctionConfig.defaults()
            .withBackends(List.of(ProxyFixture.backend("a", a.uri())))
            .withCache(ProxyFixture.memoryCache())
            .withAdmin(new dev.junction.config.AdminConfig(true, new dev.junction.config.HostPort("127.0.0.1", 0), TOKEN)))
        .listen("127.0.0.1", 0).build().start()) {
      assertThat(send(j.adminUri(), "POST", "/config/reload", TOKEN).statusCode()).isEqualTo(409);
      assertThat(j.lastReload()).isNull();
    }
  }
}
