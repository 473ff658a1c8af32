package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.Await;
import dev.junction.testing.LogCapture;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Request shapes that two HTTP parsers may frame differently (RFC 9112 section 6.3, 5.2, 7.1) are
 * refused with 400 problem+json and never reach a backend, whichever way a rule would have sent them.
 */
class RequestSmugglingTest {
  private static Vertx vertx;
  private TestBackend backend;
  private ProxyFixture proxy;
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
  void start() {
    logs = new LogCapture();
    backend = TestBackend.echo(vertx, "a");
    BackendConfig a = ProxyFixture.backend("a", backend.uri());
    // An explicit rule streams the body straight through: the shape most exposed to smuggling.
    proxy = new ProxyFixture(vertx, List.of(a), r -> new RoutingDecision.Forward(List.of(a), "all"),
        ProxyConfig.defaults(), DiscoveryConfig.defaults());
  }

  @AfterEach
  void stop() {
    proxy.close();
    backend.close();
    logs.close();
  }

  /** Shapes refused from the request head alone: the answer is always a 400 problem. */
  static List<Arguments> badHeads() {
    String h = "Host: junction\r\n";
    return List.of(
        Arguments.of("Content-Length and Transfer-Encoding together",
            "POST /x HTTP/1.1\r\n" + h + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"),
        Arguments.of("Transfer-Encoding then Content-Length",
            "POST /x HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n"),
        Arguments.of("two different Content-Length headers",
            "POST /x HTTP/1.1\r\n" + h + "Content-Length: 4\r\nContent-Length: 5\r\n\r\nabcde"),
        Arguments.of("one Content-Length listing two values",
            "POST /x HTTP/1.1\r\n" + h + "Content-Length: 4, 5\r\n\r\nabcde"),
        Arguments.of("a Content-Length that is not a number",
            "POST /x HTTP/1.1\r\n" + h + "Content-Length: 4x\r\n\r\nabcd"),
        Arguments.of("a signed Content-Length",
            "POST /x HTTP/1.1\r\n" + h + "Content-Length: +4\r\n\r\nabcd"),
        Arguments.of("a Transfer-Encoding other than chunked",
            "POST /x HTTP/1.1\r\n" + h + "Transfer-Encoding: gzip\r\n\r\nabcd"),
        Arguments.of("chunked not last in Transfer-Encoding",
            "POST /x HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n"),
        Arguments.of("a space before the header colon",
            "POST /x HTTP/1.1\r\n" + h + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n"),
        Arguments.of("a bare LF in the request line",
            "GET /x HTTP/1.1\n" + h + "\r\n"),
        Arguments.of("HTTP/1.1 without Host",
            "GET /x HTTP/1.1\r\n\r\n"),
        Arguments.of("two Host headers",
            "GET /x HTTP/1.1\r\n" + h + "Host: elsewhere\r\n\r\n"));
  }

  /**
   * Shapes whose error is in the chunked body, after a valid head was accepted: the answer is a 400
   * problem, or the connection closed without an answer when the head was already on its way.
   */
  static List<Arguments> badChunks() {
    String h = "Host: junction\r\n";
    return List.of(
        Arguments.of("a chunk size that is not hex",
            "POST /x HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\nzz\r\nabcd\r\n0\r\n\r\n"),
        Arguments.of("a chunk size that overflows",
            "POST /x HTTP/1.1\r\n" + h + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff1\r\nabcd\r\n0\r\n\r\n"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badHeads")
  void anAmbiguouslyFramedRequestHeadGets400ProblemJsonAndIsNeverForwarded(String shape, String raw) throws Exception {
    Answer answer = answer(raw);

    assertThat(answer).as(shape).extracting(Answer::status, Answer::contentType)
        .containsExactly(400, ProblemAnswers.CONTENT_TYPE);
    assertThat(answer.body()).as(shape).contains("\"status\":400");
    assertNothingForwardedNorLogged(shape);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badChunks")
  void aBadChunkSizeGets400OrAClosedConnectionAndIsNeverForwarded(String shape, String raw) throws Exception {
    Answer answer = answer(raw);

    // -1: the connection was closed without an answer.
    assertThat(answer.status()).as(shape).isIn(400, -1);
    if (answer.status() == 400) {
      assertThat(answer.contentType()).as(shape).isEqualTo(ProblemAnswers.CONTENT_TYPE);
      assertThat(answer.body()).as(shape).contains("\"status\":400");
    }
    assertNothingForwardedNorLogged(shape);
  }

  private void assertNothingForwardedNorLogged(String shape) throws Exception {
    sentinelSeen();
    assertThat(backend.seen()).extracting(TestBackend.Seen::uri).as(shape).containsExactly("/sentinel");
    assertThat(logs.errors()).as(shape).isEmpty();
  }

  /**
   * RFC 9112 section 5.2 lets a server replace an obs-fold with SP instead of refusing it; Netty does,
   * so the backend gets one unfolded line and both sides frame the message alike.
   */
  @org.junit.jupiter.api.Test
  void anObsFoldIsNeverForwardedAsAFold() throws Exception {
    Answer answer = answer("GET /x HTTP/1.1\r\nHost: junction\r\nX-Folded: a\r\n b\r\n\r\n");

    if (answer.status() == 400) {
      assertThat(backend.seen()).isEmpty();
    } else {
      assertThat(backend.last().headers().getAll("X-Folded")).containsExactly("a b");
    }
  }

  @org.junit.jupiter.api.Test
  void anObsFoldedTransferEncodingIsFramedAsChunkedOnBothSides() throws Exception {
    Answer answer = answer("POST /x HTTP/1.1\r\nHost: junction\r\nTransfer-Encoding:\r\n chunked\r\n\r\n"
        + "4\r\nabcd\r\n0\r\n\r\n");

    assertThat(answer.status()).isIn(200, 400);
    if (answer.status() == 200) {
      assertThat(answer.body()).contains("\"body\":\"abcd\"");
      assertThat(backend.last().headers().getAll("Transfer-Encoding")).containsExactly("chunked");
    }
  }

  /** What Junction answered: status -1 when it closed the connection without a response. */
  record Answer(int status, String contentType, String body) {}

  private Answer answer(String raw) throws IOException {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(raw);
      try {
        RawHttp.Head head = c.readHead();
        return new Answer(head.status(), head.first("content-type"),
            new String(c.readBody(head), java.nio.charset.StandardCharsets.UTF_8));
      } catch (IOException closed) {
        return new Answer(-1, null, "");
      }
    }
  }

  /** A good request after the bad one: once the backend has it, anything forwarded earlier is there too. */
  private void sentinelSeen() throws Exception {
    assertThat(proxy.get("/sentinel").statusCode()).isEqualTo(200);
    Await.until("the sentinel reached the backend", () -> backend.seen().stream().anyMatch(s -> s.uri().equals("/sentinel")));
  }
}
