package dev.junction.cache;

import static dev.junction.testing.Await.failure;
import static dev.junction.testing.Await.result;
import static dev.junction.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.CacheConfig.Store;
import dev.junction.config.CacheConfig;
import dev.junction.routing.CacheKey;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionStoresTest {
  @TempDir Path dir;
  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeVertx() {
    result(vertx.close());
  }

  private CacheConfig config(Store store, URI redis) {
    return new CacheConfig(store, dir.resolve("cache.db"), redis, Duration.ofMinutes(5), 100, Map.of());
  }

  @Test
  void memoryConfigOpensTheMemoryStore() {
    DecisionStore store = DecisionStores.open(vertx, config(Store.MEMORY, null));

    assertThat(store).isInstanceOf(MemoryDecisionStore.class);
  }

  @Test
  void sqliteConfigOpensTheConfiguredFile() {
    DecisionStore store = DecisionStores.open(vertx, config(Store.SQLITE, null));
    result(store.loadAll());
    result(store.closeAsync());

    assertThat(dir.resolve("cache.db")).isRegularFile();
  }

  @Test
  void aNonRedisUriIsRejectedWithTheExpectedForm() {
    assertThatThrownBy(() -> DecisionStores.open(vertx, config(Store.REDIS, URI.create("http://127.0.0.1:6379"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected: redis://");
  }

  @Test
  void anUnreachableRedisFailsFuturesAndReportsHealthDownWithoutThrowing() throws IOException {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    DecisionStore store = DecisionStores.open(vertx, config(Store.REDIS, URI.create("redis://127.0.0.1:" + closedPort)));
    Instant now = Instant.now();

    Throwable failed = failure(store.put(new CachedDecision(new CacheKey("GET", "/a", "-"), "b1", now, now.plusSeconds(60))));

    until("reported down", () -> !store.health().up() && store.health().detail().contains(String.valueOf(closedPort)));
    assertThat(failed).isNotNull();
    result(store.closeAsync());
  }
}
