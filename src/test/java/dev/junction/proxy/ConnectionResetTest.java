package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.EjectionConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.config.StatusSet;
import dev.junction.health.BackendStates;
import dev.junction.routing.DecisionMemory;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.Await;
import dev.junction.testing.LogCapture;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.ResettingBackend;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backends that end the connection with a real TCP reset (RST: {@code SO_LINGER} 0, then close),
 * before the response head, right after it, and in the middle of the body. Before the head the
 * client gets a 502 problem (or the next discovery candidate's answer, for an idempotent request);
 * after it, a response that visibly never completes.
 */
class ConnectionResetTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ProxyConfig FAST = new ProxyConfig(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(30),
      1 << 20, 16, 16 * 1024, EjectionConfig.off());
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  private static ProxyFixture ruleTo(BackendConfig b) {
    return new ProxyFixture(vertx, List.of(b), r -> new RoutingDecision.Forward(List.of(b), "all"), FAST, DiscoveryConfig.defaults());
  }

  private static ProxyFixture discoveryOver(BackendConfig first, BackendConfig second) {
    return new ProxyFixture(vertx, List.of(first, second),
        r -> new RoutingDecision.Discover(List.of(first, second), null, StatusSet.SUCCESS_2XX),
        FAST, DiscoveryConfig.defaults(), DecisionMemory.NONE);
  }

  @Test
  void aResetBeforeTheResponseHeadIs502ProblemJsonNamingTheBackend() throws Exception {
    try (LogCapture logs = new LogCapture();
        ResettingBackend backend = ResettingBackend.beforeTheHead();
        ProxyFixture proxy = ruleTo(ProxyFixture.backend("resets", backend.uri()))) {
      HttpResponse<String> r = proxy.get("/x");

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.headers().firstValue("content-type")).hasValue(ProblemAnswers.CONTENT_TYPE);
      assertThat(JSON.readTree(r.body()).get("type").asText()).isEqualTo("urn:junction:problem:backend-failed");
      assertThat(r.body()).contains("resets");
      assertThat(backend.requestLines()).containsExactly("GET /x HTTP/1.1");
      assertThat(logs.errors()).isEmpty();
    }
  }

  @Test
  void aResetBeforeTheResponseHeadMovesDiscoveryOnToTheNextCandidateForAGet() throws Exception {
    try (ResettingBackend resets = ResettingBackend.beforeTheHead();
        TestBackend next = TestBackend.echo(vertx, "next");
        ProxyFixture proxy = discoveryOver(ProxyFixture.backend("resets", resets.uri()), ProxyFixture.backend("next", next.uri()))) {
      HttpResponse<String> r = proxy.get("/x");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("backend").asText()).isEqualTo("next");
      assertThat(resets.requestLines()).containsExactly("GET /x HTTP/1.1");
    }
  }

  @Test
  void aResetBeforeTheResponseHeadOfAPostIsNotSentToTheNextCandidate() throws Exception {
    try (ResettingBackend resets = ResettingBackend.beforeTheHead();
        TestBackend next = TestBackend.echo(vertx, "next");
        ProxyFixture proxy = discoveryOver(ProxyFixture.backend("resets", resets.uri()), ProxyFixture.backend("next", next.uri()))) {
      HttpResponse<String> r = ProxyFixture.CLIENT.send(HttpRequest.newBuilder(proxy.uri("/orders"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}")).build(), HttpResponse.BodyHandlers.ofString());

      // The first backend may have processed it: sending it again could do it twice.
      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.headers().firstValue("content-type")).hasValue(ProblemAnswers.CONTENT_TYPE);
      assertThat(next.seen()).isEmpty();
    }
  }

  @Test
  void aResetRightAfterTheResponseHeadNeverReachesTheClientAsACompleteResponse() throws Exception {
    CountDownLatch headReceived = new CountDownLatch(1);
    BackendStates states = new BackendStates();
    try (ResettingBackend backend = new ResettingBackend(out -> {
      out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      headReceived.await(20, TimeUnit.SECONDS);
    });
        ProxyFixture proxy = new ProxyFixture(vertx, List.of(ProxyFixture.backend("resets", backend.uri())),
            r -> new RoutingDecision.Forward(List.of(ProxyFixture.backend("resets", backend.uri())), "all"),
            FAST, DiscoveryConfig.defaults(), DecisionMemory.NONE, states);
        RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /x HTTP/1.1\r\nHost: j\r\n\r\n");
      // The backend is marked reached when Junction has its response head: only then reset.
      Await.until("Junction has the backend's response head", () -> Boolean.TRUE.equals(states.get("resets").reached()));
      headReceived.countDown();

      String outcome;
      try {
        RawHttp.Head head = c.readHead();
        outcome = head.status() + " head, body " + Body.readToEnd(new Framing(c, head));
      } catch (IOException closed) {
        outcome = "no response";
      }

      // Vert.x sends a head with the first body bytes, so none of it has left yet; were it sent
      // earlier, the body must still visibly break.
      assertThat(outcome).isIn("no response", "200 head, body broken after 0 bytes");
    }
  }

  @Test
  void aResetMidBodyLeavesTheClientATruncatedBodyThatNeverCompletes() throws Exception {
    CountDownLatch firstChunkRead = new CountDownLatch(1);
    try (ResettingBackend backend = new ResettingBackend(out -> {
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
          + "5\r\nhello\r\n").getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      firstChunkRead.await(20, TimeUnit.SECONDS);
    });
        ProxyFixture proxy = ruleTo(ProxyFixture.backend("resets", backend.uri()));
        RawHttp c = new RawHttp(proxy.port())) {
      c.send("GET /x HTTP/1.1\r\nHost: j\r\n\r\n");
      RawHttp.Head head = c.readHead();
      Framing framing = new Framing(c, head);
      Body start = Body.read(framing, 5);
      firstChunkRead.countDown();

      Body rest = Body.readToEnd(framing);

      assertThat(new String(start.bytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
      assertThat(rest.complete()).as("rest of the body of %s: %s", head.lines(), rest).isFalse();
      assertThat(rest.bytes()).isEmpty();
    }
  }

  /**
   * Body bytes as framed by the response head (Content-Length or chunked), and whether the framing
   * said the body was over: false when the connection ended first.
   */
  record Body(byte[] bytes, boolean complete) {
    /** Reads exactly {@code n} body bytes; fails the test if the body ends or breaks first. */
    static Body read(Framing f, int n) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      while (out.size() < n) {
        int b = f.next();
        assertThat(b).as("body byte %d of %d", out.size(), n).isGreaterThanOrEqualTo(0);
        out.write(b);
      }
      return new Body(out.toByteArray(), false);
    }

    /** Reads the rest of the body, until its framing says it ended or the connection does. */
    static Body readToEnd(Framing f) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try {
        int b;
        while ((b = f.next()) >= 0) {
          out.write(b);
        }
        return new Body(out.toByteArray(), true);
      } catch (IOException | RuntimeException broken) {
        return new Body(out.toByteArray(), false);
      }
    }

    @Override
    public String toString() {
      return (complete ? "complete" : "broken") + " after " + bytes.length + " bytes";
    }
  }

  /** A response body one byte at a time: -1 at its framed end, IOException when the connection ends first. */
  static final class Framing {
    private final RawHttp c;
    private final InputStream in;
    private final boolean chunked;
    private long left;
    private boolean inChunk;
    private boolean ended;

    Framing(RawHttp c, RawHttp.Head head) {
      this.c = c;
      this.in = c.input();
      String length = head.first("content-length");
      this.chunked = "chunked".equals(String.valueOf(head.first("transfer-encoding")).toLowerCase(Locale.ROOT));
      assertThat(chunked || length != null).as("a framed body: %s", head.lines()).isTrue();
      this.left = chunked ? 0 : Long.parseLong(length);
    }

    int next() throws IOException {
      if (ended) {
        return -1;
      }
      if (left == 0 && !chunked) {
        ended = true;
        return -1;
      }
      if (left == 0) {
        if (inChunk) {
          c.readLine(); // the CRLF closing the previous chunk's data
        }
        left = Long.parseLong(c.readLine().split(";")[0].trim(), 16);
        inChunk = true;
        if (left == 0) {
          while (!c.readLine().isEmpty()) {
            // trailers
          }
          ended = true;
          return -1;
        }
      }
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed with " + left + " announced body bytes not sent");
      }
      left--;
      return b;
    }
  }
}
