package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.Await;
import dev.junction.testing.LogCapture;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RedisServerExtension;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real redis-server killed and restarted empty while client threads keep sending requests
 * through a real Junction: no client request fails, and what Junction decided during the outage
 * is in Redis afterwards, where another instance finds it.
 */
class RedisRestartUnderLoadTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLIENTS = 4;

  @RegisterExtension
  static final RedisServerExtension REDIS = new RedisServerExtension();

  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();

  private Junction.Running start(TestBackend wrong, TestBackend right) {
    List<BackendConfig> backends = List.of(ProxyFixture.backend("wrong", wrong.uri()), ProxyFixture.backend("right", right.uri()));
    CacheConfig redis = new CacheConfig(CacheConfig.Store.REDIS, CacheConfig.DEFAULT_SQLITE_PATH, REDIS.uri(), Duration.ofHours(1),
        10_000, Map.of());
    JunctionConfig c = JunctionConfig.defaults().withBackends(backends).withCache(redis);
    return Junction.builder().config(c).listen("127.0.0.1", 0).admin(false).decisionHeader(true).build().start();
  }

  private static HttpResponse<String> get(Junction.Running j, String path) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(j.uri().resolve(path)).timeout(Duration.ofSeconds(30)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static boolean healthSays(Junction.Running j, String text) {
    try {
      return get(j, "/health").body().contains(text);
    } catch (Exception e) {
      throw new AssertionError("GET /health failed", e);
    }
  }

  private static String decision(HttpResponse<String> r) {
    return r.headers().firstValue("X-Junction-Decision").orElse("");
  }

  /** Client threads sending GETs until stopped: mostly remembered paths, every tenth one new (a discovery). */
  private static final class Load {
    final AtomicInteger sent = new AtomicInteger();
    final List<String> failures = new CopyOnWriteArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();

    Load(Junction.Running j) {
      for (int t = 0; t < CLIENTS; t++) {
        int client = t;
        Thread thread = new Thread(() -> {
          for (int i = 0; !stop.get(); i++) {
            String path = i % 10 == 0 ? "/fresh/" + client + "/" + i : "/load/" + (i % 8);
            try {
              HttpResponse<String> r = get(j, path);
              if (r.statusCode() != 200 || !r.body().equals("right")) {
                failures.add(path + ": " + r.statusCode() + " " + r.body());
              }
            } catch (Exception e) {
              failures.add(path + ": " + e);
            }
            sent.incrementAndGet();
          }
        }, "load-" + t);
        threads.add(thread);
        thread.start();
      }
    }

    /** Waits until {@code more} requests beyond those sent so far have been answered. */
    void awaitMore(int more) {
      int target = sent.get() + more;
      Await.until(Duration.ofSeconds(30), target + " requests sent", () -> sent.get() >= target);
    }

    /** Stops the clients and waits for their last requests; idempotent. */
    void stop() throws InterruptedException {
      stop.set(true);
      for (Thread t : threads) {
        t.join(30_000);
      }
    }
  }

  @Test
  void aRedisRestartedEmptyUnderLoadFailsNoRequestAndGetsBackTheDecisionMadeWhileItWasDown() throws Exception {
    try (LogCapture logs = new LogCapture();
        TestBackend wrong = new TestBackend(VERTX.get(), req -> req.response().setStatusCode(404).end());
        TestBackend right = new TestBackend(VERTX.get(), req -> req.response().end("right")).withoutRecording();
        Junction.Running a = start(wrong, right)) {
      String during;
      Load load = new Load(a);
      try {
        load.awaitMore(100);

        REDIS.stop();
        try {
          Await.until("a reports redis down", () -> healthSays(a, "\"status\":\"degraded\""));
          during = decision(get(a, "/during"));
          load.awaitMore(100);
        } finally {
          REDIS.start(); // empty: no persistence
        }
        Await.until("the decision made during the outage is back in redis",
            () -> REDIS.bulk("GET", "junction:decision:GET /during -") != null);
        load.awaitMore(100);
        load.stop();

        assertThat(load.failures).as("of %d requests", load.sent.get()).isEmpty();
      } finally {
        load.stop();
      }
      JsonNode inRedis = JSON.readTree(REDIS.bulk("GET", "junction:decision:GET /during -"));
      int wrongAskedBefore = wrong.seen().size();

      try (Junction.Running b = start(wrong, right)) {
        HttpResponse<String> fromB = get(b, "/during");

        assertThat(during).startsWith("discovery; backend=right");
        assertThat(inRedis.get("backend").asText()).isEqualTo("right");
        assertThat(decision(fromB)).isEqualTo("cache; backend=right; attempts=1");
        assertThat(wrong.seen()).hasSize(wrongAskedBefore);
      }
      assertThat(logs.messages("dev.junction.cache.StoreResync")).singleElement().asString()
          .startsWith("Decision store redis back in sync after an outage: wrote back");
      assertThat(logs.errors()).isEmpty();
    }
  }
}
