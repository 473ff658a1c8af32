package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.CacheConfig;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.LogCapture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole Junction fed hostile or broken input: each request gets a clear problem+json (or is
 * served unharmed), nothing reaches a host that is not a configured backend, and nothing a client
 * did wrong is logged at ERROR.
 */
class BadInputTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BODY_LIMIT = 64 * 1024;
  private static Vertx vertx;
  private TestBackend api;
  private TestBackend internal;
  private TestBackend bystander;
  private Junction.Running junction;
  private LogCapture logs;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    api = TestBackend.echo(vertx, "api");
    internal = TestBackend.echo(vertx, "internal");
    bystander = TestBackend.echo(vertx, "bystander");
    String yaml = """
        junction:
          backends:
            api: http://127.0.0.1:%d
            internal: http://127.0.0.1:%d
          routes:
            - path: /internal/status
              backend: internal
            - path: /chat
              methods: [POST]
              payload:
                - /model: big
              backend: api
          aliases:
            /*: [/v1/*]
          proxy:
            max_buffered_body: %d
            max_header_size: 2KiB
          discovery:
            candidates: [api]
        """.formatted(api.port(), internal.port(), BODY_LIMIT);
    Path file = dir.resolve("junction.yaml");
    Files.writeString(file, yaml);
    JunctionConfig config = ConfigLoader.load(file).withCache(new CacheConfig(CacheConfig.Store.MEMORY,
        dir.resolve("c.db"), null, Duration.ofMinutes(1), 100, Map.of()));
    logs = new LogCapture();
    junction = Junction.builder().config(config).listen("127.0.0.1", 0).admin(false).eventLoops(1).build().start();
  }

  @AfterEach
  void stop() {
    junction.close();
    api.close();
    internal.close();
    bystander.close();
    logs.close();
  }

  /** One raw exchange on a fresh connection. */
  private Reply exchange(byte[] request) throws Exception {
    try (RawHttp c = new RawHttp(junction.port())) {
      c.send(request);
      RawHttp.Head head = c.readHead();
      return new Reply(head, new String(c.readBody(head), StandardCharsets.UTF_8));
    }
  }

  private Reply exchange(String request) throws Exception {
    return exchange(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  record Reply(RawHttp.Head head, String body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  private static String post(String path, int length) {
    return "POST " + path + " HTTP/1.1\r\nHost: junction\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n";
  }

  @Test
  void percentEncodedDotSegmentsAreResolvedOnceAndTheBackendGetsThePathRoutingSaw() throws Exception {
    Reply r = exchange("GET /v1/%2e%2e/internal/./status HTTP/1.1\r\nHost: junction\r\n\r\n");

    assertThat(r.json().get("backend").asText()).isEqualTo("internal");
    assertThat(internal.last().uri()).isEqualTo("/internal/status");
  }

  @Test
  void anAliasedPathWithDotSegmentsIsServedAsItsPrimary() throws Exception {
    Reply r = exchange("GET /v1/x/%2E%2E/internal/status HTTP/1.1\r\nHost: junction\r\n\r\n");

    assertThat(r.json().get("backend").asText()).isEqualTo("internal");
    assertThat(internal.last().uri()).isEqualTo("/internal/status");
  }

  @Test
  void aPathClimbingAboveTheRootIsRefusedAndNeverForwarded() throws Exception {
    Reply r = exchange("GET /v1/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: junction\r\n\r\n");

    assertThat(r.head().status()).isEqualTo(400);
    assertThat(r.head().first("content-type")).isEqualTo("application/problem+json");
    assertThat(api.seen()).isEmpty();
    assertThat(internal.seen()).isEmpty();
  }

  @Test
  void aHostHeaderNamingAnotherServerIsNeverFollowed() throws Exception {
    Reply r = exchange("GET /anything HTTP/1.1\r\nHost: 127.0.0.1:" + bystander.port() + "\r\n\r\n");

    assertThat(r.json().get("backend").asText()).isEqualTo("api");
    assertThat(api.last().headers().get("Host")).isEqualTo("127.0.0.1:" + api.port());
    assertThat(bystander.seen()).isEmpty();
  }

  @Test
  void anAbsoluteFormTargetNamingAnotherServerIsServedAsItsPathByAConfiguredBackend() throws Exception {
    Reply r = exchange("GET http://127.0.0.1:" + bystander.port() + "/v1/internal/status HTTP/1.1\r\nHost: 127.0.0.1:"
        + bystander.port() + "\r\n\r\n");

    assertThat(r.json().get("backend").asText()).isEqualTo("internal");
    assertThat(bystander.seen()).isEmpty();
  }

  @Test
  void oversizedHeadersGet431ProblemJsonAndAreNotForwarded() throws Exception {
    Reply r = exchange("GET /anything HTTP/1.1\r\nHost: junction\r\nX-Big: " + "a".repeat(4096) + "\r\n\r\n");

    assertThat(r.head().status()).isEqualTo(431);
    assertThat(r.head().first("content-type")).isEqualTo("application/problem+json");
    assertThat(r.json().get("status").asInt()).isEqualTo(431);
    assertThat(api.seen()).isEmpty();
    assertThat(logs.errors()).isEmpty();
  }

  @Test
  void aBodyOverTheLimitWherePayloadRulesApplyGets413ProblemJson() throws Exception {
    byte[] body = ("{\"model\":\"big\",\"pad\":\"" + "x".repeat(BODY_LIMIT) + "\"}").getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.write(post("/chat", body.length).getBytes(StandardCharsets.ISO_8859_1));
    req.write(body);

    Reply r = exchange(req.toByteArray());

    assertThat(r.head().status()).isEqualTo(413);
    assertThat(r.head().first("content-type")).isEqualTo("application/problem+json");
    assertThat(api.seen()).isEmpty();
    assertThat(logs.errors()).isEmpty();
  }

  @Test
  void deeplyNestedJsonIsBoundedAndForwardedUntouchedWithoutAStackOverflow() throws Exception {
    int depth = 10_000; // 60 kB: within the body limit, far beyond the parse depth bound
    String body = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);

    Reply r = exchange(post("/chat", body.length()) + body);

    assertThat(r.head().status()).isEqualTo(200);
    assertThat(r.json().get("body").asText()).isEqualTo(body);
    assertThat(logs.errors()).isEmpty();
  }

  @Test
  void hugeFlatJsonWithinTheLimitIsParsedAndRouted() throws Exception {
    StringBuilder b = new StringBuilder("{\"model\":\"big\"");
    for (int i = 0; b.length() < BODY_LIMIT - 32; i++) {
      b.append(",\"k").append(i).append("\":").append(i);
    }
    String body = b.append('}').toString();

    Reply r = exchange(post("/chat", body.length()) + body);

    assertThat(r.json().get("backend").asText()).isEqualTo("api");
    assertThat(api.last().uri()).isEqualTo("/chat");
  }

  /** {@code {"model":"}, then C3 28 (a lead byte without its continuation) and FF (never valid), then {@code "}}. */
  private static final byte[] INVALID_UTF8_JSON =
      {'{', '"', 'm', 'o', 'd', 'e', 'l', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'};

  private static byte[] post(String path, String contentType, byte[] body) throws Exception {
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.write(("POST " + path + " HTTP/1.1\r\nHost: junction\r\nContent-Type: " + contentType + "\r\nContent-Length: "
        + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
    req.write(body);
    return req.toByteArray();
  }

  /** Makes the api backend keep the body bytes it receives. */
  private byte[][] bodiesSeenByApi() {
    byte[][] seen = new byte[1][];
    api.handler(in -> in.body().onSuccess(b -> {
      seen[0] = b.getBytes();
      in.response().end("ok");
    }));
    return seen;
  }

  @Test
  void invalidUtf8InAJsonBodyThatAPayloadRuleMustReadGets400ProblemJsonAndIsNotForwarded() throws Exception {
    Reply r = exchange(post("/chat", "application/json; charset=utf-8", INVALID_UTF8_JSON));

    assertThat(r.head().status()).isEqualTo(400);
    assertThat(r.head().first("content-type")).isEqualTo("application/problem+json");
    assertThat(r.json().get("type").asText()).isEqualTo("urn:junction:problem:invalid-utf8");
    assertThat(r.json().get("detail").asText()).contains("POST /chat", "offset 10");
    assertThat(api.seen()).isEmpty();
    assertThat(logs.errors()).isEmpty();
  }

  @Test
  void invalidUtf8InABodyNotDeclaredAsJsonIsOpaqueAndForwardedByteExact() throws Exception {
    byte[][] seen = bodiesSeenByApi();

    Reply r = exchange(post("/chat", "application/octet-stream", INVALID_UTF8_JSON));

    assertThat(r.head().status()).isEqualTo(200);
    assertThat(seen[0]).isEqualTo(INVALID_UTF8_JSON);
    assertThat(logs.errors()).isEmpty();
  }

  @Test
  void invalidUtf8InAJsonBodyNoRuleReadsIsForwardedByteExact() throws Exception {
    byte[][] seen = bodiesSeenByApi();

    Reply r = exchange(post("/upload", "application/json", INVALID_UTF8_JSON));

    assertThat(r.head().status()).isEqualTo(200);
    assertThat(seen[0]).isEqualTo(INVALID_UTF8_JSON);
    assertThat(logs.errors()).isEmpty();
  }

  @Test
  void invalidUtf8InAPercentEncodedPathIsForwardedAsReceived() throws Exception {
    Reply r = exchange("GET /v1/caf%C3%28%FF HTTP/1.1\r\nHost: junction\r\n\r\n");

    assertThat(r.head().status()).isEqualTo(200);
    assertThat(api.last().uri()).isEqualTo("/caf%C3%28%FF");
    assertThat(logs.errors()).isEmpty();
  }

  @Test
  void invalidUtf8InAHeaderValueIsForwardedByteExact() throws Exception {
    byte[] req = "GET /anything HTTP/1.1\r\nHost: junction\r\nX-Name: caf\u00c3(\u00ff\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    Reply r = exchange(req);

    assertThat(r.head().status()).isEqualTo(200);
    // Header values are octets (RFC 9110 section 5.5); Vert.x holds them as ISO-8859-1 characters.
    assertThat(api.last().headers().get("X-Name").getBytes(StandardCharsets.ISO_8859_1))
        .isEqualTo(new byte[] {'c', 'a', 'f', (byte) 0xC3, '(', (byte) 0xFF});
    assertThat(logs.errors()).isEmpty();
  }

  @Test
  void rawNonAsciiBytesInThePathGet400ProblemJson() throws Exception {
    byte[] req = "GET /caf\u00e9\u00ff HTTP/1.1\r\nHost: junction\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

    Reply r = exchange(req);

    assertThat(r.head().status()).isEqualTo(400);
    assertThat(r.head().first("content-type")).isEqualTo("application/problem+json");
    assertThat(api.seen()).isEmpty();
    assertThat(logs.errors()).isEmpty();
  }

  @Test
  void aVeryLongRequestLineGetsAProblemAndIsNotForwarded() throws Exception {
    Reply r = exchange("GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: junction\r\n\r\n");

    assertThat(r.head().status()).isIn(414, 431);
    assertThat(r.head().first("content-type")).isEqualTo("application/problem+json");
    assertThat(api.seen()).isEmpty();
    assertThat(logs.errors()).isEmpty();
  }
}
