package dev.junction.cache;

import static dev.junction.testing.Await.result;
import static dev.junction.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.cache.DecisionStore.StoreEvent;
import dev.junction.routing.CacheKey;
import dev.junction.testing.MutableClock;
import dev.junction.testing.RedisServerExtension;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two stores on one real Redis, as two Junction instances would share it. */
class RedisDecisionStoreTest {
  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private final MutableClock clock = new MutableClock();
  private final List<RedisDecisionStore> opened = new ArrayList<>();
  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void closeEverything() {
    opened.forEach(s -> result(s.closeAsync()));
    result(vertx.close());
  }

  private RedisDecisionStore connected() {
    RedisDecisionStore store = new RedisDecisionStore(vertx, redis.uri(), clock, RedisDecisionStore.DEFAULT_PREFIX,
        new Backoff(Duration.ofMillis(50), Duration.ofMillis(500)));
    opened.add(store);
    until("redis store connected", () -> store.health().up());
    return store;
  }

  private CachedDecision decision(String path, Duration ttl) {
    Instant now = clock.instant();
    return new CachedDecision(new CacheKey("POST", path, "f00d"), "b1", now, now.plus(ttl));
  }

  @Test
  void healthIsUpAndNamesTheServerOnceConnected() {
    RedisDecisionStore store = connected();

    assertThat(store.health().detail()).isEqualTo("redis://127.0.0.1:" + redis.port());
  }

  @Test
  void aDecisionPutByOneInstanceIsFoundByAnother() {
    RedisDecisionStore a = connected();
    RedisDecisionStore b = connected();
    CachedDecision d = decision("/v1/chat", Duration.ofHours(1));

    result(a.put(d));

    assertThat(result(b.get(d.key()))).contains(d);
  }

  @Test
  void redisExpiresADecisionAfterItsTtl() {
    RedisDecisionStore store = connected();
    CachedDecision d = decision("/v1/chat", Duration.ofHours(1));
    result(store.put(d));

    long ttlMillis = Long.parseLong(redis.command("PTTL", "junction:decision:" + d.key().asString()).substring(1));

    assertThat(ttlMillis).isBetween(1L, Duration.ofHours(1).toMillis());
  }

  @Test
  void loadAllReturnsEveryUnexpiredDecision() {
    RedisDecisionStore a = connected();
    RedisDecisionStore b = connected();
    CachedDecision keep = decision("/keep", Duration.ofHours(1));
    result(a.put(keep));
    result(a.put(decision("/soon", Duration.ofMinutes(1))));

    clock.advance(Duration.ofMinutes(2));

    assertThat(result(b.loadAll())).containsExactly(keep);
  }

  @Test
  void removeSaysWhetherTheDecisionWasThere() {
    RedisDecisionStore store = connected();
    CachedDecision d = decision("/v1/chat", Duration.ofHours(1));
    result(store.put(d));

    assertThat(List.of(result(store.remove(d.key())), result(store.remove(d.key())))).containsExactly(true, false);
  }

  @Test
  void clearRemovesDecisionsButKeepsAliases() {
    RedisDecisionStore store = connected();
    result(store.put(decision("/a", Duration.ofHours(1))));
    result(store.put(decision("/b", Duration.ofHours(1))));
    result(store.putAlias("/v1/a", "/a"));

    assertThat(result(store.clear())).isEqualTo(2);
    assertThat(result(store.loadAll())).isEmpty();
    assertThat(result(store.loadAliases())).isEqualTo(Map.of("/v1/a", "/a"));
  }

  @Test
  void aliasesWrittenByOneInstanceAreLoadedByAnother() {
    RedisDecisionStore a = connected();
    RedisDecisionStore b = connected();
    result(a.putAlias("/v1/audio/speech", "/audio/speech"));
    result(a.putAlias("/old", "/new"));
    assertThat(result(a.removeAlias("/old"))).isTrue();

    assertThat(result(b.loadAliases())).isEqualTo(Map.of("/v1/audio/speech", "/audio/speech"));
  }

  @Test
  void changesReachTheOtherInstanceButNotTheOneThatMadeThem() {
    RedisDecisionStore a = connected();
    RedisDecisionStore b = connected();
    List<StoreEvent> seenByA = new CopyOnWriteArrayList<>();
    List<StoreEvent> seenByB = new CopyOnWriteArrayList<>();
    a.onRemoteChange(seenByA::add);
    b.onRemoteChange(seenByB::add);
    CachedDecision d = decision("/v1/chat", Duration.ofHours(1));

    result(a.put(d));
    result(a.remove(d.key()));
    result(a.clear());
    result(a.putAlias("/x", "/y"));
    result(a.removeAlias("/x"));

    until("five events at b", () -> seenByB.size() == 5);
    assertThat(seenByB).containsExactly(
        new StoreEvent.DecisionPut(d),
        new StoreEvent.DecisionRemoved(d.key()),
        new StoreEvent.DecisionsCleared(),
        new StoreEvent.AliasPut("/x", "/y"),
        new StoreEvent.AliasRemoved("/x"));
    assertThat(seenByA).isEmpty();
  }

  @Test
  void aMalformedEventIsIgnored() {
    RedisDecisionStore a = connected();
    RedisDecisionStore b = connected();
    List<StoreEvent> seenByB = new CopyOnWriteArrayList<>();
    b.onRemoteChange(seenByB::add);

    redis.command("PUBLISH", "junction:events", "{not json");
    result(a.putAlias("/x", "/y"));

    until("the valid event arrives", () -> !seenByB.isEmpty());
    assertThat(seenByB).containsExactly(new StoreEvent.AliasPut("/x", "/y"));
  }

  @Test
  void theStoreSaysItIsShared() {
    assertThat(connected().shared()).isTrue();
  }
}
