package dev.junction.admin;

import static dev.junction.admin.AdminFixture.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.admin.AdminFixture.Reply;
import dev.junction.admin.config.ReloadResult;
import dev.junction.admin.config.ReloadStatus;
import dev.junction.admin.health.HealthCheck;
import dev.junction.admin.health.HealthReport;
import dev.junction.admin.health.HealthStatus;
import dev.junction.routing.CacheKey;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestClassOrder;

/**
 * Every admin operation over real HTTP against in-memory services. The last nested class checks
 * that each registered operation's handler ran at least once.
 */
@TestClassOrder(ClassOrderer.OrderAnnotation.class)
class AdminApiTest {
  static AdminFixture admin;

  @BeforeAll
  static void start() {
    admin = AdminFixture.start();
  }

  @AfterAll
  static void stop() {
    admin.close();
  }

  static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Nested
  class Health {
    @Test
    void upAnswers200WithTheReport() {
      Reply r = admin.get("/health");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.contentType()).isEqualTo("application/json");
      assertThat(r.json().path("status").asText()).isEqualTo("up");
      assertThat(r.json().path("checks").get(0).path("name").asText()).isEqualTo("cache-store");
    }

    @Test
    void downAnswers503WithTheSameShape() {
      HealthReport before = admin.fakes.health;
      admin.fakes.health = HealthReport.of("0.1.0-test", 1, List.of(new HealthCheck("proxy", HealthStatus.DOWN, "not listening")));
      try {
        Reply r = admin.get("/health");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.json().path("status").asText()).isEqualTo("down");
      } finally {
        admin.fakes.health = before;
      }
    }

    @Test
    void anAliasOfHealthAnswersLikeHealth() {
      Reply alias = admin.get("/v1/health");
      assertThat(alias.status()).isEqualTo(200);
      assertThat(alias.json()).isEqualTo(admin.get("/health").json());
    }
  }

  @Nested
  class Config {
    @Test
    void showsTheConfigurationWithoutAnySecret() {
      Reply r = admin.get("/config");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("admin").path("tokenSet").asBoolean()).isTrue();
      assertThat(r.json().path("cache").path("redisUri").asText()).isEqualTo("redis://:***@cache.internal:6379/0");
      assertThat(r.body()).doesNotContain(SampleConfig.ADMIN_TOKEN, SampleConfig.REDIS_PASSWORD,
          SampleConfig.BACKEND_PASSWORD);
    }

    @Test
    void reloadNeedsTheTokenThenAnswersTheOutcomeWhichTheStatusShows() {
      assertThat(admin.send("POST", "/config/reload", null, null).status()).isEqualTo(401);
      Reply r = admin.send("POST", "/config/reload", TOKEN, null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("status").asText()).isEqualTo("applied");
      assertThat(r.json().path("trigger").asText()).isEqualTo("admin");
      assertThat(admin.get("/config/reload").json().path("status").asText()).isEqualTo("applied");
    }

    @Test
    void aRefusedReloadAnswers422WithTheProblems() {
      admin.fakes.nextReload = new ReloadResult(ReloadStatus.REFUSED, "/etc/junction.yaml", "admin", FakeServices.T0,
          List.of("/etc/junction.yaml:3:5: rules[0].backend: unknown backend 'z'"), List.of());
      try {
        Reply r = admin.send("POST", "/config/reload", TOKEN, null);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().path("problems").get(0).asText()).startsWith("/etc/junction.yaml:3:5: rules[0].backend");
      } finally {
        admin.fakes.nextReload = new ReloadResult(ReloadStatus.APPLIED, "/etc/junction.yaml", "admin", FakeServices.T0,
            List.of(), List.of());
      }
    }

    @Test
    void reloadWithoutAConfigFileIs409() {
      admin.fakes.nextReload = null;
      try {
        assertThat(admin.send("POST", "/config/reload", TOKEN, null).status()).isEqualTo(409);
      } finally {
        admin.fakes.nextReload = new ReloadResult(ReloadStatus.APPLIED, "/etc/junction.yaml", "admin", FakeServices.T0,
            List.of(), List.of());
      }
    }
  }

  @Nested
  class Routes {
    @Test
    void listsTheRulesInOrderWithPayloadConditionsAsText() {
      Reply r = admin.get("/routes");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get(0).path("id").asText()).isEqualTo("chat-gpt4o");
      assertThat(r.json().get(0).path("payload").get(0).asText()).isEqualTo("/model equals \"gpt-4o\" and /stream exists");
      assertThat(r.json().get(1).path("origin").asText()).isEqualTo("junction.yaml:20");
    }

    @Test
    void explainNeedsNoTokenAndEchoesTheAliasUsed() {
      Reply r = admin.send("POST", "/routes/explain", null,
          "{\"method\":\"get\",\"path\":\"/v1/health\",\"payload\":{\"model\":\"x\"},\"headers\":{\"accept\":\"*/*\"}}");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("alias").asText()).isEqualTo("/v1/health");
      assertThat(r.json().path("primaryPath").asText()).isEqualTo("/health");
      assertThat(r.json().path("cacheKey").asText()).isEqualTo("GET /health -");
      assertThat(r.json().path("decision").asText()).isEqualTo("discovery");
    }

    @Test
    void explainRefusesAPathWithoutSlashNamingTheField() {
      Reply r = admin.send("POST", "/routes/explain", null, "{\"method\":\"GET\",\"path\":\"health\"}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().path("detail").asText()).isEqualTo("path: 'health' (expected: starts with /)");
    }
  }

  @Nested
  class Backends {
    @Test
    void listsBackendsWithHealthAndNoPassword() {
      Reply r = admin.get("/backends");
      assertThat(r.status()).isEqualTo(200);
      JsonNode gpu2 = r.json().get(1);
      assertThat(gpu2.path("url").asText()).isEqualTo("https://svc:***@10.0.0.6/api");
      assertThat(gpu2.path("health").path("state").asText()).isEqualTo("ejected");
      assertThat(gpu2.path("health").path("consecutiveFailures").asInt()).isEqualTo(5);
    }
  }

  @Nested
  class Requests {
    @Test
    void listsTheLatestRequestsNewestFirstUpToTheLimit() {
      Reply r = admin.get("/requests/recent?limit=1");
      assertThat(r.status()).isEqualTo(200);
      JsonNode requests = r.json().get("requests");
      assertThat(requests).hasSize(1);
      assertThat(requests.get(0).path("requestId").asText()).isEqualTo("req-2");
      assertThat(requests.get(0).path("alias").asText()).isEqualTo("/chat");
      assertThat(requests.get(0).path("durationMs").asLong()).isEqualTo(42);
    }

    @Test
    void aLimitAboveWhatIsKeptIsRefused() {
      assertThat(admin.get("/requests/recent?limit=201").status()).isEqualTo(400);
    }
  }

  @Nested
  class Cache {
    @Test
    void listsEntriesSortedWithTheStoreHealth() {
      Reply r = admin.get("/cache");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("entries").get(0).path("key").asText()).isEqualTo("GET /models -");
      assertThat(r.json().path("store").path("up").asBoolean()).isTrue();
    }

    @Test
    void limitAndPathFilterTheList() {
      Reply r = admin.get("/cache?limit=1&path=" + encode("/v1/chat/completions"));
      assertThat(r.json().path("entries")).hasSize(1);
      assertThat(r.json().path("entries").get(0).path("path").asText()).isEqualTo("/v1/chat/completions");
      assertThat(r.json().path("truncated").asBoolean()).isTrue();
    }

    @Test
    void aLimitBelowOneIsRefused() {
      Reply r = admin.get("/cache?limit=0");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().path("detail").asText()).isEqualTo("limit: 0 (expected: >= 1)");
    }

    @Test
    void aNonNumericLimitIsRefused() {
      assertThat(admin.get("/cache?limit=lots").json().path("detail").asText())
          .isEqualTo("limit: 'lots' (expected: an integer)");
    }

    @Test
    void oneEntryIsAddressedByItsUrlEncodedKey() {
      Reply r = admin.get("/cache/" + encode("POST /v1/chat/completions ab12"));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("backend").asText()).isEqualTo("gpu-2");
      assertThat(r.json().path("decidedAt").asText()).isEqualTo("2026-01-02T03:04:05Z");
    }

    @Test
    void anAbsentEntryIs404() {
      Reply r = admin.get("/cache/" + encode("GET /nothing -"));
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void aMalformedKeyIs400() {
      assertThat(admin.get("/cache/nospace").status()).isEqualTo(400);
    }

    @Test
    void deletingOneEntryAnswers204ThenItIsGone() {
      admin.fakes.put(new CacheKey("GET", "/tmp/x", "-"), "gpu-1");
      String path = "/cache/" + encode("GET /tmp/x -");
      assertThat(admin.send("DELETE", path, TOKEN, null).status()).isEqualTo(204);
      assertThat(admin.send("DELETE", path, TOKEN, null).status()).isEqualTo(404);
    }

    @Test
    void deletingWithoutTheTokenIs401AndKeepsTheEntry() {
      String path = "/cache/" + encode("GET /models -");
      Reply r = admin.send("DELETE", path, null, null);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
      assertThat(admin.get(path).status()).isEqualTo(200);
    }

    @Test
    void deletingWithAWrongTokenIs401() {
      Reply r = admin.send("DELETE", "/cache", "not-the-token", null);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).contains("invalid_token");
    }

    @Test
    void clearingReportsHowManyWereRemoved() {
      FakeServices other = new FakeServices();
      int before = admin.fakes.cache.size();
      Reply r = admin.send("DELETE", "/cache", TOKEN, null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().path("removed").asLong()).isEqualTo(before);
      admin.fakes.cache.putAll(other.cache);
    }
  }

  @Nested
  class ModelAliases {
    @Test
    void listsTheConfiguredOnes() {
      Reply r = admin.get("/model-aliases");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).contains("\"name\":\"gpt-4o\"", "\"model\":\"llama-3.1-70b\"", "\"source\":\"config\"");
    }

    @Test
    void addingAnswers201ThenRemovingAnswers204AndAConfiguredOneIs409() {
      Reply added = admin.send("POST", "/model-aliases", TOKEN, "{\"name\":\"org/gpt-4o-mini\",\"model\":\"qwen\"}");
      assertThat(added.status()).isEqualTo(201);
      assertThat(added.json().path("source").asText()).isEqualTo("runtime");
      assertThat(added.json().has("backend")).isFalse();
      assertThat(admin.send("DELETE", "/model-aliases?name=" + encode("org/gpt-4o-mini"), TOKEN, null).status())
          .isEqualTo(204);
      assertThat(admin.send("DELETE", "/model-aliases?name=gpt-4o", TOKEN, null).status()).isEqualTo(409);
      assertThat(admin.send("DELETE", "/model-aliases?name=nope", TOKEN, null).status()).isEqualTo(404);
    }

    @Test
    void anAliasOfItselfIs400AndChangesNeedTheToken() {
      assertThat(admin.send("POST", "/model-aliases", TOKEN, "{\"name\":\"a\",\"model\":\"a\"}").status())
          .isEqualTo(400);
      assertThat(admin.send("POST", "/model-aliases", null, "{\"name\":\"b\",\"model\":\"c\"}").status())
          .isEqualTo(401);
      assertThat(admin.fakes.modelAliases).doesNotContainKey("b");
    }
  }

  @Nested
  class Aliases {
    @Test
    void listsConfiguredAliases() {
      Reply r = admin.get("/aliases");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.body()).contains("\"alias\":\"/v1/health\"", "\"source\":\"config\"", "\"kind\":\"exact\"");
    }

    @Test
    void addingAnswers201ThenRemovingAnswers204() {
      Reply added = admin.send("POST", "/aliases", TOKEN, "{\"alias\":\"/v1/models/*\",\"primary\":\"/models/*\"}");
      assertThat(added.status()).isEqualTo(201);
      assertThat(added.json().path("kind").asText()).isEqualTo("prefix");
      assertThat(added.json().path("source").asText()).isEqualTo("runtime");
      Reply removed = admin.send("DELETE", "/aliases?alias=" + encode("/v1/models/*"), TOKEN, null);
      assertThat(removed.status()).isEqualTo(204);
      assertThat(removed.body()).isEmpty();
    }

    @Test
    void addingATakenAliasIs409WithTheConflict() {
      Reply r = admin.send("POST", "/aliases", TOKEN, "{\"alias\":\"/v1/health\",\"primary\":\"/other\"}");
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.json().path("type").asText()).isEqualTo("urn:junction:problem:conflict");
      assertThat(r.json().path("detail").asText()).contains("already stands for /health");
    }

    @Test
    void addingThroughAnAliasOfTheAliasesPathWorksToo() {
      Reply r = admin.send("POST", "/v1/aliases", TOKEN, "{\"alias\":\"/v1/x\",\"primary\":\"/x\"}");
      assertThat(r.status()).isEqualTo(201);
      admin.send("DELETE", "/aliases?alias=/v1/x", TOKEN, null);
    }

    @Test
    void aMalformedAliasIs400() {
      Reply r = admin.send("POST", "/aliases", TOKEN, "{\"alias\":\"v1 x\",\"primary\":\"/x\"}");
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().path("detail").asText()).startsWith("alias: 'v1 x'");
    }

    @Test
    void addingWithoutTheTokenIs401() {
      assertThat(admin.send("POST", "/aliases", null, "{\"alias\":\"/v1/y\",\"primary\":\"/y\"}").status()).isEqualTo(401);
      assertThat(admin.fakes.aliases).doesNotContainKey("/v1/y");
    }

    @Test
    void removingAnUnknownAliasIs404() {
      assertThat(admin.send("DELETE", "/aliases?alias=/nope", TOKEN, null).status()).isEqualTo(404);
    }

    @Test
    void removingAConfiguredAliasIs409() {
      Reply r = admin.send("DELETE", "/aliases?alias=/v1/health", TOKEN, null);
      assertThat(r.status()).isEqualTo(409);
      assertThat(r.json().path("detail").asText()).contains("configuration file");
    }

    @Test
    void removingWithoutNamingTheAliasIs400() {
      Reply r = admin.send("DELETE", "/aliases", TOKEN, null);
      assertThat(r.status()).isEqualTo(400);
      assertThat(r.json().path("detail").asText()).startsWith("alias: missing");
    }
  }

  @Nested
  class Endpoints {
    @Test
    void listsPrimaryPathsWithTheirAliases() {
      Reply r = admin.get("/endpoints");
      assertThat(r.status()).isEqualTo(200);
      String health = stream(r.json()).filter(e -> e.path("path").asText().equals("/health"))
          .map(e -> e.path("aliases").toString() + " " + e.path("kind").asText()).collect(Collectors.joining());
      assertThat(health).isEqualTo("[\"/v1/health\"] admin");
    }
  }

  @Nested
  class OpenApi {
    @Test
    void sourcesListEachDeclaringBackendWithItsFetchState() {
      Reply r = admin.get("/openapi/sources");
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get(0).path("url").asText()).isEqualTo("http://gpu-1.internal:8080/openapi.json");
    }

    @Test
    void refreshNeedsTheTokenAndAnswersTheNewStates() {
      Reply r = admin.send("POST", "/openapi/refresh", TOKEN, null);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().get(0).path("status").asText()).isEqualTo("ok");
    }
  }

  @Nested
  class Auth {
    /** Each mutating operation, with dummy path parameters and an empty JSON body where one is declared. */
    List<ApiOperation> mutating() {
      List<ApiOperation> out = admin.registry.operations().stream().filter(ApiOperation::mutating).toList();
      assertThat(out).extracting(ApiOperation::operationId)
          .containsExactlyInAnyOrder("reloadConfig", "deleteCacheEntry", "clearCache", "addAlias", "removeAlias", "refreshOpenApi",
              "addModelAlias", "removeModelAlias");
      return out;
    }

    Reply call(ApiOperation op, String token) {
      return admin.send(op.method().name(), op.path().replaceAll("\\{[^/]*}", "x"), token,
          op.requestBody() == null ? null : "{}");
    }

    @Test
    void everyMutatingOperationIs401WithoutTheToken() {
      for (ApiOperation op : mutating()) {
        Reply r = call(op, null);
        assertThat(r.status()).as(op.toString()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).as(op.toString()).startsWith("Bearer");
      }
    }

    @Test
    void everyMutatingOperationIs401WithAWrongToken() {
      for (ApiOperation op : mutating()) {
        Reply r = call(op, TOKEN + "x");
        assertThat(r.status()).as(op.toString()).isEqualTo(401);
        assertThat(r.json().path("type").asText()).as(op.toString()).isEqualTo("urn:junction:problem:unauthorized");
      }
    }
  }

  @Nested
  @Order(Integer.MAX_VALUE)
  class Coverage {
    @Test
    void everyRegisteredOperationWasCalledSuccessfullyAbove() {
      List<String> all = admin.registry.operations().stream().map(ApiOperation::operationId).toList();
      assertThat(admin.calledOperations()).containsExactlyInAnyOrderElementsOf(all);
    }
  }

  static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
    return java.util.stream.StreamSupport.stream(array.spliterator(), false);
  }
}
