package dev.junction.cache;

import static dev.junction.testing.Await.result;
import static dev.junction.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.cache.DecisionStore.StoreEvent;
import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.routing.CacheKey;
import dev.junction.testing.MutableClock;
import dev.junction.testing.RedisServerExtension;
import dev.junction.testing.TcpRelay;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two Junction instances' caches sharing one real Redis, including Redis dying and coming back. */
class DecisionCacheRedisTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static final BackendConfig B1 = new BackendConfig("b1", URI.create("http://127.0.0.1:9001"), null);
  private static final CacheKey CHAT = new CacheKey("POST", "/v1/chat", CacheKey.NO_PAYLOAD);
  private static final CacheKey SPEECH = new CacheKey("POST", "/audio/speech", "beef");

  private final MutableClock clock = new MutableClock();
  private Vertx vertx;
  private DecisionCache a;
  private DecisionCache b;

  @BeforeEach
  void startTwoInstances() {
    vertx = Vertx.vertx();
    a = instance();
    b = instance();
    until("both instances connected", () -> a.health().up() && b.health().up());
  }

  @AfterEach
  void stopThem() {
    result(a.close());
    result(b.close());
    result(vertx.close());
  }

  private DecisionCache instance() {
    return instance(redis.uri());
  }

  private DecisionCache instance(URI uri) {
    CacheConfig config = new CacheConfig(CacheConfig.Store.REDIS, Path.of("unused.db"), uri,
        Duration.ofMinutes(10), 1000, Map.of());
    RedisDecisionStore store = new RedisDecisionStore(vertx, uri, clock, RedisDecisionStore.DEFAULT_PREFIX,
        new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)));
    DecisionCache cache = new DecisionCache(vertx, config, store, clock);
    result(cache.start());
    return cache;
  }

  @Test
  void whatOneInstanceRemembersTheOtherFindsOnLookup() {
    CachedDecision d = a.remember(CHAT, B1);

    until("b finds the decision", () -> result(b.lookup(CHAT)).isPresent());
    assertThat(result(b.lookup(CHAT))).contains(d);
  }

  @Test
  void aDecisionInRedisButNotInMemoryIsFoundByLookupAndKeptInMemory() {
    CachedDecision d = new CachedDecision(CHAT, "b1", clock.instant(), clock.instant().plusSeconds(60));
    // Written behind the instances' backs: no event, so only a store lookup can find it.
    redis.command("SET", "junction:decision:" + CHAT.asString(), RedisMessages.decision(d), "PX", "60000");
    assertThat(b.peek(CHAT)).isEmpty();

    assertThat(result(b.lookup(CHAT))).contains(d);
    assertThat(b.peek(CHAT)).contains(d);
  }

  @Test
  void anEvictOnOneInstanceReachesTheOthersMemory() {
    a.remember(CHAT, B1);
    until("b holds the decision in memory", () -> b.peek(CHAT).isPresent());

    result(a.evict(CHAT));

    until("b forgot the decision", () -> b.peek(CHAT).isEmpty());
  }

  @Test
  void aClearOnOneInstanceReachesTheOthersMemory() {
    a.remember(CHAT, B1);
    a.remember(SPEECH, B1);
    until("b holds both decisions", () -> b.snapshot().size() == 2);

    result(a.clear());

    until("b forgot everything", () -> b.snapshot().isEmpty());
  }

  @Test
  void anAliasChangeOnOneInstanceIsForwardedToTheOthersListener() {
    List<StoreEvent> seen = new CopyOnWriteArrayList<>();
    b.onAliasChange(seen::add);

    result(a.putAlias("/v1/audio/speech", "/audio/speech"));

    until("b's listener saw the alias", () -> !seen.isEmpty());
    assertThat(seen).containsExactly(new StoreEvent.AliasPut("/v1/audio/speech", "/audio/speech"));
  }

  @Test
  void withRedisKilledBothInstancesKeepServingFromMemoryAndReportHealthDown() {
    a.remember(CHAT, B1);
    until("b holds the decision", () -> b.peek(CHAT).isPresent());

    redis.stop();
    until("both report redis down", () -> !a.health().up() && !b.health().up());
    CachedDecision speech = b.remember(SPEECH, B1);

    assertThat(result(b.lookup(SPEECH))).contains(speech);
    assertThat(result(b.lookup(CHAT))).isPresent();
    assertThat(result(a.lookup(SPEECH))).isEmpty();
    assertThat(a.health().detail()).contains("127.0.0.1:" + redis.port());
  }

  @Test
  void aHungRedisTurnsLookupsIntoMissesThenHealthRecoversWhenItResumes() {
    redis.pause();
    try {
      assertThat(result(b.lookup(CHAT))).isEmpty();
      a.remember(SPEECH, B1);
      until("a hung redis is reported down", () -> !a.health().up());
      assertThat(a.peek(SPEECH)).isPresent();
    } finally {
      redis.resume();
    }
    until("health recovers after the pause", () -> a.health().up() && b.health().up());
  }

  @Test
  void whenRedisComesBackHealthRecoversAndNewDecisionsReachTheOtherInstance() {
    redis.stop();
    until("both report redis down", () -> !a.health().up() && !b.health().up());

    redis.start();
    until("both report redis up again", () -> a.health().up() && b.health().up());
    CachedDecision d = a.remember(CHAT, B1);

    until("b received the new decision", () -> b.peek(CHAT).isPresent());
    assertThat(b.peek(CHAT)).contains(d);
  }

  private static String keyOf(CacheKey key) {
    return "junction:decision:" + key.asString();
  }

  @Test
  void aDecisionMadeWhileRedisWasDownIsWrittenBackWithItsRemainingTtlWhenRedisRestartsEmpty() {
    redis.stop();
    until("b reports redis down", () -> !b.health().up());
    CachedDecision speech = b.remember(SPEECH, B1); // 10 minutes
    clock.advance(Duration.ofMinutes(4));

    redis.start();

    until("the decision is back in redis", () -> redis.bulk("GET", keyOf(SPEECH)) != null);
    assertThat(RedisMessages.decision(redis.bulk("GET", keyOf(SPEECH)))).isEqualTo(speech);
    long pttl = Long.parseLong(redis.command("PTTL", keyOf(SPEECH)).substring(1));
    assertThat(pttl).isBetween(1L, Duration.ofMinutes(6).toMillis());
  }

  @Test
  void decisionsAndRuntimeAliasesHeldBeforeTheOutageAreWrittenBackWhenRedisRestartsEmpty() {
    a.resyncAliasesFrom(() -> Map.of("/v1/audio/speech", "/audio/speech"));
    CachedDecision chat = a.remember(CHAT, B1);
    result(a.putAlias("/v1/audio/speech", "/audio/speech"));
    until("the decision reached redis", () -> redis.bulk("GET", keyOf(CHAT)) != null);

    redis.stop();
    until("a reports redis down", () -> !a.health().up());
    redis.start();

    until("decision and alias are back in redis", () -> redis.bulk("GET", keyOf(CHAT)) != null
        && redis.bulk("HGET", "junction:aliases", "/v1/audio/speech") != null);
    assertThat(RedisMessages.decision(redis.bulk("GET", keyOf(CHAT)))).isEqualTo(chat);
    assertThat(redis.bulk("HGET", "junction:aliases", "/v1/audio/speech")).isEqualTo("/audio/speech");
  }

  @Test
  void anEvictionMadeWhileCutOffFromRedisIsAppliedThereWhenTheLinkComesBack() {
    try (TcpRelay relay = new TcpRelay(redis.port())) {
      DecisionCache cutOff = instance(URI.create("redis://127.0.0.1:" + relay.port()));
      try {
        until("connected through the relay", () -> cutOff.health().up());
        cutOff.remember(CHAT, B1);
        until("a holds the decision", () -> a.peek(CHAT).isPresent());
        relay.cut();

        result(cutOff.evict(CHAT));
        until("the cut-off instance reports redis down", () -> !cutOff.health().up());
        relay.restore();

        until("the eviction reached redis and the other instance", () -> redis.bulk("GET", keyOf(CHAT)) == null
            && a.peek(CHAT).isEmpty());
        assertThat(cutOff.peek(CHAT)).isEmpty();
      } finally {
        result(cutOff.close());
      }
    }
  }

  @Test
  void whatOtherInstancesChangedWhileCutOffFromRedisIsPickedUpWhenTheLinkComesBack() {
    try (TcpRelay relay = new TcpRelay(redis.port())) {
      DecisionCache cutOff = instance(URI.create("redis://127.0.0.1:" + relay.port()));
      List<StoreEvent> aliasEvents = new CopyOnWriteArrayList<>();
      cutOff.onAliasChange(aliasEvents::add);
      try {
        until("connected through the relay", () -> cutOff.health().up());
        a.remember(CHAT, B1);
        until("the cut-off instance holds the decision", () -> cutOff.peek(CHAT).isPresent());
        relay.cut();
        until("the cut-off instance reports redis down", () -> !cutOff.health().up());
        clock.advance(Duration.ofSeconds(1));

        CachedDecision speech = a.remember(SPEECH, B1);
        result(a.evict(CHAT));
        result(a.putAlias("/v1/audio/speech", "/audio/speech"));
        relay.restore();

        until("the cut-off instance caught up", () -> cutOff.peek(SPEECH).isPresent() && cutOff.peek(CHAT).isEmpty()
            && !aliasEvents.isEmpty());
        assertThat(cutOff.peek(SPEECH)).contains(speech);
        assertThat(aliasEvents).containsExactly(new StoreEvent.AliasPut("/v1/audio/speech", "/audio/speech"));
        assertThat(redis.bulk("GET", keyOf(CHAT))).as("the evicted decision is not written back").isNull();
      } finally {
        result(cutOff.close());
      }
    }
  }
}
