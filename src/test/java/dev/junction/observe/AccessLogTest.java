package dev.junction.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.Junction;
import dev.junction.testing.Await;
import dev.junction.testing.LogCapture;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log of a running Junction, captured from the {@code junction.access} logger. */
class AccessLogTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("time", "client", "method", "path", "alias", "source", "rule", "backend",
      "status", "bytes_in", "bytes_out", "head_ms", "first_byte_ms", "total_ms", "request_id", "attempts", "ended", "abort",
      "trace_id");

  @TempDir
  Path dir;
  private Vertx vertx;
  private TestBackend live;
  private LogCapture log;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    live = TestBackend.echo(vertx, "live");
    log = LogCapture.of(AccessLog.LOGGER);
  }

  @AfterEach
  void stop() {
    log.close();
    live.close();
    vertx.close().await();
  }

  private Junction.Running junction(String accessLog) throws Exception {
    return LiveJunction.start(dir, live.uri(), "aliases: {/rule: [/alias-of-rule]}\n" + accessLog);
  }

  /** The access lines that mention {@code id}, waiting (bounded) until there is at least one. */
  private List<String> linesWith(String id) {
    long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
    while (System.nanoTime() < deadline) {
      List<String> lines = log.messages(AccessLog.LOGGER).stream().filter(l -> l.contains(id)).toList();
      if (!lines.isEmpty()) {
        return lines;
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("no access line mentions " + id + " in " + log.messages(AccessLog.LOGGER));
  }

  @Test
  void aPlainLineHasEveryFieldOfARelayedRequest() throws Exception {
    try (Junction.Running j = junction("")) {
      HttpResponse<String> r = LiveJunction.send(HttpRequest.newBuilder(j.uri().resolve("/alias-of-rule?token=secret"))
          .header("X-Request-Id", "plain-1").POST(HttpRequest.BodyPublishers.ofString("hello")));

      assertThat(r.statusCode()).isEqualTo(200);
      String line = linesWith("request_id=plain-1").get(0);
      assertThat(line).matches("time=\\d{4}-\\d\\d-\\d\\dT[^ ]+Z client=127\\.0\\.0\\.1 method=POST path=/rule "
          + "alias=/alias-of-rule source=rule rule=r-live backend=live status=200 bytes_in=5 bytes_out="
          + r.body().length() + " head_ms=\\d+\\.\\d{3} first_byte_ms=\\d+\\.\\d{3} total_ms=\\d+\\.\\d{3} request_id=plain-1 attempts=1 ended=true abort=- trace_id=-");
      assertThat(line).doesNotContain("secret").doesNotContain("token");
    }
  }

  @Test
  void anEventStreamsFirstByteIsLoggedAfterItsHead() throws Exception {
    CompletableFuture<HttpServerRequest> headSent = new CompletableFuture<>();
    live.handler(req -> {
      req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
      req.response().writeHead().onSuccess(v -> headSent.complete(req));
    });
    try (Junction.Running j = junction("")) {
      HttpResponse<InputStream> stream = ProxyFixture.CLIENT.send(HttpRequest.newBuilder(j.uri().resolve("/rule"))
          .header("X-Request-Id", "sse-1").timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofInputStream());
      assertThat(stream.statusCode()).isEqualTo(200);
      HttpServerRequest held = headSent.get(20, TimeUnit.SECONDS);
      // the client has the head; only now is the first event sent
      live.runOnContext(() -> held.response().end("data: one\n\n"));
      assertThat(new String(stream.body().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("data: one\n\n");

      String line = linesWith("request_id=sse-1").get(0);
      Matcher m = Pattern.compile(" head_ms=(\\S+) first_byte_ms=(\\S+) total_ms=(\\S+) ").matcher(line);
      assertThat(m.find()).as(line).isTrue();
      double head = Double.parseDouble(m.group(1));
      double firstByte = Double.parseDouble(m.group(2));
      assertThat(firstByte).isGreaterThanOrEqualTo(head).isLessThanOrEqualTo(Double.parseDouble(m.group(3)));
    }
  }

  @Test
  void aBodilessAnswerHasNoFirstByte() throws Exception {
    try (Junction.Running j = junction("")) {
      LiveJunction.send(HttpRequest.newBuilder(j.uri().resolve("/rule")).header("X-Request-Id", "head-1")
          .method("HEAD", HttpRequest.BodyPublishers.noBody()));

      assertThat(linesWith("request_id=head-1").get(0)).contains(" status=200 ", " bytes_out=0 ", " first_byte_ms=- ");
    }
  }

  @Test
  void aProblemAnswerIsLoggedWithItsStatusAndNoBackend() throws Exception {
    try (Junction.Running j = junction("")) {
      HttpResponse<String> r = LiveJunction.send(HttpRequest.newBuilder(j.uri().resolve("/fail")).header("X-Request-Id", "fail-1"));

      assertThat(r.statusCode()).isEqualTo(502);
      assertThat(r.headers().firstValue("X-Request-Id")).hasValue("fail-1");
      assertThat(linesWith("request_id=fail-1").get(0))
          .contains(" path=/fail alias=- source=rule rule=r-dead backend=- status=502 ", " attempts=1 ended=true");
    }
  }

  @Test
  void jsonLinesAreValidJsonWithEveryFieldEvenForHostileValues() throws Exception {
    try (Junction.Running j = junction("access_log: {format: json}\n")) {
      String id = "j\"s\\o=n-" + UUID.randomUUID();
      LiveJunction.send(HttpRequest.newBuilder(j.uri().resolve("/rule")).header("X-Request-Id", id));
      LiveJunction.get(j.uri().resolve("/health"));
      LiveJunction.get(j.uri().resolve("/discovered/%22quoted%22"));

      linesWith("/discovered/");
      List<String> lines = log.messages(AccessLog.LOGGER);
      assertThat(lines).hasSize(3);
      List<JsonNode> parsed = lines.stream().map(l -> {
        try {
          return JSON.readTree(l);
        } catch (Exception e) {
          throw new AssertionError("not JSON: " + l, e);
        }
      }).toList();
      assertThat(parsed).allSatisfy(n -> assertThat(fieldNames(n)).isEqualTo(FIELDS));
      JsonNode rule = parsed.stream().filter(n -> n.get("request_id").asText().equals(id)).findFirst().orElseThrow();
      assertThat(rule.get("status").asInt()).isEqualTo(200);
      assertThat(rule.get("source").asText()).isEqualTo("rule");
      assertThat(rule.get("alias").isNull()).isTrue();
      assertThat(rule.get("total_ms").isNumber()).isTrue();
      JsonNode health = parsed.stream().filter(n -> n.get("path").asText().equals("/health")).findFirst().orElseThrow();
      assertThat(health.get("source").asText()).isEqualTo("local");
      assertThat(health.get("backend").isNull()).isTrue();
      assertThat(parsed).anySatisfy(n -> assertThat(n.get("path").asText()).startsWith("/discovered/"));
    }
  }

  @Test
  void aDisabledAccessLogWritesNothing() throws Exception {
    try (Junction.Running j = junction("access_log: {enabled: false}\n")) {
      LiveJunction.get(j.uri().resolve("/rule"));
      LiveJunction.get(j.uri().resolve("/rule"));

      assertThat(log.messages(AccessLog.LOGGER)).isEmpty();
      // the request still reached the recent-requests list: the observer chain ran
      assertThat(LiveJunction.get(j.adminUri().resolve("/requests/recent")).body()).contains("\"path\":\"/rule\"");
    }
  }

  @Test
  void aConnectionClosedMidResponseIsLoggedOnceAsNotEnded() throws Exception {
    live.handler(req -> req.response().setChunked(true).write("first chunk")); // never ends
    try (Junction.Running j = junction("")) {
      try (Socket s = new Socket("127.0.0.1", j.port())) {
        OutputStream out = s.getOutputStream();
        out.write("GET /rule HTTP/1.1\r\nHost: x\r\nX-Request-Id: cut-1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = s.getInputStream();
        StringBuilder got = new StringBuilder();
        while (!got.toString().contains("first chunk")) {
          int c = in.read();
          assertThat(c).isNotNegative();
          got.append((char) c);
        }
      }
      String line = linesWith("request_id=cut-1").get(0);
      // another request completes after the close was handled: still one line for the cut one
      live.handler(req -> req.response().end("ok"));
      LiveJunction.send(HttpRequest.newBuilder(j.uri().resolve("/rule")).header("X-Request-Id", "after-1"));
      linesWith("request_id=after-1");

      assertThat(line).contains(" status=200 ", " ended=false");
      assertThat(log.messages(AccessLog.LOGGER).stream().filter(l -> l.contains("request_id=cut-1"))).hasSize(1);
    }
  }

  private static Set<String> fieldNames(JsonNode n) {
    Set<String> out = new java.util.HashSet<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }
}
