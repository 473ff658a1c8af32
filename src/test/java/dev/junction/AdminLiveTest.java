package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.AdminConfig;
import dev.junction.config.CacheConfig;
import dev.junction.config.HostPort;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RedisServerExtension;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The admin API bound to a running Junction: changes take effect on live traffic. */
class AdminLiveTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "s3cret-token";

  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  private TestBackend speech;


  @BeforeEach
  void backend() {
    speech = TestBackend.echo(VERTX.get(), "speech");
  }

  @AfterEach
  void close() {
    speech.close();
  }

  private Junction.Running start(CacheConfig cache) {
    JunctionConfig c = JunctionConfig.defaults()
        .withBackends(List.of(ProxyFixture.backend("speech", speech.uri())))
        .withAliases(Map.of("/health", List.of("/v1/health")))
        .withCache(cache)
        .withAdmin(new AdminConfig(true, new HostPort("127.0.0.1", 0), TOKEN));
    return Junction.builder().config(c).listen("127.0.0.1", 0).decisionHeader(true).build().start();
  }

  private static CacheConfig sqlite(Path dir) {
    return new CacheConfig(CacheConfig.Store.SQLITE, dir.resolve("junction.db"), null, Duration.ofHours(1), 1000, Map.of());
  }

  private static HttpResponse<String> call(URI base, String method, String path, String body, String token) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return ProxyFixture.CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> addAlias(Junction.Running j, String alias, String primary, String token) throws Exception {
    return call(j.adminUri(), "POST", "/aliases", "{\"alias\":\"" + alias + "\",\"primary\":\"" + primary + "\"}", token);
  }

  @Test
  void anAliasAddedAtRuntimeRoutesLiveTrafficAndSurvivesARestart(@TempDir Path dir) throws Exception {
    try (Junction.Running j = start(sqlite(dir))) {
      HttpResponse<String> added = addAlias(j, "/v1/audio/speech", "/audio/speech", TOKEN);
      HttpResponse<String> routed = call(j.uri(), "POST", "/v1/audio/speech", "{\"input\":\"hi\"}", null);

      assertThat(added.statusCode()).isEqualTo(201);
      assertThat(JSON.readTree(routed.body()).get("uri").asText()).isEqualTo("/audio/speech");
    }
    try (Junction.Running again = start(sqlite(dir))) {
      HttpResponse<String> routed = call(again.uri(), "POST", "/v1/audio/speech", "{\"input\":\"hi\"}", null);

      assertThat(JSON.readTree(routed.body()).get("uri").asText()).isEqualTo("/audio/speech");
    }
  }

  @Test
  void anAliasAddedOnOneInstanceReachesAnotherSharingRedis() throws Exception {
    CacheConfig redis = new CacheConfig(CacheConfig.Store.REDIS, CacheConfig.DEFAULT_SQLITE_PATH, REDIS.uri(), Duration.ofHours(1), 1000, Map.of());
    try (Junction.Running a = start(redis); Junction.Running b = start(redis)) {
      addAlias(a, "/v2/speak", "/speak", TOKEN);

      HttpResponse<String> onB = DecisionPersistenceTest.Await.until(
          () -> call(b.uri(), "GET", "/v2/speak", null, null), r -> r.body().contains("\"uri\":\"/speak\""));

      assertThat(JSON.readTree(onB.body()).get("uri").asText()).isEqualTo("/speak");
    }
  }

  @Test
  void whenTheAdminPortIsTakenNothingStaysRunning(@TempDir Path dir) throws Exception {
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      int dataPort;
      try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
        dataPort = probe.getLocalPort();
      }
      JunctionConfig c = JunctionConfig.defaults()
          .withBackends(List.of(ProxyFixture.backend("speech", speech.uri())))
          .withCache(sqlite(dir))
          .withAdmin(new AdminConfig(true, new HostPort("127.0.0.1", taken.getLocalPort()), TOKEN));
      Junction junction = Junction.builder().config(c).listen("127.0.0.1", dataPort).build();

      org.assertj.core.api.Assertions.assertThatThrownBy(junction::start).hasMessageContaining("Address already in use");
      try (java.net.ServerSocket rebind = new java.net.ServerSocket(dataPort, 50, java.net.InetAddress.getLoopbackAddress())) {
        assertThat(rebind.getLocalPort()).isEqualTo(dataPort);
      }
    }
  }

  @Test
  void changesNeedTheTokenAndConflictsAre409(@TempDir Path dir) throws Exception {
    try (Junction.Running j = start(sqlite(dir))) {
      HttpResponse<String> none = addAlias(j, "/v1/x", "/x", null);
      HttpResponse<String> wrong = addAlias(j, "/v1/x", "/x", "nope");
      HttpResponse<String> clash = addAlias(j, "/v1/health", "/other", TOKEN);

      assertThat(List.of(none.statusCode(), wrong.statusCode(), clash.statusCode())).containsExactly(401, 401, 409);
      assertThat(clash.headers().firstValue("content-type")).hasValue("application/problem+json");
      assertThat(clash.body()).contains("/v1/health");
    }
  }

  @Test
  void healthAnswersOnBothPlanesAndUnderItsAlias(@TempDir Path dir) throws Exception {
    try (Junction.Running j = start(sqlite(dir))) {
      JsonNode admin = JSON.readTree(call(j.adminUri(), "GET", "/v1/health", null, null).body());
      JsonNode data = JSON.readTree(call(j.uri(), "GET", "/v1/health", null, null).body());

      assertThat(admin.get("status").asText()).isEqualTo("up");
      assertThat(data.get("checks").toString()).isEqualTo(admin.get("checks").toString());
    }
  }

  @Test
  void explainShowsARememberedDecisionWithoutForwarding(@TempDir Path dir) throws Exception {
    try (Junction.Running j = start(sqlite(dir))) {
      call(j.uri(), "GET", "/voices", null, null);
      int seenBefore = speech.seen().size();

      JsonNode e = JSON.readTree(call(j.adminUri(), "POST", "/routes/explain", "{\"method\":\"GET\",\"path\":\"/voices\"}", null).body());

      assertThat(e.get("decision").asText()).isEqualTo("cache");
      assertThat(e.get("backends").get(0).asText()).isEqualTo("speech");
      assertThat(speech.seen()).hasSize(seenBefore);
    }
  }

  @Test
  void explainRunsTheSamePipelineAsRequestsSoAnOwnEndpointIsLocalEvenThroughItsAlias(@TempDir Path dir) throws Exception {
    try (Junction.Running j = start(sqlite(dir))) {
      HttpResponse<String> served = call(j.uri(), "GET", "/v1/health", null, null);

      JsonNode e = JSON.readTree(call(j.adminUri(), "POST", "/routes/explain", "{\"method\":\"GET\",\"path\":\"/v1/health\"}", null).body());

      assertThat(served.statusCode()).isEqualTo(200);
      assertThat(e.get("decision").asText()).isEqualTo("local");
      assertThat(e.get("primaryPath").asText()).isEqualTo("/health");
      assertThat(e.get("backends")).isEmpty();
    }
  }

  @Test
  void explainShowsTheCanonicalPathWhenItDiffersFromTheOneGiven(@TempDir Path dir) throws Exception {
    try (Junction.Running j = start(sqlite(dir))) {
      JsonNode e = JSON.readTree(call(j.adminUri(), "POST", "/routes/explain",
          "{\"method\":\"GET\",\"path\":\"/x/../voices\"}", null).body());

      assertThat(e.get("steps").get(0).asText()).isEqualTo("canonical path: /voices");
      assertThat(e.get("primaryPath").asText()).isEqualTo("/voices");
    }
  }

  @Test
  void aCacheEntryCanBeInspectedAndDeleted(@TempDir Path dir) throws Exception {
    try (Junction.Running j = start(sqlite(dir))) {
      call(j.uri(), "GET", "/voices", null, null);
      JsonNode listing = JSON.readTree(call(j.adminUri(), "GET", "/cache", null, null).body());
      String key = listing.get("entries").get(0).get("key").asText();
      String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");

      HttpResponse<String> one = call(j.adminUri(), "GET", "/cache/" + encoded, null, null);
      HttpResponse<String> deleted = call(j.adminUri(), "DELETE", "/cache/" + encoded, null, TOKEN);
      HttpResponse<String> gone = call(j.adminUri(), "GET", "/cache/" + encoded, null, null);

      assertThat(one.body()).contains("\"backend\":\"speech\"");
      assertThat(List.of(deleted.statusCode(), gone.statusCode())).containsExactly(204, 404);
    }
  }

  @Test
  void theEndpointsListShowsPrimariesWithTheirAliasesAndTheSpecHidesAliases(@TempDir Path dir) throws Exception {
    try (Junction.Running j = start(sqlite(dir))) {
      JsonNode endpoints = JSON.readTree(call(j.adminUri(), "GET", "/endpoints", null, null).body());
      String spec = call(j.adminUri(), "GET", "/openapi.json", null, null).body();

      JsonNode health = null;
      for (JsonNode e : endpoints) {
        if (e.get("path").asText().equals("/health")) {
          health = e;
        }
      }
      assertThat(health).isNotNull();
      assertThat(health.get("aliases").toString()).isEqualTo("[\"/v1/health\"]");
      assertThat(spec).contains("\"/health\"").doesNotContain("/v1/health");
    }
  }
}
