package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import dev.junction.config.CacheConfig;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.Await;
import dev.junction.testing.LogCapture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.VertxExtension;
import io.vertx.core.Context;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * WebSocket proxying end to end: real Vert.x WebSocket backends on port 0, Junction in front, and
 * the JDK's {@link java.net.http.WebSocket} as the client.
 */
class WebSocketProxyTest {
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Bytes the flooding backend tries to send to a client that does not read. */
  private static final long FLOOD = 160L << 20;
  private static final int FLOOD_FRAME = 64 * 1024;

  @TempDir
  Path dir;
  private HttpServer echo;
  private HttpServer refusing;
  private final List<MultiMap> echoHandshakes = new CopyOnWriteArrayList<>();
  private final AtomicInteger refused = new AtomicInteger();
  private final LinkedBlockingQueue<ServerWebSocket> echoSockets = new LinkedBlockingQueue<>();
  private final Flood flood = new Flood();
  private final Sink sink = new Sink();
  private Junction.Running junction;

  /** The flooding backend's view: bytes it got out, whether it is waiting for a drain, what a probe saw. */
  static final class Flood {
    final AtomicLong written = new AtomicLong();
    final AtomicBoolean stalled = new AtomicBoolean();
    final CompletableFuture<Long> writtenWhenProbed = new CompletableFuture<>();
  }

  /** The paused backend's view: its socket (to resume it) and the bytes it has read. */
  static final class Sink {
    final CompletableFuture<ServerWebSocket> socket = new CompletableFuture<>();
    final AtomicLong received = new AtomicLong();
    volatile Runnable resume = () -> {};
  }

  @BeforeEach
  void start() throws Exception {
    HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(0)
        .setWebSocketSubProtocols(List.of("chat.v2"))
        .setMaxWebSocketFrameSize(4 << 20)
        .setMaxWebSocketMessageSize(8 << 20);
    echo = VERTX.get().createHttpServer(options)
        .webSocketHandshakeHandler(h -> {
          echoHandshakes.add(MultiMap.caseInsensitiveMultiMap().addAll(h.headers()));
          h.accept();
        })
        .webSocketHandler(ws -> {
          echoSockets.add(ws);
          if (ws.path().endsWith("/flood")) {
            flood(ws);
            return;
          }
          if (ws.path().endsWith("/sink")) {
            // Reads nothing until the test resumes it: Vert.x then stops reading the connection.
            ws.pause();
            ws.handler(data -> sink.received.addAndGet(data.length()));
            Context context = Vertx.currentContext();
            sink.resume = () -> context.runOnContext(v -> ws.resume());
            sink.socket.complete(ws);
            return;
          }
          ws.textMessageHandler(t -> {
            if (t.startsWith("close ")) {
              ws.close((short) Integer.parseInt(t.substring(6)), "asked to");
            } else {
              ws.writeTextMessage(ws.path() + ": " + t);
            }
          });
          ws.binaryMessageHandler(ws::writeBinaryMessage);
        })
        .requestHandler(req -> req.response().putHeader("X-Upgrade-Seen", String.valueOf(req.getHeader("Upgrade")))
            .end("plain " + req.path()))
        .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    refusing = VERTX.get().createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
        .webSocketHandshakeHandler(h -> {
          refused.incrementAndGet();
          h.reject(403);
        })
        .webSocketHandler(ws -> ws.close())
        .listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    junction = start(Duration.ofMinutes(5), Duration.ofSeconds(20));
  }

  private Junction.Running start(Duration idle, Duration grace) throws Exception {
    String yaml = """
        junction:
          backends:
            refusing: http://127.0.0.1:%d
            echo: http://127.0.0.1:%d
            gone: http://127.0.0.1:%d
          routes:
            - path: /gone
              backend: gone
            - path: /chat
              backend: echo
            - path: /flood
              backend: echo
            - path: /sink
              backend: echo
            - path: /guarded
              backend: refusing
          aliases:
            /chat: [/v1/chat]
          proxy:
            idle_timeout: %dms
          discovery:
            candidates: [refusing, echo]
        """.formatted(refusing.actualPort(), echo.actualPort(), closedPort(), idle.toMillis());
    Path file = dir.resolve("junction-" + System.nanoTime() + ".yaml");
    Files.writeString(file, yaml);
    JunctionConfig config = ConfigLoader.load(file).withCache(new CacheConfig(CacheConfig.Store.MEMORY,
        dir.resolve("c.db"), null, Duration.ofMinutes(1), 100, Map.of()));
    return Junction.builder().config(config).listen("127.0.0.1", 0).admin(false).decisionHeader(true).eventLoops(1)
        .shutdownGrace(grace).build().start();
  }

  private static int closedPort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterEach
  void stop() throws Exception {
    junction.close();
    echo.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    refusing.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** Writes {@link #FLOOD} bytes in binary frames as fast as its write queue lets it. */
  private void flood(ServerWebSocket ws) {
    ws.textMessageHandler(t -> flood.writtenWhenProbed.complete(flood.written.get()));
    Runnable[] more = new Runnable[1];
    more[0] = () -> {
      flood.stalled.set(false);
      while (flood.written.get() < FLOOD) {
        if (ws.writeQueueFull()) {
          flood.stalled.set(true);
          ws.drainHandler(v -> more[0].run());
          return;
        }
        ws.writeBinaryMessage(Buffer.buffer(new byte[FLOOD_FRAME]));
        flood.written.addAndGet(FLOOD_FRAME);
      }
    };
    more[0].run();
  }

  private URI ws(String path) {
    return URI.create("ws://127.0.0.1:" + junction.port() + path);
  }

  /** Collects whole messages and the close the client receives. */
  static final class Recorder implements WebSocket.Listener {
    final LinkedBlockingQueue<Object> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    final AtomicLong bytes = new AtomicLong();
    final boolean reading;
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
    volatile String reason = "";

    Recorder(boolean reading) {
      this.reading = reading;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
      if (reading) {
        webSocket.request(1);
      }
    }

    @Override
    public CompletableFuture<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        messages.add(text.toString());
        text.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletableFuture<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      bytes.addAndGet(data.remaining());
      if (reading) {
        byte[] b = new byte[data.remaining()];
        data.get(b);
        binary.write(b, 0, b.length);
        if (last) {
          messages.add(binary.toByteArray());
          binary.reset();
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletableFuture<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      this.reason = reason;
      closed.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete(-1);
    }

    Object next() throws InterruptedException {
      Object m = messages.poll(20, TimeUnit.SECONDS);
      assertThat(m).as("a message within 20 s").isNotNull();
      return m;
    }
  }

  private static WebSocket connect(URI uri, Recorder r, String... subprotocols) throws Exception {
    WebSocket.Builder b = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
    if (subprotocols.length > 0) {
      b.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
    }
    return b.buildAsync(uri, r).get(20, TimeUnit.SECONDS);
  }

  @Test
  void textAndBinaryEchoThroughARuleAndThroughAnAlias() throws Exception {
    for (String path : List.of("/chat", "/v1/chat")) {
      Recorder r = new Recorder(true);
      WebSocket client = connect(ws(path), r);
      client.sendText("hello", true).get(10, TimeUnit.SECONDS);
      assertThat(r.next()).isEqualTo("/chat: hello");
      client.sendBinary(ByteBuffer.wrap(new byte[] {1, 2, 3}), true).get(10, TimeUnit.SECONDS);
      assertThat((byte[]) r.next()).containsExactly(1, 2, 3);
      client.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theHandshakeCarriesTheWebSocketHeadersUntouchedPlusForwardingInformation() throws Exception {
    WebSocket client = connect(ws("/chat"), new Recorder(true), "chat.v3", "chat.v2");
    client.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);

    MultiMap seen = echoHandshakes.get(0);
    assertThat(seen.get("Upgrade")).isEqualToIgnoringCase("websocket");
    assertThat(seen.get("Connection")).containsIgnoringCase("upgrade");
    assertThat(seen.get("Sec-WebSocket-Key")).isNotBlank();
    assertThat(seen.get("Sec-WebSocket-Version")).isEqualTo("13");
    assertThat(seen.get("Sec-WebSocket-Protocol")).isEqualTo("chat.v3, chat.v2");
    assertThat(seen.get("X-Forwarded-For")).isEqualTo("127.0.0.1");
    assertThat(seen.get("Via")).isEqualTo("1.1 junction");
  }

  @Test
  void theBackends101HeadReachesTheClientWithTheUpgradeHeadersAndTheDecision() throws Exception {
    try (RawHttp c = new RawHttp(junction.port())) {
      c.send(("GET /v1/chat HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, Upgrade\r\nUpgrade: websocket\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      RawHttp.Head h = c.readHead();

      assertThat(h.status()).isEqualTo(101);
      assertThat(h.first("Upgrade")).isEqualToIgnoringCase("websocket");
      assertThat(h.first("Connection")).isEqualToIgnoringCase("upgrade");
      // RFC 6455 section 1.3: the backend's answer to this key, relayed untouched
      assertThat(h.first("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
      assertThat(h.first("Via")).isEqualTo("1.1 junction");
      assertThat(h.first("X-Junction-Decision")).isEqualTo("rule route-2; backend=echo");
      assertThat(h.all("Content-Length")).isEmpty();
      assertThat(h.all("Transfer-Encoding")).isEmpty();
    }
  }

  @Test
  void theSubprotocolTheBackendChoosesReachesTheClient() throws Exception {
    WebSocket client = connect(ws("/chat"), new Recorder(true), "chat.v3", "chat.v2");

    assertThat(client.getSubprotocol()).isEqualTo("chat.v2");
    client.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
  }

  @Test
  void closeCodesPropagateBothWays() throws Exception {
    Recorder r = new Recorder(true);
    WebSocket client = connect(ws("/chat"), r);
    client.sendText("close 4001", true).get(10, TimeUnit.SECONDS);
    assertThat(r.closed.get(20, TimeUnit.SECONDS)).isEqualTo(4001);
    assertThat(r.reason).isEqualTo("asked to");

    echoSockets.clear();
    Recorder r2 = new Recorder(true);
    WebSocket client2 = connect(ws("/chat"), r2);
    ServerWebSocket backendSide = echoSockets.poll(10, TimeUnit.SECONDS);
    client2.sendClose(4002, "client done").get(10, TimeUnit.SECONDS);
    Await.until("the backend side is closed", backendSide::isClosed);
    assertThat(backendSide.closeStatusCode()).isEqualTo((short) 4002);
    assertThat(backendSide.closeReason()).isEqualTo("client done");
  }

  @Test
  void aMessageOverOneMebibyteArrivesWhole() throws Exception {
    byte[] big = new byte[(3 << 20) + 17];
    new Random(7).nextBytes(big);
    Recorder r = new Recorder(true);
    WebSocket client = connect(ws("/chat"), r);

    client.sendBinary(ByteBuffer.wrap(big), true).get(20, TimeUnit.SECONDS);

    assertThat((byte[]) r.next()).isEqualTo(big);
    client.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
  }

  @Test
  void aClientThatDoesNotReadHoldsTheBackendBackInsteadOfFillingJunctionsMemory() throws Exception {
    Recorder r = new Recorder(false);
    WebSocket client = connect(ws("/flood"), r);
    Await.until(Duration.ofSeconds(30), "the backend's write queue is full", flood.stalled::get);

    // A probe the other way: the backend answers it with what it got out while the client read nothing.
    client.sendText("probe", true).get(10, TimeUnit.SECONDS);
    long written = flood.writtenWhenProbed.get(20, TimeUnit.SECONDS);

    assertThat(r.bytes.get()).isZero();
    assertThat(written).as("bytes the backend got out while the client read none").isLessThan(FLOOD / 2);
    client.request(Long.MAX_VALUE);
    Await.until(Duration.ofSeconds(60), "every byte arrives once the client reads",
        () -> "the client has " + r.bytes.get() + " of " + FLOOD + " bytes; the backend got " + flood.written.get()
            + " out and " + (flood.stalled.get() ? "waits for a drain" : "is not waiting"),
        () -> r.bytes.get() == FLOOD);
    client.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
  }

  @Test
  void aBackendThatDoesNotReadHoldsTheClientBackInsteadOfFillingJunctionsMemory() throws Exception {
    Recorder r = new Recorder(true);
    WebSocket client = connect(ws("/sink"), r);
    sink.socket.get(20, TimeUnit.SECONDS);
    AtomicLong sent = new AtomicLong();
    AtomicBoolean sending = new AtomicBoolean();
    CompletableFuture<Void> allSent = CompletableFuture.runAsync(() -> {
      byte[] frame = new byte[FLOOD_FRAME];
      while (sent.get() < FLOOD) {
        sending.set(true);
        client.sendBinary(ByteBuffer.wrap(frame), true).join(); // completes once the bytes left the client
        sending.set(false);
        sent.addAndGet(FLOOD_FRAME);
      }
    });
    // The client is held back once one send stays unfinished, with no progress, for 25 polls in a row.
    long[] last = {-1};
    int[] still = {0};
    Await.until(Duration.ofSeconds(60), "the client's sends stall (or all complete)", () -> {
      long now = sent.get();
      still[0] = now == last[0] && (sending.get() || now == FLOOD) ? still[0] + 1 : 0;
      last[0] = now;
      return still[0] >= 25;
    });

    assertThat(sink.received.get()).as("bytes the paused backend read").isZero();
    assertThat(sent.get()).as("bytes the client got out while the backend read none").isLessThan(FLOOD / 4);
    sink.resume.run();
    allSent.get(60, TimeUnit.SECONDS);
    Await.until(Duration.ofSeconds(60), "every byte arrives once the backend reads",
        () -> "the backend has " + sink.received.get() + " of " + FLOOD + " bytes; the client sent " + sent.get(),
        () -> sink.received.get() == FLOOD);
    client.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
  }

  @Test
  void aBackendRefusingTheUpgradeIsAnsweredToTheClient() {
    assertThatThrownBy(() -> connect(ws("/guarded"), new Recorder(true)))
        .cause().isInstanceOfSatisfying(WebSocketHandshakeException.class,
            e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
    assertThat(refused.get()).isEqualTo(1);
  }

  @Test
  void discoveryMovesPastABackendThatRefusesToTheOneThatAcceptsAndRemembersIt() throws Exception {
    Recorder r = new Recorder(true);
    WebSocket client = connect(ws("/rooms/7"), r);
    client.sendText("hi", true).get(10, TimeUnit.SECONDS);

    assertThat(r.next()).isEqualTo("/rooms/7: hi");
    assertThat(refused.get()).isEqualTo(1);
    client.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);

    // the discovered backend is remembered: the next handshake goes straight to it
    Recorder again = new Recorder(true);
    WebSocket second = connect(ws("/rooms/7"), again);
    second.sendText("again", true).get(10, TimeUnit.SECONDS);
    assertThat(again.next()).isEqualTo("/rooms/7: again");
    assertThat(refused.get()).isEqualTo(1);
    second.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
  }

  @Test
  void otherUpgradesAndUpgradesOnOtherMethodsAreForwardedAsPlainRequestsWithoutUpgrade() throws Exception {
    for (String head : List.of(
        "GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: foo/1\r\n\r\n",
        "POST /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nContent-Length: 0\r\n\r\n")) {
      try (RawHttp c = new RawHttp(junction.port())) {
        c.send(head.getBytes(StandardCharsets.ISO_8859_1));
        RawHttp.Head h = c.readHead();
        String body = new String(c.readBody(h), StandardCharsets.UTF_8);
        assertThat(h.status()).isEqualTo(200);
        assertThat(body).isEqualTo("plain /chat");
        assertThat(h.first("X-Upgrade-Seen")).isEqualTo("null");
      }
    }
  }

  @Test
  void anUnreachableBackendIs502ProblemJson() throws Exception {
    try (RawHttp c = new RawHttp(junction.port())) {
      c.send(("GET /gone HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
          + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
      RawHttp.Head h = c.readHead();
      String body = new String(c.readBody(h), StandardCharsets.UTF_8);

      assertThat(h.status()).isEqualTo(502);
      assertThat(h.first("Content-Type")).isEqualTo("application/problem+json");
      assertThat(body).contains("backend 'gone'");
    }
  }

  @Test
  void anIdleTunnelIsClosedOnBothSides() throws Exception {
    junction.close();
    // long enough for the handshake on a loaded machine; the tunnel then idles past it
    junction = start(Duration.ofSeconds(1), Duration.ofSeconds(20));
    Recorder r = new Recorder(true);
    connect(ws("/chat"), r);
    ServerWebSocket backendSide = echoSockets.poll(10, TimeUnit.SECONDS);

    r.closed.get(20, TimeUnit.SECONDS);
    Await.until("the backend side is closed", backendSide::isClosed);
  }

  @Test
  void aTunnelWithTrafficOutlivesTheIdleTimeout() throws Exception {
    junction.close();
    junction = start(Duration.ofMillis(1500), Duration.ofSeconds(20));
    Recorder r = new Recorder(true);
    WebSocket client = connect(ws("/chat"), r);

    // 30 exchanges 100 ms apart: three seconds of traffic, twice the idle timeout
    for (int i = 0; i < 30; i++) {
      client.sendText("tick " + i, true).get(10, TimeUnit.SECONDS);
      assertThat(r.next()).isEqualTo("/chat: tick " + i);
      Thread.sleep(100);
    }
    assertThat(r.closed).isNotDone();
    client.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
  }

  @Test
  void shutdownCutsAnOpenTunnelAtTheEndOfTheGracePeriod() throws Exception {
    junction.close();
    junction = start(Duration.ofMinutes(5), Duration.ofMillis(300));
    var tunnels = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("dev.junction.proxy.Tunnels");
    Level was = tunnels.getLevel();
    tunnels.setLevel(Level.DEBUG);
    try (LogCapture logs = new LogCapture()) {
      Recorder r = new Recorder(true);
      WebSocket client = connect(ws("/chat"), r);
      client.sendText("still here", true).get(10, TimeUnit.SECONDS);
      r.next();
      ServerWebSocket backendSide = echoSockets.poll(10, TimeUnit.SECONDS);

      CompletableFuture.runAsync(junction::close).get(20, TimeUnit.SECONDS);

      assertThat(r.closed.get(20, TimeUnit.SECONDS)).isNotEqualTo(WebSocket.NORMAL_CLOSURE);
      Await.until("the backend side is closed", backendSide::isClosed);
      assertThat(logs.messages()).anyMatch(m -> m.contains("1 WebSocket tunnel(s) open"));
    } finally {
      tunnels.setLevel(was);
    }
  }
}
