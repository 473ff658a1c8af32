package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.ListenerConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.Await;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.RecordingBackend;
import dev.junction.testing.VertxExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * RFC 9112 section 9.6: once Junction answered with {@code Connection: close}, whatever the client
 * pipelined behind that request is never processed, however the bytes arrived. Each shape is sent
 * together with a {@code POST /transfer} in one TCP write, many times over, with a pooled backend
 * connection ready each time so that a request dispatched by mistake would reach the backend at once.
 */
class PipelinedAfterRefusalTest {
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  private static final int ROUNDS = 20;
  private static final String TRANSFER = "POST /transfer HTTP/1.1\r\nHost: j\r\nContent-Length: 9\r\n\r\namount=99";
  private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.[01] (\\d{3}) ");

  private RecordingBackend backend;
  private ProxyFixture proxy;

  @BeforeEach
  void start() {
    backend = RecordingBackend.fast();
    BackendConfig b = ProxyFixture.backend("b", backend.uri());
    // one loop and one pooled connection: a request dispatched by mistake leaves at once, on it
    ProxyConfig oneConnection = new ProxyConfig(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
        1 << 20, 1, 16 * 1024);
    proxy = new ProxyFixture(VERTX.get(), List.of(b), r -> new RoutingDecision.Forward(List.of(b), "all"), oneConnection,
        ListenerConfig.defaults(), 1);
  }

  @AfterEach
  void stop() {
    proxy.close();
    backend.close();
  }

  static List<Arguments> closingAnswers() {
    return List.of(
        Arguments.of("two Host lines", "GET /p1 HTTP/1.1\r\nHost: j\r\nHost: k\r\n\r\n", 400),
        Arguments.of("no Host", "GET /p1 HTTP/1.1\r\n\r\n", 400),
        Arguments.of("OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: j\r\n\r\n", 400),
        Arguments.of("a path climbing above the root", "GET /../x HTTP/1.1\r\nHost: j\r\n\r\n", 400),
        Arguments.of("a raw non-ASCII byte in the path", "GET /caf\u00e9 HTTP/1.1\r\nHost: j\r\n\r\n", 400),
        Arguments.of("CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 405),
        Arguments.of("a request asking to close", "GET /p1 HTTP/1.1\r\nHost: j\r\nConnection: close\r\n\r\n", 200),
        Arguments.of("HTTP/1.0 without keep-alive", "GET /p1 HTTP/1.0\r\n\r\n", 200));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("closingAnswers")
  void aRequestPipelinedBehindOneAnsweredWithConnectionCloseIsNeverForwarded(String shape, String first, int status)
      throws Exception {
    for (int round = 0; round < ROUNDS; round++) {
      assertThat(proxy.get("/warm").statusCode()).as("the pooled connection is ready").isEqualTo(200);

      String answer = sendInOneWriteAndReadUntilClosed(first + TRANSFER);

      assertThat(statuses(answer)).as(shape + ", round " + round).containsExactly(status);
    }
    assertThat(proxy.get("/sentinel").statusCode()).isEqualTo(200);
    Await.until(Duration.ofSeconds(10), "the sentinel reached the backend", () -> backend.requestLines().contains("GET /sentinel HTTP/1.1"));
    assertThat(backend.requestLines()).as(shape).filteredOn(l -> l.contains("/transfer")).isEmpty();
  }

  private String sendInOneWriteAndReadUntilClosed(String raw) throws IOException {
    try (RawHttp c = new RawHttp(proxy.port())) {
      c.send(raw.getBytes(StandardCharsets.ISO_8859_1));
      return new String(c.input().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** The status of every answer on the wire, in order. */
  private static List<Integer> statuses(String wire) {
    Matcher m = STATUS_LINE.matcher(wire);
    List<Integer> out = new java.util.ArrayList<>();
    while (m.find()) {
      out.add(Integer.parseInt(m.group(1)));
    }
    return out;
  }
}
