package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.BackendConfig;
import dev.junction.config.ListenerConfig;
import dev.junction.config.TlsConfig;
import dev.junction.routing.RoutingDecision;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.TestCerts;
import dev.junction.testing.VertxExtension;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTP/2 on either side of the proxy, with real clients (the JDK's HttpClient, Vert.x's HTTP/2
 * client) and real backends that record the version they were spoken to in.
 */
class Http2ProxyTest {
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  @TempDir
  static Path dir;
  static TestCerts certs;
  static HttpClientAgent priorKnowledge;

  @BeforeAll
  static void setUp() {
    certs = TestCerts.create(dir, "RSA");
    // one connection, so that several requests share it as streams
    priorKnowledge = VERTX.get().createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false), new PoolOptions().setHttp2MaxSize(1));
  }

  @AfterAll
  static void tearDown() {
    priorKnowledge.close().await();
  }

  private static ListenerConfig tls(boolean http2) {
    return new ListenerConfig(new TlsConfig(certs.cert(), certs.key()), http2);
  }

  private static ProxyFixture proxy(BackendConfig b, ListenerConfig listener) {
    return new ProxyFixture(VERTX.get(), List.of(b), r -> new RoutingDecision.Forward(List.of(b), "all"), listener);
  }

  private static BackendConfig h2c(TestBackend backend) {
    return ProxyFixture.backend("h2c", backend.uri()).withProtocol(BackendConfig.Protocol.H2C);
  }

  private static HttpClient jdk(HttpClient.Version version) {
    return HttpClient.newBuilder().version(version).sslContext(certs.clientContext()).connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static <T> T get(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** A request through the prior-knowledge client; completes with the response and its whole body. */
  private static Future<Answer> call(ProxyFixture proxy, RequestOptions options, Buffer body) {
    return onContext(() -> priorKnowledge.request(options.setHost("127.0.0.1").setPort(proxy.port()))
        .compose(req -> req.send(body))
        .compose(resp -> resp.body().map(b -> new Answer(resp, b))));
  }

  /**
   * Starts a client exchange on a Vert.x context. From the test's thread, a callback registered
   * after the response arrived runs later, and Vert.x has by then delivered and dropped the body:
   * {@code body()} or handlers set there never see the end (eclipse-vertx/vert.x#5825).
   */
  private static <T> Future<T> onContext(Supplier<Future<T>> exchange) {
    Promise<T> result = Promise.promise();
    VERTX.get().getOrCreateContext().runOnContext(v -> exchange.get().onComplete(result));
    return result.future();
  }

  private record Answer(HttpClientResponse response, Buffer body) {}

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + (i >> 9));
    }
    return b;
  }

  @Test
  void theJdkClientNegotiatesHttp2OverTlsWhileTheBackendIsSpokenToInHttp11() throws Exception {
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "b");
        ProxyFixture proxy = proxy(ProxyFixture.backend("b", backend.uri()), tls(true))) {
      HttpResponse<String> r = jdk(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(proxy.uri("/hello")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(r.body()).contains("\"uri\":\"/hello\"");
      assertThat(backend.last().version()).isEqualTo(HttpVersion.HTTP_1_1);
      assertThat(backend.last().headers().get("X-Forwarded-Proto")).isEqualTo("https");
      assertThat(backend.last().headers().names()).noneMatch(n -> n.startsWith(":"));
    }
  }

  @Test
  void anAnswerTheBackendBreaksMidBodyResetsTheHttp2StreamInsteadOfEndingIt() throws Exception {
    try (dev.junction.testing.HostileBackend backend = new dev.junction.testing.HostileBackend((req, out, s) -> {
      out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(300); // the head reaches the client first
      out.write("zz\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      return true;
    }); ProxyFixture proxy = proxy(ProxyFixture.backend("b", backend.uri()), tls(true))) {
      assertThatThrownBy(() -> jdk(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(proxy.uri("/x")).build(),
          HttpResponse.BodyHandlers.ofString())).isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void anH2BackendIsSpokenToInHttp2OverTlsNegotiatedByAlpn() throws Throwable {
    // Backend clients trust what the JVM trusts: point the JVM's default trust store at the test certificate.
    trusting(certs, "trust.p12", () -> {
      var options = new io.vertx.core.http.HttpServerOptions().setSsl(true).setUseAlpn(true)
          .setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions().setCertPath(certs.cert().toString())
              .setKeyPath(certs.key().toString()));
      try (TestBackend backend = new TestBackend(VERTX.get(), options, req -> req.response().end("over " + req.version()))) {
        BackendConfig b = new BackendConfig("tls", java.net.URI.create("https://127.0.0.1:" + backend.port()), null)
            .withProtocol(BackendConfig.Protocol.H2);
        try (ProxyFixture proxy = proxy(b, ListenerConfig.h2c())) {
          HttpResponse<String> r = proxy.get("/secure");
          assertThat(r.body()).isEqualTo("over HTTP_2");
          assertThat(backend.last().version()).isEqualTo(HttpVersion.HTTP_2);
        }
      }
    });
  }

  /** Runs {@code body} with the JVM's default trust store holding {@code trusted}'s certificate only. */
  private static void trusting(TestCerts trusted, String file, org.junit.jupiter.api.function.Executable body)
      throws Throwable {
    Path trust = trusted.trustStore(dir.resolve(file));
    String[] keys = {"javax.net.ssl.trustStore", "javax.net.ssl.trustStorePassword", "javax.net.ssl.trustStoreType"};
    String[] before = new String[keys.length];
    String[] values = {trust.toString(), "changeit", "PKCS12"};
    for (int i = 0; i < keys.length; i++) {
      before[i] = System.getProperty(keys[i]);
      System.setProperty(keys[i], values[i]);
    }
    try {
      body.execute();
    } finally {
      for (int i = 0; i < keys.length; i++) {
        if (before[i] == null) {
          System.clearProperty(keys[i]);
        } else {
          System.setProperty(keys[i], before[i]);
        }
      }
    }
  }

  @Test
  void aBackendWhoseCertificateDoesNotNameItsHostIsRefusedBeforeAnyByteOfTheRequest() throws Throwable {
    // Trusted (it is in the JVM's trust store), but issued for another name: host name verification fails.
    TestCerts other = TestCerts.create(Files.createDirectories(dir.resolve("other")), "EC", "dns:elsewhere.example");
    trusting(other, "other-trust.p12", () -> {
      var options = new io.vertx.core.http.HttpServerOptions().setSsl(true)
          .setKeyCertOptions(new io.vertx.core.net.PemKeyCertOptions().setCertPath(other.cert().toString())
              .setKeyPath(other.key().toString()));
      try (TestBackend backend = new TestBackend(VERTX.get(), options, req -> req.response().end("secret"))) {
        BackendConfig b = new BackendConfig("tls", java.net.URI.create("https://127.0.0.1:" + backend.port()), null);
        try (ProxyFixture proxy = proxy(b, ListenerConfig.h2c())) {
          HttpResponse<String> r = proxy.get("/secure");
          assertThat(r.statusCode()).isEqualTo(502);
          assertThat(r.body()).doesNotContain("secret");
          assertThat(backend.seen()).isEmpty();
        }
      }
    });
  }

  @Test
  void aHostHeaderThatDisagreesWithAuthorityIsAMalformedStream() throws Exception {
    // RFC 9113 sections 8.1.1 and 8.3.1: a stream error of type PROTOCOL_ERROR (1), never forwarded
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "b");
        ProxyFixture proxy = proxy(ProxyFixture.backend("b", backend.uri()), ListenerConfig.h2c())) {
      assertThatThrownBy(() -> get(call(proxy, new RequestOptions().setURI("/h").putHeader("host", "elsewhere.example"),
          Buffer.buffer()))).hasCauseInstanceOf(io.vertx.core.http.StreamResetException.class);
      assertThat(backend.seen()).isEmpty();
    }
  }

  @Test
  void aProblemAnswerOverH2IsSentNotReset() throws Exception {
    // Problem answers to HTTP/1.1 carry Connection: close, which HTTP/2 forbids.
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "b");
        ProxyFixture proxy = new ProxyFixture(VERTX.get(), List.of(ProxyFixture.backend("b", backend.uri())),
            r -> new RoutingDecision.Reject(400, "bad-request", "Bad request", "refused by the router"), ListenerConfig.h2c())) {
      Answer a = get(call(proxy, new RequestOptions().setURI("/refused"), Buffer.buffer()));
      assertThat(a.response().statusCode()).isEqualTo(400);
      assertThat(a.response().getHeader("Content-Type")).isEqualTo(ProblemAnswers.CONTENT_TYPE);
      assertThat(backend.seen()).isEmpty();
    }
  }

  @Test
  void withHttp2OffTlsNegotiatesHttp11Only() throws Exception {
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "b");
        ProxyFixture proxy = proxy(ProxyFixture.backend("b", backend.uri()), tls(false))) {
      HttpResponse<String> r = jdk(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(proxy.uri("/x")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(r.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void theJdkClientUpgradesACleartextConnectionToH2c() throws Exception {
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "b");
        ProxyFixture proxy = proxy(ProxyFixture.backend("b", backend.uri()), ListenerConfig.h2c())) {
      HttpResponse<String> r = jdk(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(proxy.uri("/up")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(r.body()).contains("\"uri\":\"/up\"");
      assertThat(backend.last().headers().names()).noneMatch(n -> n.equalsIgnoreCase("http2-settings") || n.equalsIgnoreCase("upgrade"));
    }
  }

  @Test
  void aPriorKnowledgeClientTalksH2cToAnH2cBackend() throws Exception {
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "b");
        ProxyFixture proxy = proxy(h2c(backend), ListenerConfig.h2c())) {
      Answer a = get(call(proxy, new RequestOptions().setURI("/p"), Buffer.buffer()));
      assertThat(a.response().version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(a.body().toString()).contains("\"uri\":\"/p\"");
      assertThat(backend.last().version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(a.response().request().connection().remoteSettings().getMaxConcurrentStreams()).isEqualTo(100);
    }
  }

  @Test
  void withHttp2OffAPriorKnowledgeClientIsRefused() {
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "b");
        ProxyFixture proxy = proxy(ProxyFixture.backend("b", backend.uri()), new ListenerConfig(null, false))) {
      assertThatThrownBy(() -> get(call(proxy, new RequestOptions().setURI("/p"), Buffer.buffer()))).isNotNull();
      assertThat(backend.seen()).isEmpty();
    }
  }

  @Test
  void anHttp11ClientWithAChunkedBodyReachesAnH2cBackend() throws Exception {
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "b");
        ProxyFixture proxy = proxy(h2c(backend), ListenerConfig.h2c())) {
      HttpResponse<String> r = ProxyFixture.CLIENT.send(HttpRequest.newBuilder(proxy.uri("/c"))
              .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream("chunked body".getBytes())))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
      assertThat(r.body()).contains("\"body\":\"chunked body\"");
      assertThat(backend.last().version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(backend.last().headers().names())
          .noneMatch(n -> n.equalsIgnoreCase("transfer-encoding") || n.equalsIgnoreCase("connection"));
    }
  }

  @Test
  void anH2RequestBodyWithoutContentLengthReachesAnHttp11Backend() throws Exception {
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "b");
        ProxyFixture proxy = proxy(ProxyFixture.backend("b", backend.uri()), ListenerConfig.h2c())) {
      Answer a = get(onContext(() -> priorKnowledge.request(new RequestOptions().setMethod(HttpMethod.POST)
              .setURI("/nolength").setHost("127.0.0.1").setPort(proxy.port()))
          .compose(req -> {
            req.setChunked(true);
            req.write("part one, ");
            return req.end("part two").compose(v -> req.response());
          })
          .compose(resp -> resp.body().map(b -> new Answer(resp, b)))));
      assertThat(a.body().toString()).contains("\"body\":\"part one, part two\"");
      assertThat(backend.last().headers().get("Content-Length")).isNull();
    }
  }

  @Test
  void largeBodiesPassBothWaysOverH2() throws Exception {
    byte[] upload = bytes(8 * 1024 * 1024);
    byte[] download = bytes(6 * 1024 * 1024 + 7);
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> req.body().onSuccess(body -> {
      try {
        req.response().putHeader("X-Sha256", sha256(body.getBytes())).end(Buffer.buffer(download));
      } catch (Exception e) {
        req.response().setStatusCode(500).end();
      }
    })); ProxyFixture proxy = proxy(ProxyFixture.backend("b", backend.uri()), tls(true))) {
      HttpResponse<byte[]> r = jdk(HttpClient.Version.HTTP_2).send(HttpRequest.newBuilder(proxy.uri("/big"))
              .POST(HttpRequest.BodyPublishers.ofByteArray(upload)).build(),
          HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
      assertThat(r.headers().firstValue("X-Sha256")).contains(sha256(upload));
      assertThat(r.headers().firstValue("Content-Length")).contains(Integer.toString(download.length));
      assertThat(sha256(r.body())).isEqualTo(sha256(download));
    }
  }

  @Test
  void serverSentEventsStreamOverH2OneByOne() throws Exception {
    // The backend sends the next event only after the client has seen the previous one.
    List<CompletableFuture<Void>> seen = List.of(new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>());
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> {
      HttpServerResponse out = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
      sendEvent(out, seen, 0);
    }); ProxyFixture proxy = proxy(ProxyFixture.backend("sse", backend.uri()), ListenerConfig.h2c())) {
      List<String> events = new ArrayList<>();
      CompletableFuture<HttpVersion> done = new CompletableFuture<>();
      onContext(() -> priorKnowledge
          .request(new RequestOptions().setURI("/events").setHost("127.0.0.1").setPort(proxy.port()))
          .compose(req -> req.send())
          .onSuccess(resp -> {
            resp.handler(chunk -> {
              for (String line : chunk.toString().split("\n")) {
                if (line.startsWith("data: ")) {
                  events.add(line.substring(6));
                  seen.get(events.size() - 1).complete(null);
                }
              }
            });
            resp.endHandler(v -> done.complete(resp.version()));
            resp.exceptionHandler(done::completeExceptionally);
          })
          .onFailure(done::completeExceptionally));
      assertThat(done.get(30, TimeUnit.SECONDS)).isEqualTo(HttpVersion.HTTP_2);
      assertThat(events).containsExactly("event-0", "event-1", "event-2");
    }
  }

  private static void sendEvent(HttpServerResponse out, List<CompletableFuture<Void>> seen, int i) {
    out.write("data: event-" + i + "\n\n");
    if (i == seen.size() - 1) {
      out.end();
      return;
    }
    seen.get(i).orTimeout(20, TimeUnit.SECONDS).whenComplete((v, e) -> {
      if (e == null) {
        sendEvent(out, seen, i + 1);
      } else {
        out.reset();
      }
    });
  }

  @Test
  void headAnd204And304CarryNoBodyOverH2AndHeadKeepsItsLength() throws Exception {
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> {
      switch (req.path()) {
        case "/head" -> req.response().putHeader("Content-Length", "1234").end();
        case "/none" -> req.response().setStatusCode(204).end();
        default -> req.response().setStatusCode(304).putHeader("ETag", "\"v1\"").end();
      }
    }); ProxyFixture proxy = proxy(ProxyFixture.backend("b", backend.uri()), ListenerConfig.h2c())) {
      Answer head = get(call(proxy, new RequestOptions().setMethod(HttpMethod.HEAD).setURI("/head"), Buffer.buffer()));
      Answer none = get(call(proxy, new RequestOptions().setURI("/none"), Buffer.buffer()));
      Answer notModified = get(call(proxy, new RequestOptions().setURI("/etag"), Buffer.buffer()));
      assertThat(head.response().getHeader("Content-Length")).isEqualTo("1234");
      assertThat(head.body().length()).isZero();
      assertThat(none.response().statusCode()).isEqualTo(204);
      assertThat(none.body().length()).isZero();
      assertThat(notModified.response().statusCode()).isEqualTo(304);
      assertThat(notModified.response().getHeader("ETag")).isEqualTo("\"v1\"");
      assertThat(notModified.body().length()).isZero();
    }
  }

  @Test
  void teTrailersReachesAnH2cBackendAndItsTrailersReachTheClient() throws Exception {
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> req.response().setChunked(true)
        .write("payload").onComplete(v -> {
          req.response().putTrailer("grpc-status", "0");
          req.response().end();
        })); ProxyFixture proxy = proxy(h2c(backend), ListenerConfig.h2c())) {
      Answer a = get(call(proxy, new RequestOptions().setURI("/rpc").putHeader("te", "trailers"), Buffer.buffer()));
      assertThat(backend.last().headers().get("te")).isEqualTo("trailers");
      assertThat(a.body().toString()).isEqualTo("payload");
      assertThat(a.response().trailers().get("grpc-status")).isEqualTo("0");
    }
  }

  @Test
  void teIsNotSentToAnHttp11Backend() throws Exception {
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "b");
        ProxyFixture proxy = proxy(ProxyFixture.backend("b", backend.uri()), ListenerConfig.h2c())) {
      get(call(proxy, new RequestOptions().setURI("/rpc").putHeader("te", "trailers"), Buffer.buffer()));
      assertThat(backend.last().headers().get("te")).isNull();
    }
  }

  @Test
  void splitCookiesAreJoinedForAnHttp11Backend() throws Exception {
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "b");
        ProxyFixture proxy = proxy(ProxyFixture.backend("b", backend.uri()), ListenerConfig.h2c())) {
      get(call(proxy, new RequestOptions().setURI("/c").addHeader("cookie", "a=1").addHeader("cookie", "b=2"), Buffer.buffer()));
      assertThat(backend.last().headers().getAll("Cookie")).containsExactly("a=1; b=2");
    }
  }

  @Test
  void streamsOfOneConnectionGoToDifferentBackends() throws Exception {
    try (TestBackend a = TestBackend.echo(VERTX.get(), "a"); TestBackend b = TestBackend.echo(VERTX.get(), "b")) {
      BackendConfig ca = ProxyFixture.backend("a", a.uri());
      BackendConfig cb = h2c(b);
      try (ProxyFixture proxy = new ProxyFixture(VERTX.get(), List.of(ca, cb),
          r -> new RoutingDecision.Forward(List.of(r.path().startsWith("/a") ? ca : cb), "by path"), ListenerConfig.h2c())) {
        Answer toA = get(call(proxy, new RequestOptions().setURI("/a"), Buffer.buffer()));
        Answer toB = get(call(proxy, new RequestOptions().setURI("/b"), Buffer.buffer()));
        assertThat(toA.body().toString()).contains("\"backend\":\"a\"");
        assertThat(toB.body().toString()).contains("\"backend\":\"b\"");
        assertThat(toA.response().request().connection()).isSameAs(toB.response().request().connection());
        assertThat(toA.response().request().streamId()).isNotEqualTo(toB.response().request().streamId());
      }
    }
  }

  @Test
  void aClientStreamResetReachesTheBackend() throws Exception {
    CompletableFuture<Void> backendClosed = new CompletableFuture<>();
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> {
      req.response().closeHandler(v -> backendClosed.complete(null));
      req.response().setChunked(true).write("first");
    }); ProxyFixture proxy = proxy(ProxyFixture.backend("b", backend.uri()), ListenerConfig.h2c())) {
      onContext(() -> priorKnowledge
          .request(new RequestOptions().setURI("/long").setHost("127.0.0.1").setPort(proxy.port()))
          .compose(req -> req.send())
          .onSuccess(resp -> resp.handler(chunk -> resp.request().reset())));
      backendClosed.get(30, TimeUnit.SECONDS);
      assertThat(backendClosed).isCompleted();
    }
  }

  @Test
  void aClientStreamResetBeforeTheResponseHeadResetsTheH2cBackendStream() throws Exception {
    CompletableFuture<Void> backendReset = new CompletableFuture<>();
    CompletableFuture<Void> arrived = new CompletableFuture<>();
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> {
      req.response().closeHandler(v -> backendReset.complete(null));
      arrived.complete(null); // and never answers
    }); ProxyFixture proxy = proxy(h2c(backend), ListenerConfig.h2c())) {
      var request = get(priorKnowledge.request(new RequestOptions().setURI("/slow").setHost("127.0.0.1").setPort(proxy.port())));
      request.send();
      arrived.get(30, TimeUnit.SECONDS);
      request.reset();
      backendReset.get(30, TimeUnit.SECONDS);
      assertThat(backend.last().version()).isEqualTo(HttpVersion.HTTP_2);
    }
  }

  @Test
  void aBackendStreamResetReachesTheClient() throws Exception {
    CompletableFuture<Throwable> clientError = new CompletableFuture<>();
    try (TestBackend backend = new TestBackend(VERTX.get(), req -> req.response().setChunked(true).write("first")
        .onComplete(v -> VERTX.get().setTimer(50, t -> req.response().reset())));
        ProxyFixture proxy = proxy(h2c(backend), ListenerConfig.h2c())) {
      onContext(() -> priorKnowledge
          .request(new RequestOptions().setURI("/long").setHost("127.0.0.1").setPort(proxy.port()))
          .compose(req -> req.send())
          .onSuccess(resp -> {
            resp.exceptionHandler(clientError::complete);
            resp.endHandler(v -> clientError.completeExceptionally(new AssertionError("the stream ended cleanly")));
          })
          .onFailure(clientError::complete));
      assertThat(clientError.get(30, TimeUnit.SECONDS)).isInstanceOf(io.vertx.core.http.StreamResetException.class);
    }
  }
}
