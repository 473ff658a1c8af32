package dev.junction.cache;

import static dev.junction.testing.Await.result;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.routing.CacheKey;
import dev.junction.testing.Await;
import dev.junction.testing.MutableClock;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cache over the no-persistence store: TTL, stats, snapshot, evict and clear. */
class DecisionCacheTest {
  private static final BackendConfig QUICK = new BackendConfig("quick", URI.create("http://127.0.0.1:9001"), Duration.ofSeconds(30));
  private static final BackendConfig PLAIN = new BackendConfig("plain", URI.create("http://127.0.0.1:9002"), null);
  private static final CacheKey CHAT = new CacheKey("POST", "/v1/chat", CacheKey.NO_PAYLOAD);
  private static final CacheKey SPEECH = new CacheKey("POST", "/audio/speech", "abc123");

  private final MutableClock clock = new MutableClock();
  private Vertx vertx;
  private DecisionCache cache;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    cache = newCache(100);
    result(cache.start());
  }

  @AfterEach
  void stop() {
    result(cache.close());
    result(vertx.close());
  }

  private DecisionCache newCache(long maxEntries) {
    CacheConfig config = new CacheConfig(CacheConfig.Store.MEMORY, Path.of("unused.db"), null, Duration.ofMinutes(10),
        maxEntries, Map.of());
    return new DecisionCache(vertx, config, new MemoryDecisionStore(), clock);
  }

  @Test
  void aRememberedDecisionIsFoundByLookup() {
    CachedDecision d = cache.remember(CHAT, QUICK);

    assertThat(result(cache.lookup(CHAT))).contains(d);
  }

  @Test
  void theBackendCacheTimeoutSetsTheExpiry() {
    CachedDecision d = cache.remember(CHAT, QUICK);

    assertThat(d.expiresAt()).isEqualTo(clock.instant().plusSeconds(30));
  }

  @Test
  void aBackendWithoutCacheTimeoutUsesTheDefaultTtl() {
    CachedDecision d = cache.remember(CHAT, PLAIN, Duration.ofMinutes(3));

    assertThat(d.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(3)));
  }

  @Test
  void theConfiguredDefaultTtlAppliesWhenNoneIsGiven() {
    CachedDecision d = cache.remember(CHAT, PLAIN);

    assertThat(d.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(10)));
  }

  @Test
  void aDecisionIsForgottenOnceItsTtlHasPassed() {
    cache.remember(CHAT, QUICK);

    clock.advance(Duration.ofSeconds(30));

    assertThat(result(cache.lookup(CHAT))).isEmpty();
  }

  @Test
  void aDecisionIsKeptUntilJustBeforeItsTtl() {
    cache.remember(CHAT, QUICK);

    clock.advance(Duration.ofSeconds(29));

    assertThat(cache.peek(CHAT)).isPresent();
  }

  @Test
  void statsCountHitsAndMisses() {
    cache.remember(CHAT, QUICK);
    result(cache.lookup(CHAT));
    result(cache.lookup(CHAT));
    result(cache.lookup(SPEECH));

    assertThat(cache.stats()).extracting(CacheStats::hits, CacheStats::misses).containsExactly(2L, 1L);
  }

  @Test
  void entriesOverTheBoundAreEvictedAndCounted() {
    DecisionCache small = newCache(5);
    for (int i = 0; i < 50; i++) {
      small.remember(new CacheKey("GET", "/p" + i, CacheKey.NO_PAYLOAD), QUICK);
    }

    Await.until("evictions counted", () -> small.stats().evictions() >= 45);
    assertThat(small.stats().entries()).isLessThanOrEqualTo(5);
  }

  @Test
  void snapshotListsUnexpiredDecisionsSortedByKey() {
    cache.remember(CHAT, QUICK);
    cache.remember(SPEECH, PLAIN);
    CacheKey gone = new CacheKey("GET", "/gone", CacheKey.NO_PAYLOAD);
    cache.remember(gone, QUICK);

    clock.advance(Duration.ofMinutes(1));

    assertThat(cache.snapshot()).extracting(CachedDecision::key).containsExactly(SPEECH);
  }

  @Test
  void snapshotOrdersByKeyText() {
    cache.remember(CHAT, QUICK);
    cache.remember(SPEECH, QUICK);

    assertThat(cache.snapshot()).extracting(d -> d.key().asString())
        .containsExactly("POST /audio/speech abc123", "POST /v1/chat -");
  }

  @Test
  void evictForgetsOneDecisionAndSaysItWasThere() {
    cache.remember(CHAT, QUICK);
    cache.remember(SPEECH, QUICK);

    assertThat(result(cache.evict(CHAT))).isTrue();
    assertThat(cache.snapshot()).extracting(CachedDecision::key).containsExactly(SPEECH);
  }

  @Test
  void evictOfAnUnknownKeySaysItWasNotThere() {
    assertThat(result(cache.evict(CHAT))).isFalse();
  }

  @Test
  void clearForgetsEverythingAndCountsIt() {
    cache.remember(CHAT, QUICK);
    cache.remember(SPEECH, QUICK);

    assertThat(result(cache.clear())).isEqualTo(2);
    assertThat(cache.peek(CHAT)).isEqualTo(Optional.empty());
  }

  @Test
  void aliasesPassThroughToTheStore() {
    result(cache.putAlias("/v1/audio/speech", "/audio/speech"));
    result(cache.putAlias("/old", "/new"));
    assertThat(result(cache.removeAlias("/old"))).isTrue();

    assertThat(result(cache.loadAliases())).isEqualTo(Map.of("/v1/audio/speech", "/audio/speech"));
  }

  @Test
  void theMemoryStoreAlwaysReportsHealthy() {
    assertThat(cache.health()).extracting(h -> h.kind(), h -> h.up()).containsExactly("memory", true);
  }
}
