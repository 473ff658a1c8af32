package dev.junction.observe;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import dev.junction.testing.LogCapture;
import dev.junction.testing.ServeProcess;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The bundled access log appender: every line whole and in order, drops counted and said, none lost at exit. */
class AccessLogAppenderTest {
  @TempDir Path dir;

  private static LoggingEvent event(String message) {
    LoggingEvent e = new LoggingEvent();
    e.setLevel(Level.INFO);
    e.setLoggerName(AccessLog.LOGGER);
    e.setMessage(message);
    return e;
  }

  private static AccessLogAppender appender(OutputStream out) {
    AccessLogAppender a = new AccessLogAppender();
    a.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
    a.writeTo(out);
    a.start();
    return a;
  }

  @Test
  void linesFromTwoEventLoopsArriveWholeEachInItsOrderAndStopWritesTheRest() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    AccessLogAppender a = appender(out);
    int each = 3000; // fewer than can wait at once: none may be dropped
    List<Thread> loops = new ArrayList<>();
    for (String name : List.of("a", "b")) {
      Thread t = new Thread(() -> {
        for (int i = 0; i < each; i++) {
          a.doAppend(event("loop=" + name + " n=" + i + " path=/caf\u00e9"));
        }
      });
      loops.add(t);
      t.start();
    }
    for (Thread t : loops) {
      t.join();
    }
    a.stop();
    List<String> lines;
    synchronized (out) {
      lines = Arrays.asList(out.toString(StandardCharsets.UTF_8).split("\n", -1));
    }
    assertThat(lines.get(lines.size() - 1)).isEmpty(); // the last line ends in a newline too
    assertThat(lines).hasSize(2 * each + 1);
    assertThat(a.dropped()).isZero();
    for (String name : List.of("a", "b")) {
      List<String> own = lines.stream().filter(l -> l.startsWith("loop=" + name + " ")).toList();
      assertThat(own).hasSize(each);
      for (int i = 0; i < each; i++) {
        assertThat(own.get(i)).isEqualTo("loop=" + name + " n=" + i + " path=/caf\u00e9");
      }
    }
  }

  @Test
  void linesBeyondWhatMayWaitAreDroppedCountedAndSaid() throws Exception {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream written = new ByteArrayOutputStream();
    OutputStream slow = new OutputStream() { // a terminal that stops taking output
      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        stuck.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        synchronized (written) {
          written.write(b, off, len);
        }
      }
    };
    try (LogCapture warnings = LogCapture.of(AccessLogAppender.class.getName())) {
      AccessLogAppender a = appender(slow);
      a.doAppend(event("first"));
      assertThat(stuck.await(30, TimeUnit.SECONDS)).isTrue(); // the writer holds "first" and waits
      int more = AccessLogAppender.CAPACITY + 100;
      for (int i = 0; i < more; i++) {
        a.doAppend(event("line " + i));
      }
      assertThat(a.dropped()).isEqualTo(100);
      release.countDown();
      a.stop();
      long lines;
      synchronized (written) {
        lines = written.toString(StandardCharsets.UTF_8).lines().count();
      }
      assertThat(lines).isEqualTo(1 + AccessLogAppender.CAPACITY);
      assertThat(warnings.messages(AccessLogAppender.class.getName()))
          .containsExactly("access log: 100 line(s) dropped: stderr took them slower than they came (8192 can wait)");
    }
  }

  /**
   * {@code junction serve} with the bundled logback.xml's appender: an access line per request on
   * stderr, and none lost when it stops. The nap is a minute here, so that all lines but the first
   * (which wakes the writer) are still queued at SIGTERM: only the stop writes them.
   */
  @Test
  void serveWritesEveryLineToStderrUpToTheLastBeforeItStops() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestBackend backend = new TestBackend(vertx, req -> req.response().end("ok"))) {
      Path config = dir.resolve("junction.yaml");
      Files.writeString(config, "junction:\n  cache: {store: memory}\n  admin: {enabled: false}\n  backends:\n    only: "
          + backend.uri() + "\n", StandardCharsets.UTF_8);
      String bundled = Files.readString(Path.of(AccessLogAppender.class.getResource("/logback.xml").toURI()));
      String napping = "<appender name=\"ACCESS\" class=\"dev.junction.observe.AccessLogAppender\"/>";
      assertThat(bundled).contains(napping);
      Path logback = Files.writeString(dir.resolve("logback.xml"), bundled.replace(napping,
          "<appender name=\"ACCESS\" class=\"dev.junction.observe.AccessLogAppender\"><napMillis>60000</napMillis></appender>"));
      int listen = ServeProcess.freePort();
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      int requests = 40;
      try (ServeProcess serve = ServeProcess.startWithEnv(dir, "serve.log", ServeProcess.DEFAULT_HUP,
          Map.of("JAVA_TOOL_OPTIONS", "-Dlogback.configurationFile=" + logback),
          "--config", config.toString(), "--listen", "127.0.0.1:" + listen, "--no-watch")) {
        serve.awaitLog("Junction listening", Duration.ofSeconds(60));
        for (int i = 0; i < requests; i++) {
          HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + listen + "/p"))
              .header("X-Request-Id", "line-" + i).timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
          assertThat(r.body()).isEqualTo("ok");
        }
        assertThat(serve.log().lines().filter(l -> l.startsWith("time="))).hasSizeLessThan(requests);
        serve.signal("TERM");
        assertThat(serve.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        List<String> access = serve.log().lines().filter(l -> l.startsWith("time=")).toList();
        assertThat(access).hasSize(requests);
        for (int i = 0; i < requests; i++) {
          assertThat(access.get(i)).contains(" path=/p ").contains(" status=200 ").contains(" request_id=line-" + i + " ");
        }
      }
    } finally {
      vertx.close().await();
    }
  }
}
