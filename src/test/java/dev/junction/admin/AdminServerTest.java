package dev.junction.admin;

import static dev.junction.admin.AdminFixture.TOKEN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.admin.AdminFixture.Reply;
import dev.junction.admin.server.AdminServer;
import dev.junction.config.AdminConfig;
import dev.junction.config.HostPort;
import io.swagger.v3.oas.annotations.media.Schema;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the admin server does for every operation: errors, body parsing, auth, aliases. */
class AdminServerTest {
  static AdminFixture admin;

  @BeforeAll
  static void start() {
    admin = AdminFixture.start();
  }

  @AfterAll
  static void stop() {
    admin.close();
  }

  @Test
  void anUnknownPathIs404ProblemJson() {
    Reply r = admin.get("/nope");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.contentType()).isEqualTo("application/problem+json");
    assertThat(r.json().path("type").asText()).isEqualTo("urn:junction:problem:not-found");
    assertThat(r.json().path("instance").asText()).isEqualTo("/nope");
    assertThat(r.json().path("status").asInt()).isEqualTo(404);
  }

  @Test
  void aKnownPathWithAnotherMethodIs405WithAllow() {
    Reply r = admin.send("PATCH", "/cache", TOKEN, null);
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("DELETE, GET");
    assertThat(r.contentType()).isEqualTo("application/problem+json");
  }

  @Test
  void aPathTemplateWithAnotherMethodIs405Too() {
    Reply r = admin.send("POST", "/cache/x%20y%20z", TOKEN, "{}");
    assertThat(r.status()).isEqualTo(405);
    assertThat(r.header("Allow")).isEqualTo("DELETE, GET");
  }

  @Test
  void malformedJsonIs400() {
    Reply r = admin.send("POST", "/aliases", TOKEN, "{\"alias\":");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("detail").asText()).startsWith("body: not valid JSON");
  }

  @Test
  void anUnknownFieldIs400NamingIt() {
    Reply r = admin.send("POST", "/aliases", TOKEN, "{\"alias\":\"/a\",\"primary\":\"/b\",\"extra\":1}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("detail").asText()).isEqualTo("extra: unknown field (expected: only alias, primary)");
  }

  @Test
  void aMissingRequiredFieldIs400NamingIt() {
    Reply r = admin.send("POST", "/aliases", TOKEN, "{\"alias\":\"/a\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("detail").asText()).isEqualTo("primary: missing (expected: alias, primary in every NewAlias)");
  }

  @Test
  void aFieldOfTheWrongTypeIs400() {
    Reply r = admin.send("POST", "/aliases", TOKEN, "{\"alias\":7,\"primary\":\"/b\"}");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("detail").asText()).isEqualTo("alias: wrong type (expected: a string)");
  }

  @Test
  void aBodyThatIsNotAnObjectIs400() {
    Reply r = admin.send("POST", "/aliases", TOKEN, "[1, 2]");
    assertThat(r.json().path("detail").asText()).isEqualTo("body: array (expected: a JSON NewAlias object)");
  }

  @Test
  void anEmptyBodyIs400() {
    Reply r = admin.send("POST", "/aliases", TOKEN, "");
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("detail").asText()).startsWith("body: missing");
  }

  @Test
  void aBodyThatIsNotJsonByContentTypeIs415() {
    Reply r = admin.send("POST", "/aliases", TOKEN, "alias=/a&primary=/b", "application/x-www-form-urlencoded");
    assertThat(r.status()).isEqualTo(415);
  }

  @Test
  void aBodyOverTheLimitIs413() {
    String big = "{\"alias\":\"/" + "a".repeat(2 << 20) + "\",\"primary\":\"/b\"}";
    Reply r = admin.send("POST", "/aliases", TOKEN, big);
    assertThat(r.status()).isEqualTo(413);
  }

  @Test
  void theOpenApiDocumentIsServedAsJson() {
    Reply r = admin.get("/openapi.json");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).isEqualTo("application/json");
    assertThat(r.json().path("openapi").asText()).isEqualTo("3.1.0");
  }

  @Test
  void aliasPathsAreServedButNotInTheDocument() {
    assertThat(admin.get("/v1/health").status()).isEqualTo(200);
    Reply doc = admin.get("/openapi.json");
    assertThat(doc.json().path("paths").has("/health")).isTrue();
    assertThat(doc.body()).doesNotContain("/v1/health", "/v1/aliases");
  }

  @Test
  void readsNeedNoTokenOnLoopback() {
    assertThat(admin.get("/config").status()).isEqualTo(200);
  }

  @Test
  void withoutAnyTokenConfiguredChangesAre401SayingHowToSetOne() {
    try (AdminFixture open = AdminFixture.start(new AdminConfig(true, new HostPort("127.0.0.1", 0), null), null)) {
      Reply r = open.send("DELETE", "/cache", null, null);
      assertThat(r.status()).isEqualTo(401);
      assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
      assertThat(r.json().path("detail").asText()).contains("admin.token", "JUNCTION_ADMIN_TOKEN");
      assertThat(open.send("DELETE", "/cache", "anything", null).status()).isEqualTo(401);
      assertThat(open.fakes.cache).isNotEmpty();
    }
  }

  @Test
  void theConfiguredTokenWinsOverTheEnvironment() {
    try (AdminFixture f = AdminFixture.start(new AdminConfig(true, new HostPort("127.0.0.1", 0), "from-config"), TOKEN)) {
      assertThat(f.send("DELETE", "/cache", TOKEN, null).status()).isEqualTo(401);
      assertThat(f.send("DELETE", "/cache", "from-config", null).status()).isEqualTo(200);
    }
  }

  @Test
  void aListenerBeyondLoopbackWithoutTokenRefusesToStart() {
    assertThatThrownBy(() -> AdminFixture.start(new AdminConfig(true, new HostPort("0.0.0.0", 0), null), " "))
        .hasMessageContaining("admin.listen: 0.0.0.0:0 is not loopback and no admin token is set");
  }

  @Test
  void aListenerBeyondLoopbackNeedsTheTokenForEverything() {
    try (AdminFixture f = AdminFixture.start(new AdminConfig(true, new HostPort("0.0.0.0", 0), null), TOKEN)) {
      assertThat(f.get("/health").status()).isEqualTo(401);
      assertThat(f.get("/openapi.json").status()).isEqualTo(401);
      assertThat(f.get("/docs").status()).isEqualTo(401);
      assertThat(f.get("/no-such-path").status()).isEqualTo(401);
      assertThat(f.send("GET", "/health", TOKEN, null).status()).isEqualTo(200);
    }
  }

  // A registry of deliberately odd operations, to see the framework hold its contract.

  @Schema(description = "What the echo operation saw.")
  record Echo(
      @Schema(description = "The path as routed.") String path,
      @Schema(description = "The q query parameter.") String q,
      @Schema(description = "Who asked.") Principal principal) {}

  static ApiRegistry oddities() {
    ApiRegistry r = new ApiRegistry().tag("test", "Test operations.");
    r.add(ApiOperation.get("/echo").operationId("echo").summary("Echo").tag("test")
        .parameter(ApiParameter.query("q", ApiParameter.ParamType.STRING, "Anything.").withDefault("none"))
        .response(200, "What was seen.", TypeRef.of(Echo.class))
        .handler(req -> Future.succeededFuture(new Echo(req.path(), req.query("q"), req.principal())))
        .build());
    r.add(ApiOperation.get("/boom").operationId("boom").summary("Fails").tag("test")
        .response(200, "Never.", TypeRef.of(Echo.class))
        .handler(req -> {
          throw new IllegalStateException("secret internals at 10.1.2.3");
        })
        .build());
    r.add(ApiOperation.get("/failed").operationId("failed").summary("Fails later").tag("test")
        .response(200, "Never.", TypeRef.of(Echo.class))
        .handler(req -> Future.failedFuture(new RuntimeException("db password wrong")))
        .build());
    r.add(ApiOperation.get("/teapot").operationId("teapot").summary("Undeclared status").tag("test")
        .response(200, "Never.", TypeRef.of(Echo.class))
        .handler(req -> Future.succeededFuture(ApiResult.of(418, null)))
        .build());
    r.add(ApiOperation.get("/wrong-type").operationId("wrongType").summary("Undeclared body").tag("test")
        .response(200, "Never.", TypeRef.of(Echo.class))
        .handler(req -> Future.succeededFuture("a string"))
        .build());
    return r;
  }

  static Reply call(Vertx vertx, ApiRegistry registry, String path, String token) throws Exception {
    AdminServer s = AdminServer.start(vertx, new AdminConfig(true, new HostPort("127.0.0.1", 0), TOKEN), registry,
        p -> p.equals("/v1/echo") ? "/echo" : p, null).await();
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + path));
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      HttpResponse<String> r = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers(), r.body());
    } finally {
      s.close().await();
    }
  }

  @Test
  void anAliasIsReroutedWithItsQuery() throws Exception {
    Reply r = call(admin.vertx, oddities(), "/v1/echo?q=hello", null);
    assertThat(r.json().path("path").asText()).isEqualTo("/echo");
    assertThat(r.json().path("q").asText()).isEqualTo("hello");
  }

  @Test
  void aQueryParameterDefaultApplies() throws Exception {
    assertThat(call(admin.vertx, oddities(), "/echo", null).json().path("q").asText()).isEqualTo("none");
  }

  @Test
  void aQueryParameterGivenTwiceIs400() throws Exception {
    assertThat(call(admin.vertx, oddities(), "/echo?q=a&q=b", null).json().path("detail").asText())
        .isEqualTo("q: given 2 times (expected: once)");
  }

  @Test
  void theHandlerSeesTheAdminPrincipalOnlyWithTheToken() throws Exception {
    assertThat(call(admin.vertx, oddities(), "/echo", TOKEN).json().path("principal").asText()).isEqualTo("ADMIN");
    assertThat(call(admin.vertx, oddities(), "/echo", "wrong").json().path("principal").asText()).isEqualTo("ANONYMOUS");
  }

  @Test
  void aThrowingHandlerIs500WithoutItsMessage() throws Exception {
    Reply r = call(admin.vertx, oddities(), "/boom", null);
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.contentType()).isEqualTo("application/problem+json");
    assertThat(r.body()).doesNotContain("secret", "10.1.2.3", "IllegalStateException", "at dev.");
    assertThat(r.json().path("detail").asText()).contains("incident");
  }

  @Test
  void aFailedFutureIs500WithoutItsMessage() throws Exception {
    Reply r = call(admin.vertx, oddities(), "/failed", null);
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body()).doesNotContain("password");
  }

  @Test
  void anUndeclaredStatusIs500() throws Exception {
    assertThat(call(admin.vertx, oddities(), "/teapot", null).status()).isEqualTo(500);
  }

  @Test
  void anUndeclaredBodyTypeIs500() throws Exception {
    assertThat(call(admin.vertx, oddities(), "/wrong-type", null).status()).isEqualTo(500);
  }

}
