package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Requests and responses pass through byte-exact, with only the hop's own headers changed. */
class ForwardingTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  private TestBackend backend;
  private ProxyFixture proxy;


  @BeforeEach
  void start() {
    backend = TestBackend.echo(VERTX.get(), "a");
    BackendConfig a = ProxyFixture.backend("a", backend.uri());
    proxy = new ProxyFixture(VERTX.get(), List.of(a), r -> new RoutingDecision.Forward(List.of(a), "all"),
        ProxyConfig.defaults(), DiscoveryConfig.defaults());
  }

  @AfterEach
  void stop() {
    proxy.close();
    backend.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
  void everyMethodReachesTheBackendWithItsPathAndQueryByteExact(String method) throws Exception {
    String target = "/a%2Fb/c%20d?x=1&x=2&y=%C3%A9&&z=&order=b,a";
    HttpResponse<String> r = proxy.send(method, target, "{\"k\":1}");

    JsonNode echo = JSON.readTree(r.body());
    assertThat(echo.get("method").asText()).isEqualTo(method);
    assertThat(echo.get("uri").asText()).isEqualTo(target);
  }

  @Test
  void aRequestBodyArrivesUnchanged() throws Exception {
    String body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hé\"}]}";
    HttpResponse<String> r = proxy.send("POST", "/v1/chat/completions", body);

    assertThat(JSON.readTree(r.body()).get("body").asText()).isEqualTo(body);
  }

  @Test
  void headReturnsTheBackendsHeadersWithoutABody() throws Exception {
    backend.handler(req -> req.response().putHeader("Content-Length", "1234").putHeader("X-Kind", "head").end());
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send("HEAD /file HTTP/1.1\r\nHost: j\r\n\r\n");
      RawHttp.Head head = c.readHead();
      assertThat(head.first("content-length")).isEqualTo("1234");
      // the connection must be at the next response boundary: a second request works
      c.send("HEAD /file HTTP/1.1\r\nHost: j\r\n\r\n");
      assertThat(c.readHead().first("x-kind")).isEqualTo("head");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {204, 304})
  void bodilessStatusesCarryNoBody(int status) throws Exception {
    backend.handler(req -> req.response().setStatusCode(status).putHeader("ETag", "\"v1\"").end());
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /x HTTP/1.1\r\nHost: j\r\n\r\nGET /x HTTP/1.1\r\nHost: j\r\n\r\n");
      RawHttp.Head first = c.readHead();
      RawHttp.Head second = c.readHead();
      assertThat(List.of(first.status(), second.status())).containsExactly(status, status);
      assertThat(first.first("transfer-encoding")).isNull();
    }
  }

  /**
   * RFC 9112 section 9.6: a client's {@code Connection: close} (or HTTP/1.0 without keep-alive) ends
   * the connection after the answer, said in the answer. Junction strips the client's Connection
   * header for the backend in place, so this holds only if the wish was read before.
   */
  @ParameterizedTest
  @ValueSource(strings = {"GET /c HTTP/1.1\r\nHost: j\r\nConnection: close\r\n\r\n", "GET /c HTTP/1.0\r\nHost: j\r\n\r\n"})
  void aClientThatAsksToCloseGetsConnectionCloseAndThenEndOfStream(String request) throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(request);
      RawHttp.Head head = c.readHead();
      c.readBody(head);

      assertThat(head.status()).isEqualTo(200);
      assertThat(head.first("connection")).isEqualToIgnoringCase("close");
      assertThat(c.input().read()).isEqualTo(-1);
    }
    assertThat(backend.last().headers().get("Connection")).isNull();
  }

  @Test
  void hopByHopHeadersAndThoseNamedInConnectionAreDropped() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /h HTTP/1.1\r\nHost: public.example\r\nConnection: keep-alive, X-Secret\r\nX-Secret: s\r\n"
          + "Keep-Alive: timeout=5\r\nTE: trailers\r\nProxy-Authorization: Basic x\r\nX-Kept: k\r\n\r\n");
      c.readBody(c.readHead());
    }
    var seen = backend.last().headers();
    assertThat(seen.names()).doesNotContain("X-Secret", "Keep-Alive", "TE", "Proxy-Authorization");
    assertThat(seen.get("X-Kept")).isEqualTo("k");
  }

  @Test
  void hostIsTheBackendsAndForwardingHeadersAreAppended() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /h HTTP/1.1\r\nHost: public.example\r\nX-Forwarded-For: 203.0.113.7\r\nVia: 1.0 edge\r\n\r\n");
      c.readBody(c.readHead());
    }
    var seen = backend.last().headers();
    assertThat(seen.get("Host")).isEqualTo("127.0.0.1:" + backend.port());
    assertThat(seen.getAll("X-Forwarded-For")).containsExactly("203.0.113.7", "127.0.0.1");
    assertThat(seen.get("X-Forwarded-Host")).isEqualTo("public.example");
    assertThat(seen.get("X-Forwarded-Proto")).isEqualTo("http");
    assertThat(seen.getAll("Via")).containsExactly("1.0 edge", "1.1 junction");
  }

  @Test
  void repeatedResponseHeadersStaySeparateLinesInOrder() throws Exception {
    backend.handler(req -> req.response()
        .putHeader("Set-Cookie", (Iterable<String>) List.of("a=1; Path=/", "b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT"))
        .putHeader("Connection", "X-Internal")
        .putHeader("X-Internal", "secret")
        .end("ok"));
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /c HTTP/1.1\r\nHost: j\r\n\r\n");
      RawHttp.Head head = c.readHead();
      assertThat(head.all("set-cookie")).containsExactly("a=1; Path=/", "b=2; Expires=Wed, 21 Oct 2026 07:28:00 GMT");
      assertThat(head.all("x-internal")).isEmpty();
      assertThat(head.all("via")).containsExactly("1.1 junction");
    }
  }

  @Test
  void encodedBodiesPassThroughUntouched() throws Exception {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
      z.write("compressed payload ".repeat(200).getBytes(StandardCharsets.UTF_8));
    }
    byte[] bytes = gz.toByteArray();
    backend.handler(req -> req.response().putHeader("Content-Encoding", "gzip").end(Buffer.buffer(bytes)));
    HttpResponse<byte[]> r = ProxyFixture.CLIENT.send(
        HttpRequest.newBuilder(proxy.uri("/gz")).header("Accept-Encoding", "gzip").build(),
        HttpResponse.BodyHandlers.ofByteArray());

    assertThat(r.headers().firstValue("content-encoding")).hasValue("gzip");
    assertThat(r.body()).isEqualTo(bytes);
  }

  @Test
  void expectContinueIsAnsweredAndTheBodyForwarded() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send("POST /upload HTTP/1.1\r\nHost: j\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
      RawHttp.Head interim = c.readHead();
      assertThat(interim.status()).isEqualTo(100);
      c.send("hello");
      RawHttp.Head head = c.readHead();
      assertThat(JSON.readTree(c.readBody(head)).get("body").asText()).isEqualTo("hello");
    }
  }

  @Test
  void chunkedRequestBodiesAreForwarded() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send("POST /chunked HTTP/1.1\r\nHost: j\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
      RawHttp.Head head = c.readHead();
      assertThat(JSON.readTree(c.readBody(head)).get("body").asText()).isEqualTo("hello world");
    }
  }

  @Test
  void anAbsoluteFormTargetNamingAnotherHostIsNeverFollowed() throws Exception {
    try (TestBackend other = TestBackend.echo(VERTX.get(), "other"); RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET http://127.0.0.1:" + other.port() + "/secret?q=1 HTTP/1.1\r\nHost: 127.0.0.1:" + other.port() + "\r\n\r\n");
      JsonNode echo = JSON.readTree(c.readBody(c.readHead()));

      assertThat(echo.get("backend").asText()).isEqualTo("a");
      assertThat(echo.get("uri").asText()).isEqualTo("/secret?q=1");
      assertThat(other.seen()).isEmpty();
    }
  }

  @Test
  void connectIsRefused() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send("CONNECT 127.0.0.1:22 HTTP/1.1\r\nHost: 127.0.0.1:22\r\n\r\n");
      RawHttp.Head head = c.readHead();
      assertThat(head.status()).isEqualTo(405);
      assertThat(head.first("content-type")).isEqualTo("application/problem+json");
    }
    assertThat(backend.seen()).isEmpty();
  }
}
