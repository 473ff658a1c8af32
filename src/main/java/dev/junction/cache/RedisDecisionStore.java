package dev.junction.cache;

import static java.util.Objects.requireNonNull;

import dev.junction.cache.HealthState.Phase;
import dev.junction.routing.CacheKey;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decisions and runtime aliases in Redis ({@code store: redis}), shared by every Junction instance
 * pointed at the same server and database.
 *
 * <p><b>Layout.</b> Each decision is a JSON string at {@code junction:decision:<key>} that Redis
 * expires itself ({@code PX} = time left); aliases are the hash {@code junction:aliases}. Every
 * change is published on {@code junction:events} as a small JSON message carrying this instance's
 * id; other instances apply it to their memory ({@link #onRemoteChange}), and an instance ignores
 * its own. The string {@code junction:epoch} (no expiry) holds a random id set by the first instance
 * that finds it missing: an instance that sees it changed or gone after an outage knows Redis lost
 * its data meanwhile (restarted empty, flushed).
 *
 * <p><b>Outages.</b> Changes made while an instance is cut off are not replayed by Redis; instead,
 * when Redis answers again the store reports a {@link Recovery} ({@link #onRecovery}) saying
 * whether the epoch survived, and the {@link DecisionCache} writes back what Redis lacks and picks
 * up what other instances changed meanwhile.
 *
 * <p><b>Failures.</b> Commands time out after 1 s (connect timeout 1 s); failures fail the futures,
 * never throw. When Redis cannot be reached, {@link #health()} goes down with the cause (one WARN),
 * and the store reconnects the subscription in the background with back-off (250 ms doubling to 10
 * s) until Redis answers, then reports up (one INFO). The password in the URI is never logged or
 * shown in {@link #health()}.
 *
 * <p>Thread-safe; nothing blocks. Futures complete on Vert.x event loops.
 */
public final class RedisDecisionStore implements DecisionStore {
  private static final Logger log = LoggerFactory.getLogger(RedisDecisionStore.class);
  public static final String DEFAULT_PREFIX = "junction:";
  static final Duration TIMEOUT = Duration.ofSeconds(1);
  private static final int CHUNK = 500;

  private final Clock clock;
  private final String instanceId = UUID.randomUUID().toString();
  private final String decisionPrefix;
  private final String aliasesKey;
  private final String channel;
  private final String epochKey;
  private final RedisLink link;
  private final LogThrottle badMessages = new LogThrottle(Duration.ofMinutes(1));
  private volatile Consumer<StoreEvent> listener = event -> {};
  private volatile Consumer<Recovery> recoveryListener = recovery -> {};
  /** The epoch seen at the last connection; null before the first. */
  private volatile @Nullable String epoch;

  /** Connects in the background; operations issued before the connection is up may fail. */
  public RedisDecisionStore(Vertx vertx, URI uri, Clock clock) {
    this(vertx, uri, clock, DEFAULT_PREFIX, new Backoff(Duration.ofMillis(250), Duration.ofSeconds(10)));
  }

  RedisDecisionStore(Vertx vertx, URI uri, Clock clock, String prefix, Backoff backoff) {
    this.clock = requireNonNull(clock, "clock");
    requireNonNull(prefix, "prefix");
    this.decisionPrefix = prefix + "decision:";
    this.aliasesKey = prefix + "aliases";
    this.channel = prefix + "events";
    this.epochKey = prefix + "epoch";
    this.link = new RedisLink(vertx, RedisEndpoint.of(uri), channel, this::onMessage, this::onUp, backoff, TIMEOUT, TIMEOUT);
    link.start();
  }

  @Override
  public boolean shared() {
    return true;
  }

  @Override
  public Future<List<CachedDecision>> loadAll() {
    return scan(decisionPrefix, "0", new ArrayList<>()).compose(keys -> {
      List<Future<List<CachedDecision>>> chunks = new ArrayList<>();
      for (int i = 0; i < keys.size(); i += CHUNK) {
        Request mget = Request.cmd(Command.MGET);
        keys.subList(i, Math.min(keys.size(), i + CHUNK)).forEach(mget::arg);
        chunks.add(link.send(mget).map(this::liveDecisions));
      }
      return Future.all(chunks).map(all -> {
        List<CachedDecision> decisions = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
          decisions.addAll(all.<List<CachedDecision>>resultAt(i));
        }
        return decisions;
      });
    });
  }

  @Override
  public Future<Optional<CachedDecision>> get(CacheKey key) {
    requireNonNull(key, "key");
    return link.send(Request.cmd(Command.GET).arg(decisionKey(key)))
        .map(reply -> reply == null ? Optional.<CachedDecision>empty() : live(RedisMessages.decision(reply.toString())));
  }

  @Override
  public Future<Void> put(CachedDecision decision) {
    requireNonNull(decision, "decision");
    long ttl = decision.expiresAt().toEpochMilli() - clock.millis();
    if (ttl <= 0) {
      return Future.succeededFuture();
    }
    return link.batch(List.of(
            Request.cmd(Command.SET).arg(decisionKey(decision.key())).arg(RedisMessages.decision(decision))
                .arg("PX").arg(ttl),
            publish(new StoreEvent.DecisionPut(decision))))
        .mapEmpty();
  }

  @Override
  public Future<Boolean> remove(CacheKey key) {
    requireNonNull(key, "key");
    return link.batch(List.of(
            Request.cmd(Command.DEL).arg(decisionKey(key)),
            publish(new StoreEvent.DecisionRemoved(key))))
        .map(replies -> count(replies.get(0)) > 0);
  }

  @Override
  public Future<Long> clear() {
    return scan(decisionPrefix, "0", new ArrayList<>()).compose(keys -> {
      List<Future<Long>> chunks = new ArrayList<>();
      for (int i = 0; i < keys.size(); i += CHUNK) {
        Request unlink = Request.cmd(Command.UNLINK);
        keys.subList(i, Math.min(keys.size(), i + CHUNK)).forEach(unlink::arg);
        chunks.add(link.send(unlink).map(RedisDecisionStore::count));
      }
      return Future.all(chunks).compose(all -> {
        long removed = 0;
        for (int i = 0; i < chunks.size(); i++) {
          removed += all.<Long>resultAt(i);
        }
        long total = removed;
        return link.send(publish(new StoreEvent.DecisionsCleared())).map(ignored -> total);
      });
    });
  }

  @Override
  public Future<Map<String, String>> loadAliases() {
    return link.send(Request.cmd(Command.HGETALL).arg(aliasesKey)).map(RedisDecisionStore::stringMap);
  }

  @Override
  public Future<Void> putAlias(String alias, String primary) {
    requireNonNull(alias, "alias");
    requireNonNull(primary, "primary");
    return link.batch(List.of(
            Request.cmd(Command.HSET).arg(aliasesKey).arg(alias).arg(primary),
            publish(new StoreEvent.AliasPut(alias, primary))))
        .mapEmpty();
  }

  @Override
  public Future<Boolean> removeAlias(String alias) {
    requireNonNull(alias, "alias");
    return link.batch(List.of(
            Request.cmd(Command.HDEL).arg(aliasesKey).arg(alias),
            publish(new StoreEvent.AliasRemoved(alias))))
        .map(replies -> count(replies.get(0)) > 0);
  }

  /** {@inheritDoc} Called on a Vert.x event loop; must not block. */
  @Override
  public void onRemoteChange(Consumer<StoreEvent> listener) {
    this.listener = requireNonNull(listener, "listener");
  }

  /** {@inheritDoc} Called on a Vert.x event loop; must not block. */
  @Override
  public void onRecovery(Consumer<Recovery> listener) {
    this.recoveryListener = requireNonNull(listener, "listener");
  }

  @Override
  public StoreHealth health() {
    return link.health();
  }

  /** Waits for commands in flight, then closes the connections. */
  @Override
  public Future<Void> closeAsync() {
    return link.close();
  }

  /**
   * Redis answers again: reads the epoch (setting one when there is none) and, after an outage,
   * reports whether it is the one seen before. When that fails, the link is down again or Redis
   * refuses: the next recovery reports instead.
   */
  private void onUp(Phase previous) {
    link.batch(List.of(
            Request.cmd(Command.SET).arg(epochKey).arg(UUID.randomUUID().toString()).arg("NX"),
            Request.cmd(Command.GET).arg(epochKey)))
        .onSuccess(replies -> {
          Response current = replies.get(1);
          String now = current == null ? null : current.toString();
          String before = epoch;
          epoch = now;
          if (previous == Phase.DOWN) {
            recoveryListener.accept(new Recovery(before != null && before.equals(now)));
          }
        })
        .onFailure(e -> {
          if (link.health().up()) {
            log.warn("Redis decision store: could not read {} after connecting ({}); no resync until the next outage",
                epochKey, e.getMessage());
          } else {
            log.debug("Redis decision store down again before its epoch was read: {}", e.getMessage());
          }
        });
  }

  private String decisionKey(CacheKey key) {
    return decisionPrefix + key.asString();
  }

  private Request publish(StoreEvent event) {
    return Request.cmd(Command.PUBLISH).arg(channel).arg(RedisMessages.event(instanceId, event));
  }

  /** Every key under {@code prefix}, by SCAN (never KEYS, which blocks Redis). */
  private Future<List<String>> scan(String prefix, String cursor, List<String> found) {
    return link.send(Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(globEscape(prefix) + "*")
            .arg("COUNT").arg(CHUNK))
        .compose(reply -> {
          if (reply == null) {
            return Future.succeededFuture(found);
          }
          for (Response key : reply.get(1)) {
            found.add(key.toString());
          }
          String next = reply.get(0).toString();
          return next.equals("0") ? Future.succeededFuture(found) : scan(prefix, next, found);
        });
  }

  private List<CachedDecision> liveDecisions(@Nullable Response values) {
    List<CachedDecision> decisions = new ArrayList<>();
    if (values != null) {
      for (Response value : values) {
        if (value != null) {
          decode(value.toString()).flatMap(this::live).ifPresent(decisions::add);
        }
      }
    }
    return decisions;
  }

  private Optional<CachedDecision> decode(String json) {
    try {
      return Optional.of(RedisMessages.decision(json));
    } catch (RuntimeException e) {
      malformed("decision", json, e);
      return Optional.empty();
    }
  }

  private Optional<CachedDecision> live(CachedDecision d) {
    return d.expired(clock.instant()) ? Optional.empty() : Optional.of(d);
  }

  private void onMessage(String message) {
    RedisMessages.Received received;
    try {
      received = RedisMessages.event(message);
    } catch (RuntimeException e) {
      malformed("event", message, e);
      return;
    }
    if (received.from().equals(instanceId)) {
      return;
    }
    try {
      listener.accept(received.event());
    } catch (RuntimeException e) {
      log.warn("Remote change listener failed on {}", received.event(), e);
    }
  }

  private void malformed(String what, String text, RuntimeException e) {
    if (badMessages.tryAcquire() >= 0) {
      log.warn("Ignoring a malformed {} in Redis ({}): {}", what, e.getMessage(), text.length() > 200 ? text.substring(0, 200) + "..." : text);
    }
  }

  private static long count(@Nullable Response reply) {
    return reply == null ? 0 : reply.toLong();
  }

  private static Map<String, String> stringMap(@Nullable Response reply) {
    Map<String, String> map = new HashMap<>();
    if (reply == null) {
      return map;
    }
    if (reply.isMap()) {
      for (String field : reply.getKeys()) {
        map.put(field, reply.get(field).toString());
      }
    } else {
      for (int i = 0; i + 1 < reply.size(); i += 2) {
        map.put(reply.get(i).toString(), reply.get(i + 1).toString());
      }
    }
    return Map.copyOf(map);
  }

  private static String globEscape(String text) {
    StringBuilder sb = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if ("*?[]\\".indexOf(c) >= 0) {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
