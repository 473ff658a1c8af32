package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.http1.Http1Decoder;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.Await;
import dev.junction.testing.LogCapture;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * obs-fold is refused with 400 by Junction's HTTP/1.1 decoder ({@link Http1Decoder}), while
 * bodies that happen to contain "CRLF SP" and pipelined requests pass untouched.
 */
class ObsFoldTest {
  private static final String HOST = "Host: junction\r\n";
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  private TestBackend backend;
  private ProxyFixture proxy;
  private LogCapture logs;

  @BeforeEach
  void start() {
    Vertx vertx = VERTX.get();
    logs = new LogCapture();
    backend = TestBackend.echo(vertx, "a");
    BackendConfig a = ProxyFixture.backend("a", backend.uri());
    proxy = new ProxyFixture(vertx, List.of(a), r -> new RoutingDecision.Forward(List.of(a), "all"),
        ProxyConfig.defaults(), DiscoveryConfig.defaults());
  }

  @AfterEach
  void stop() {
    proxy.close();
    backend.close();
    logs.close();
  }

  private record Answer(int status, String contentType, String body) {}

  private static Answer read(RawHttp c) throws IOException {
    RawHttp.Head head = c.readHead();
    return new Answer(head.status(), head.first("content-type"), new String(c.readBody(head), StandardCharsets.UTF_8));
  }

  private static void assertRefusedAsObsFold(Answer answer) {
    assertThat(answer.status()).isEqualTo(400);
    assertThat(answer.contentType()).isEqualTo(ProblemAnswers.CONTENT_TYPE);
    assertThat(answer.body()).contains("\"status\":400").contains("obs-fold");
  }

  /** A good request afterwards: once the backend has it, anything forwarded earlier is there too. */
  private void sentinelSeen() throws Exception {
    assertThat(proxy.get("/sentinel").statusCode()).isEqualTo(200);
    Await.until("the sentinel reached the backend", () -> backend.seen().stream().anyMatch(s -> s.uri().equals("/sentinel")));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "X-Folded: a\r\n b\r\n",
      "X-Folded: a\r\n\tb\r\n",
      "Transfer-Encoding:\r\n chunked\r\n",
      "X-Folded: a\n b\n"})
  void aFoldedHeaderIsRefusedWith400AndNeverForwarded(String headerLines) throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send("POST /x HTTP/1.1\r\n" + HOST + headerLines + "Content-Length: 0\r\n\r\n");
      assertRefusedAsObsFold(read(c));
    }
    sentinelSeen();
    assertThat(backend.seen()).extracting(TestBackend.Seen::uri).containsExactly("/sentinel");
    assertThat(logs.errors()).isEmpty();
  }

  @Test
  void aFoldSplitAcrossWritesIsStillSeen() throws Exception {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /x HTTP/1.1\r\n" + HOST + "X-Folded: a\r");
      c.send("\n");
      c.send(" b\r\n\r\n");
      assertRefusedAsObsFold(read(c));
    }
    sentinelSeen();
    assertThat(backend.seen()).extracting(TestBackend.Seen::uri).containsExactly("/sentinel");
  }

  @Test
  void bodiesContainingLineBreaksAndBlanksArePipelinedUntouched() throws Exception {
    String fixedBody = "line\r\n folded-looking\r\n\r\n\tmore";
    String chunkData = "x\r\n y\r\n\r\n";
    String pipelined = "POST /fixed HTTP/1.1\r\n" + HOST + "Content-Length: " + fixedBody.length() + "\r\n\r\n" + fixedBody
        + "POST /chunked HTTP/1.1\r\n" + HOST + "Transfer-Encoding: chunked\r\n\r\n"
        + Integer.toHexString(chunkData.length()) + ";ext=1\r\n" + chunkData + "\r\n0\r\nX-Trailer: t\r\n\r\n"
        + "\r\nGET /last HTTP/1.1\r\n" + HOST + "\r\n";
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(pipelined);
      Answer fixed = read(c);
      Answer chunked = read(c);
      Answer last = read(c);

      assertThat(List.of(fixed.status(), chunked.status(), last.status())).containsExactly(200, 200, 200);
      assertThat(fixed.body()).contains("folded-looking");
      assertThat(chunked.body()).contains("\"body\":\"x\\r\\n y\\r\\n\\r\\n\"");
    }
    assertThat(backend.seen()).extracting(TestBackend.Seen::uri).containsExactly("/fixed", "/chunked", "/last");
  }

  @Test
  void aFoldInAPipelinedRequestAfterABodyIsRefusedAndTheOneBeforeIsServed() throws Exception {
    String body = "abc\r\n def";
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send("POST /first HTTP/1.1\r\n" + HOST + "Content-Length: " + body.length() + "\r\n\r\n" + body
          + "GET /second HTTP/1.1\r\n" + HOST + "X-Folded: a\r\n b\r\n\r\n"
          + "GET /third HTTP/1.1\r\n" + HOST + "\r\n");
      assertThat(read(c).status()).isEqualTo(200);
      assertRefusedAsObsFold(read(c));
    }
    sentinelSeen();
    assertThat(backend.seen()).extracting(TestBackend.Seen::uri).containsExactly("/first", "/sentinel");
  }
}
