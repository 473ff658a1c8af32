package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.ConfigLoader;
import dev.junction.testing.Closing;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Rules on headers, query parameters and host, end to end: real backends that say who they are, raw
 * HTTP/1.1 requests (so the Host header is whatever the test writes) and an HTTP/2 client whose
 * {@code :authority} is the host.
 */
class HeadRoutingLiveTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  @RegisterExtension
  final Closing open = new Closing();

  private Junction.Running junction;

  @BeforeEach
  void start() {
    String yaml = """
        junction:
          listen: {host: 127.0.0.1, port: 0, http2: true}
          cache: {store: memory}
          admin: {enabled: true, listen: "127.0.0.1:0"}
          backends:
            tenant: %s
            beta: %s
            eu: %s
            strict: %s
            general: %s
          routes:
            - id: acme
              path: /v1/items
              headers: {X-Tenant: acme}
              backend: tenant
            - id: beta-channel
              path: /v1/items
              query: {channel: {one_of: [beta, early access]}}
              backend: beta
            - id: eu-hosts
              path: /v1/items
              host: "*.eu.example.com"
              backend: eu
            - id: all-of-them
              path: /v1/items
              host: [api.example.com]
              headers:
                x-tier: {glob: "gold*"}
                authorization: {exists: true}
                x-debug: {exists: false}
              query: {v: "2"}
              backend: strict
            - path: /v1/items
              backend: general
        """.formatted(backend("tenant"), backend("beta"), backend("eu"), backend("strict"), backend("general"));
    junction = Junction.builder().config(ConfigLoader.load(yaml, null)).decisionHeader(true).build().start();
    open.add(junction);
  }

  private String backend(String name) {
    TestBackend b = TestBackend.echo(VERTX.get(), name);
    open.add(b);
    return b.uri().toString();
  }

  /** Sends {@code GET target} with {@code headerLines} on its own connection; the backend that answered. */
  private String get(String target, String host, String... headerLines) throws Exception {
    try (RawHttp c = new RawHttp(junction.port())) {
      StringBuilder req = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
      for (String h : headerLines) {
        req.append(h).append("\r\n");
      }
      c.send(req.append("\r\n").toString());
      RawHttp.Head head = c.readHead();
      assertThat(head.status()).isEqualTo(200);
      JsonNode body = JSON.readTree(new String(c.readBody(head), StandardCharsets.UTF_8));
      return body.get("backend").asText();
    }
  }

  @Test
  void aHeaderConditionMatchesTheHeaderInAnyCaseAndOnAnyOfItsLines() throws Exception {
    assertThat(get("/v1/items", "localhost", "x-tenant: acme")).isEqualTo("tenant");
    assertThat(get("/v1/items", "localhost", "X-TENANT: other", "X-Tenant: acme")).isEqualTo("tenant");
    assertThat(get("/v1/items", "localhost", "X-Tenant: Acme")).as("values compare exactly").isEqualTo("general");
    assertThat(get("/v1/items", "localhost")).isEqualTo("general");
  }

  @Test
  void aQueryConditionReadsDecodedValues() throws Exception {
    assertThat(get("/v1/items?channel=beta", "localhost")).isEqualTo("beta");
    assertThat(get("/v1/items?x=1&channel=early+access", "localhost")).isEqualTo("beta");
    assertThat(get("/v1/items?channel=early%20access&y", "localhost")).isEqualTo("beta");
    assertThat(get("/v1/items?channel=stable", "localhost")).isEqualTo("general");
    assertThat(get("/v1/items?channelx=beta", "localhost")).isEqualTo("general");
  }

  @Test
  void aHostConditionIgnoresThePortAndCaseAndAWildcardCoversOnlyNamesBelowIt() throws Exception {
    assertThat(get("/v1/items", "api.eu.example.com")).isEqualTo("eu");
    assertThat(get("/v1/items", "API.EU.Example.COM:8443")).isEqualTo("eu");
    assertThat(get("/v1/items", "a.b.eu.example.com")).isEqualTo("eu");
    assertThat(get("/v1/items", "eu.example.com")).isEqualTo("general");
    assertThat(get("/v1/items", "evil-eu.example.com")).isEqualTo("general");
  }

  @Test
  void everyConditionOfARuleMustHold() throws Exception {
    String[] all = {"X-Tier: gold-plus", "Authorization: Bearer t"};
    assertThat(get("/v1/items?v=2", "api.example.com", all)).isEqualTo("strict");
    assertThat(get("/v1/items?v=3", "api.example.com", all)).as("query").isEqualTo("general");
    assertThat(get("/v1/items?v=2", "www.example.com", all)).as("host").isEqualTo("general");
    assertThat(get("/v1/items?v=2", "api.example.com", "X-Tier: silver", "Authorization: x")).as("glob").isEqualTo("general");
    assertThat(get("/v1/items?v=2", "api.example.com", "X-Tier: gold")).as("exists").isEqualTo("general");
    assertThat(get("/v1/items?v=2", "api.example.com", "X-Tier: gold", "Authorization: x", "X-Debug: 1"))
        .as("exists: false").isEqualTo("general");
  }

  @Test
  void explainRoutesOnTheHeadersQueryAndHostGivenAndTheRouteListShowsTheConditions() throws Exception {
    String body = """
        {"method": "GET", "path": "/v1/items?v=2",
         "headers": {"Host": "api.example.com:443", "X-Tier": "gold", "Authorization": "Bearer t"}}""";
    HttpResponse<String> explained = ProxyFixture.CLIENT.send(HttpRequest.newBuilder(
            junction.adminUri().resolve("/routes/explain")).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    JsonNode e = JSON.readTree(explained.body());

    assertThat(e.get("decision").asText()).isEqualTo("rule");
    assertThat(e.get("ruleId").asText()).isEqualTo("all-of-them");
    assertThat(e.get("steps").toString()).contains("rule 'all-of-them' matches: host api.example.com, "
        + "header x-tier matches \\\"gold*\\\", header authorization exists, header x-debug is absent, "
        + "query v equals \\\"2\\\"");
    JsonNode routes = JSON.readTree(ProxyFixture.CLIENT.send(HttpRequest.newBuilder(junction.adminUri().resolve("/routes"))
        .build(), HttpResponse.BodyHandlers.ofString()).body());
    assertThat(routes.toString()).contains("\"conditions\":[\"query channel one of [\\\"beta\\\", "
        + "\\\"early access\\\"]\"]");
  }

  @Test
  void overHttp2TheAuthorityIsTheHostAndHeadersAreRead() throws Exception {
    HttpClientAgent client = VERTX.get().createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
    try {
      assertThat(h2(client, new RequestOptions().setHost("www.eu.example.com").setPort(443)))
          .isEqualTo("eu");
      assertThat(h2(client, new RequestOptions().setHost("localhost").setPort(80)
          .putHeader("x-tenant", "acme"))).isEqualTo("tenant");
      assertThat(h2(client, new RequestOptions().setHost("localhost").setPort(80))).isEqualTo("general");
    } finally {
      client.close().await();
    }
  }

  private String h2(HttpClientAgent client, RequestOptions options) throws Exception {
    Promise<Buffer> body = Promise.promise();
    VERTX.get().getOrCreateContext().runOnContext(v -> client.request(options.setMethod(HttpMethod.GET)
            .setServer(SocketAddress.inetSocketAddress(junction.port(), "127.0.0.1")).setURI("/v1/items"))
        .compose(r -> r.send()).compose(r -> {
          assertThat(r.version()).isEqualTo(HttpVersion.HTTP_2);
          return r.body();
        }).onComplete(body));
    Buffer b = body.future().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    return JSON.readTree(b.toString()).get("backend").asText();
  }
}
