package dev.junction.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.Junction;
import dev.junction.proxy.CompletedExchange;
import dev.junction.testing.Await;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recent-requests ring and {@code GET /requests/recent} on a running Junction. */
class RecentRequestsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static CompletedExchange exchange(int n) {
    return new CompletedExchange(Instant.EPOCH, "id-" + n, "127.0.0.1", "GET", "/p", null, CompletedExchange.Source.LOCAL,
        null, null, 200, 0, 0, 1, 1, 2, List.of(), true, null);
  }

  @Test
  void theRingKeepsTheLatest200NewestFirst() {
    RecentRequests ring = new RecentRequests();
    IntStream.range(0, 250).forEach(i -> ring.completed(exchange(i)));

    List<CompletedExchange> all = ring.latest(1000);
    assertThat(all).hasSize(RecentRequests.CAPACITY);
    assertThat(all.get(0).requestId()).isEqualTo("id-249");
    assertThat(all.get(199).requestId()).isEqualTo("id-50");
    assertThat(ring.latest(3)).extracting(CompletedExchange::requestId).containsExactly("id-249", "id-248", "id-247");
  }

  @Test
  void concurrentWritersNeverMakeAReaderSeeAnEntryTwice() throws Exception {
    RecentRequests ring = new RecentRequests();
    Thread[] writers = new Thread[4];
    for (int w = 0; w < writers.length; w++) {
      int base = w * 100_000;
      writers[w] = new Thread(() -> IntStream.range(0, 20_000).forEach(i -> ring.completed(exchange(base + i))));
      writers[w].start();
    }
    int reads = 0;
    while (reads < 200) {
      List<String> ids = ring.latest(200).stream().map(CompletedExchange::requestId).toList();
      assertThat(ids).doesNotHaveDuplicates();
      reads++;
    }
    for (Thread t : writers) {
      t.join();
    }
    assertThat(ring.latest(200)).hasSize(200);
  }

  /** The latest three, once the newest is {@code newest} (it may be recorded just after its response). */
  private static JsonNode recent(Junction.Running j, String newest) throws Exception {
    long deadline = System.nanoTime() + Await.DEFAULT.toNanos();
    while (true) {
      JsonNode r = JSON.readTree(LiveJunction.get(j.adminUri().resolve("/requests/recent?limit=3")).body()).get("requests");
      if (r.size() > 0 && r.get(0).get("requestId").asText().equals(newest) || System.nanoTime() > deadline) {
        return r;
      }
    }
  }

  @Test
  void theAdminApiListsTheLatestRequestsWithHowTheyWereRouted(@TempDir Path dir) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestBackend live = TestBackend.echo(vertx, "live");
        Junction.Running j = LiveJunction.start(dir, live.uri(), "aliases: {/rule: [/r]}\n")) {
      LiveJunction.send(HttpRequest.newBuilder(j.uri().resolve("/r")).header("X-Request-Id", "first"));
      LiveJunction.send(HttpRequest.newBuilder(j.uri().resolve("/found-by-discovery")).header("X-Request-Id", "second"));
      LiveJunction.send(HttpRequest.newBuilder(j.uri().resolve("/fail")).header("X-Request-Id", "third"));

      JsonNode r = recent(j, "third");

      assertThat(r).hasSize(3);
      assertThat(r.get(0).get("requestId").asText()).isEqualTo("third");
      assertThat(r.get(0).get("status").asInt()).isEqualTo(502);
      assertThat(r.get(0).has("backend")).isFalse();
      assertThat(r.get(1).get("source").asText()).isEqualTo("discovery");
      assertThat(r.get(1).get("backend").asText()).isEqualTo("live");
      JsonNode first = r.get(2);
      assertThat(first.get("requestId").asText()).isEqualTo("first");
      assertThat(first.get("method").asText()).isEqualTo("GET");
      assertThat(first.get("path").asText()).isEqualTo("/rule");
      assertThat(first.get("alias").asText()).isEqualTo("/r");
      assertThat(first.get("source").asText()).isEqualTo("rule");
      assertThat(first.get("rule").asText()).isEqualTo("r-live");
      assertThat(first.get("status").asInt()).isEqualTo(200);
      assertThat(first.get("durationMs").asLong()).isNotNegative();
      assertThat(Instant.parse(first.get("at").asText())).isBefore(Instant.now().plusSeconds(1));
    } finally {
      vertx.close().await();
    }
  }

}
