package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.AdminConfig;
import dev.junction.config.CacheConfig;
import dev.junction.config.EjectionConfig;
import dev.junction.config.HealthCheckConfig;
import dev.junction.config.HostPort;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.config.StatusSet;
import dev.junction.testing.Await;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Active health checks seen from outside: a whole Junction over real HTTP backends, watched through
 * its data plane and the admin {@code backends} API. The ejection cool-down is long (5 min), so a
 * backend coming back can only be the health check's doing.
 */
class HealthCheckLiveTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  private static HealthCheckConfig fastCheck() {
    return new HealthCheckConfig("/healthz", Duration.ofMillis(100), Duration.ofMillis(100), StatusSet.SUCCESS_2XX);
  }

  private static JunctionConfig config(List<dev.junction.config.BackendConfig> backends) {
    return JunctionConfig.defaults()
        .withBackends(backends)
        .withProxy(ProxyConfig.defaults().withEjection(new EjectionConfig(2, Duration.ofMinutes(5))))
        .withCache(new CacheConfig(CacheConfig.Store.MEMORY, CacheConfig.DEFAULT_SQLITE_PATH, null, Duration.ofMinutes(5), 100,
            Map.of()))
        .withAdmin(new AdminConfig(true, new HostPort("127.0.0.1", 0), null));
  }

  @Test
  void aBackendWhoseHealthCheckStartsFailingIsEjectedWithoutClientTrafficAndComesBackWhenItPasses() throws Exception {
    AtomicInteger status = new AtomicInteger(200);
    try (TestBackend checked = TestBackend.echo(vertx, "checked"); TestBackend other = TestBackend.echo(vertx, "other")) {
      checked.handler(req -> {
        if (req.path().equals("/healthz")) {
          req.response().setStatusCode(status.get()).end("ok?");
        } else {
          req.response().end("checked");
        }
      });
      JunctionConfig c = config(List.of(ProxyFixture.backend("checked", checked.uri()).withHealth(fastCheck()),
          ProxyFixture.backend("other", other.uri())));
      try (Junction.Running j = Junction.builder().config(c).listen("127.0.0.1", 0).decisionHeader(true).build().start()) {
        URI admin = j.adminUri();
        Await.until(WAIT, "a passing check shown", () -> lastCheck(admin, 0).path("passed").asBoolean(false));
        assertThat(backend(admin, 0).get("health").get("state").asText()).isEqualTo("up");
        assertThat(lastCheck(admin, 0).get("detail").asText()).isEqualTo("HTTP 200");
        assertThat(lastCheck(admin, 0).get("path").asText()).isEqualTo("/healthz");

        status.set(503);
        Await.until(WAIT, "ejected by failing checks", () -> state(admin, 0).equals("ejected"));

        JsonNode failed = lastCheck(admin, 0);
        assertThat(failed.get("passed").asBoolean()).isFalse();
        assertThat(failed.get("detail").asText()).startsWith("HTTP 503");
        assertThat(backend(admin, 0).get("health").get("detail").asText()).startsWith("health check: HTTP 503");
        assertThat(checked.seen()).allSatisfy(seen -> assertThat(seen.uri()).isEqualTo("/healthz"));
        HttpResponse<String> whileEjected = get(j.uri().resolve("/work"));
        assertThat(whileEjected.headers().firstValue("X-Junction-Decision")).hasValueSatisfying(
            d -> assertThat(d).contains("backend=other"));

        status.set(200);
        Await.until(WAIT, "back after a passing check", () -> state(admin, 0).equals("up"));
        assertThat(lastCheck(admin, 0).get("passed").asBoolean()).isTrue();
        assertThat(backend(admin, 0).get("health").get("consecutiveFailures").asInt()).isZero();
      }
    }
  }

  @Test
  void anUnreachableBackendFailsItsChecksAndABackendWithoutHealthCheckShowsNoLastCheck() throws Exception {
    URI refusing;
    try (ServerSocket s = new ServerSocket(0)) {
      refusing = URI.create("http://127.0.0.1:" + s.getLocalPort());
    }
    try (TestBackend plain = TestBackend.echo(vertx, "plain")) {
      JunctionConfig c = config(List.of(ProxyFixture.backend("gone", refusing).withHealth(fastCheck()),
          ProxyFixture.backend("plain", plain.uri())));
      try (Junction.Running j = Junction.builder().config(c).listen("127.0.0.1", 0).build().start()) {
        URI admin = j.adminUri();
        Await.until(WAIT, "ejected by refused checks", () -> state(admin, 0).equals("ejected"));

        assertThat(lastCheck(admin, 0).get("passed").asBoolean()).isFalse();
        assertThat(lastCheck(admin, 0).get("detail").asText()).containsIgnoringCase("refused");
        JsonNode plainHealth = backend(admin, 1).get("health");
        assertThat(plainHealth.path("lastCheck").isMissingNode() || plainHealth.path("lastCheck").isNull()).isTrue();
        assertThat(plainHealth.get("state").asText()).isEqualTo("unknown");
      }
    }
  }

  @Test
  void closingJunctionStopsTheChecks() throws Exception {
    try (TestBackend checked = TestBackend.echo(vertx, "checked")) {
      JunctionConfig c = config(List.of(ProxyFixture.backend("checked", checked.uri()).withHealth(fastCheck())));
      Junction.Running j = Junction.builder().config(c).listen("127.0.0.1", 0).build().start();
      Await.until(WAIT, "a first check", () -> !checked.seen().isEmpty());
      j.close();
      int afterClose = checked.seen().size();
      Thread.sleep(500); // five intervals: long enough for checks to show up were they still running

      assertThat(checked.seen()).hasSize(afterClose);
    }
  }

  @Test
  void aReloadStartsChangesAndStopsHealthChecks(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    try (TestBackend a = TestBackend.echo(vertx, "a"); TestBackend b = TestBackend.echo(vertx, "b")) {
      java.nio.file.Path file = dir.resolve("junction.yaml");
      java.nio.file.Files.writeString(file, yaml(a, null, b, null));
      try (Junction.Running j = Junction.builder().config(file).listen("127.0.0.1", 0).build().start()) {
        java.nio.file.Files.writeString(file, yaml(a, "/healthz", b, null));
        ReloadOutcome added = j.reload();

        assertThat(added.status()).isEqualTo(ReloadOutcome.Status.APPLIED);
        assertThat(added.restartRequired()).isEmpty();
        Await.until(WAIT, "a's check starts with the reload", () -> checks(a, "/healthz") > 0);
        java.nio.file.Files.writeString(file, yaml(a, "/ready", b, null));
        assertThat(j.reload().status()).isEqualTo(ReloadOutcome.Status.APPLIED);
        Await.until(WAIT, "a is checked on its new path", () -> checks(a, "/ready") > 0);
        long onOldPath = checks(a, "/healthz");
        java.nio.file.Files.writeString(file, yaml(a, null, b, "/healthz"));
        assertThat(j.reload().status()).isEqualTo(ReloadOutcome.Status.APPLIED);
        Await.until(WAIT, "b's check starts with the reload", () -> checks(b, "/healthz") > 0);
        int aSeen = a.seen().size();
        Thread.sleep(500); // five intervals: long enough for a's checks to show up were they still running

        assertThat(checks(a, "/healthz")).isEqualTo(onOldPath);
        assertThat(a.seen()).hasSize(aSeen);
        assertThat(b.seen()).isNotEmpty().allSatisfy(seen -> assertThat(seen.uri()).isEqualTo("/healthz"));
      }
    }
  }

  /** Backends a and b, each with a 100 ms check on {@code path} or without one when it is null. */
  private static String yaml(TestBackend a, @org.jspecify.annotations.Nullable String aPath, TestBackend b,
      @org.jspecify.annotations.Nullable String bPath) {
    return """
        junction:
          backends:
            a: %s
            b: %s
          cache: {store: memory}
        """.formatted(backend(a, aPath), backend(b, bPath));
  }

  private static String backend(TestBackend t, @org.jspecify.annotations.Nullable String path) {
    return path == null ? t.uri().toString()
        : "{url: %s, health: {path: %s, interval: 100ms, timeout: 100ms}}".formatted(t.uri(), path);
  }

  private static long checks(TestBackend t, String path) {
    return t.seen().stream().filter(seen -> seen.uri().equals(path)).count();
  }

  private static String state(URI admin, int i) {
    return backend(admin, i).get("health").get("state").asText();
  }

  private static JsonNode lastCheck(URI admin, int i) {
    return backend(admin, i).get("health").path("lastCheck");
  }

  private static JsonNode backend(URI admin, int i) {
    try {
      JsonNode backends = JSON.readTree(get(admin.resolve("/backends")).body());
      return backends.isArray() ? backends.get(i) : backends.findValue("backends").get(i);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
