package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.LogCapture;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.lang.management.ManagementFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bounded soak: mixed traffic (payload rules, discovery with cache hits and misses, server-sent
 * events) through one Junction with its SQLite store for {@code junction.soak.seconds} (default 20;
 * {@code bench/soak.sh} runs 120). Every response must be the expected one, nothing may be logged at
 * ERROR, and the heap after GC at the end must stay near where it was after warm-up. The numbers go
 * to {@code target/soak-report.txt}. No timing is asserted.
 */
@Tag("soak")
class SoakTest {
  private static final int CLIENTS = 4;
  private static final long MB = 1024 * 1024;

  @Test
  void mixedTrafficRunsWithZeroUnexpectedErrorsAndFlatMemory(@TempDir Path dir) throws Exception {
    long seconds = Long.getLong("junction.soak.seconds", 20);
    Vertx vertx = Vertx.vertx();
    TestBackend rules = TestBackend.echo(vertx, "rules").withoutRecording();
    TestBackend missing = new TestBackend(vertx, req -> req.response().setStatusCode(404).end()).withoutRecording();
    TestBackend found = TestBackend.echo(vertx, "found").withoutRecording();
    TestBackend events = new TestBackend(vertx, req -> {
      HttpServerResponse out = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
      sendEvents(vertx, out, 0);
    }).withoutRecording();
    Path file = dir.resolve("junction.yaml");
    Files.writeString(file, """
        junction:
          backends:
            rules: http://127.0.0.1:%d
            missing: http://127.0.0.1:%d
            found: http://127.0.0.1:%d
            events: http://127.0.0.1:%d
          routes:
            - path: /chat
              methods: [POST]
              payload:
                - /model: {glob: "m-*"}
              backend: rules
            - path: /events
              backend: events
          cache:
            store: sqlite
            path: soak.db
          discovery:
            candidates: [missing, found]
        """.formatted(rules.port(), missing.port(), found.port(), events.port()));
    JunctionConfig config = ConfigLoader.load(file);
    AtomicLong requests = new AtomicLong();
    ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    long heapStart;
    long heapEnd;
    try (LogCapture logs = new LogCapture();
        Junction.Running j = Junction.builder().config(config).listen("127.0.0.1", 0).admin(false).eventLoops(2).build().start()) {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(2, seconds / 10));
      List<Future<?>> running = new ArrayList<>();
      for (int t = 0; t < CLIENTS; t++) {
        int client = t;
        running.add(pool.submit(() -> {
          for (long i = 0; System.nanoTime() - end < 0; i++) {
            String outcome = oneRequest(j, client, i);
            requests.incrementAndGet();
            if (outcome != null && unexpected.size() < 50) {
              unexpected.add(outcome);
            }
          }
        }));
      }
      while (System.nanoTime() - warm < 0) {
        Thread.sleep(100);
      }
      heapStart = heapAfterGc();
      for (Future<?> f : running) {
        f.get(seconds + 60, TimeUnit.SECONDS);
      }
      heapEnd = heapAfterGc();
      String report = "soak: %d s, %d clients, %d requests, %d unexpected, heap after GC %d MiB after warm-up -> %d MiB at end, %d ERROR log lines%n"
          .formatted(seconds, CLIENTS, requests.get(), unexpected.size(), heapStart / MB, heapEnd / MB, logs.errors().size());
      Files.writeString(Path.of("target", "soak-report.txt"), report);

      assertThat(unexpected).as(report).isEmpty();
      assertThat(logs.errors()).as(report).isEmpty();
      assertThat(heapEnd).as(report).isLessThan(heapStart + 64 * MB);
      assertThat(requests.get()).as(report).isGreaterThan(seconds * 10);
    } finally {
      pool.shutdownNow();
      vertx.close().await();
    }
  }

  /** One request of the mix; null when its answer is the expected one, else what went wrong. */
  private static String oneRequest(Junction.Running j, int client, long i) {
    String what = "?";
    try {
      HttpResponse<String> r;
      String expect;
      switch ((int) (i % 4)) {
        case 0 -> {
          what = "POST /chat";
          r = send(j, HttpRequest.newBuilder(j.uri().resolve("/chat"))
              .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m-" + (i % 7) + "\",\"prompt\":\"" + i + "\"}")));
          expect = "\"backend\":\"rules\"";
        }
        case 1, 2 -> {
          // 300 distinct paths: misses at first, cache hits (memory and SQLite) afterwards
          what = "GET /items";
          r = send(j, HttpRequest.newBuilder(j.uri().resolve("/items/" + ((i * 7 + client) % 300))));
          expect = "\"backend\":\"found\"";
        }
        default -> {
          what = "GET /events";
          r = send(j, HttpRequest.newBuilder(j.uri().resolve("/events")));
          expect = "data: 4\n\n";
        }
      }
      return r.statusCode() == 200 && r.body().contains(expect) ? null : what + " -> " + r.statusCode() + " " + r.body();
    } catch (Exception e) {
      return what + " -> " + e;
    }
  }

  private static HttpResponse<String> send(Junction.Running j, HttpRequest.Builder b) throws Exception {
    return ProxyFixture.CLIENT.send(b.timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json").build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void sendEvents(Vertx vertx, HttpServerResponse out, int n) {
    if (n == 5) {
      out.end();
      return;
    }
    out.write("data: " + n + "\n\n").onSuccess(v -> vertx.setTimer(2, t -> sendEvents(vertx, out, n + 1)));
  }

  private static long heapAfterGc() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long min = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
      min = Math.min(min, memory.getHeapMemoryUsage().getUsed());
    }
    return min;
  }
}
