package dev.junction.cache;

import static java.util.Objects.requireNonNull;

import dev.junction.cache.DecisionStore.StoreHealth;
import dev.junction.cache.HealthState.Phase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connections of one {@link RedisDecisionStore}: a pooled client for commands and one
 * dedicated connection subscribed to the events channel. Owns the store's health: down (one WARN)
 * when the subscription drops or a command cannot reach Redis, then a background loop with
 * back-off reconnects the subscription and PINGs until Redis answers again (one INFO), and tells
 * the store, which then resyncs.
 *
 * <p>Thread-safe; nothing blocks. Every command is bounded by the operation timeout.
 */
final class RedisLink {
  private static final Logger log = LoggerFactory.getLogger(RedisLink.class);

  private final Vertx vertx;
  private final RedisEndpoint endpoint;
  private final String channel;
  private final Consumer<String> onMessage;
  private final Consumer<Phase> onUp;
  private final Backoff backoff;
  private final Duration opTimeout;
  private final Redis commands;
  private final Redis subscriptions;
  private final HealthState health;
  private final Set<Future<?>> inFlight = ConcurrentHashMap.newKeySet();

  // Guarded by this.
  private @Nullable RedisConnection subscriber;
  private boolean recovering;
  private boolean closed;
  private long recoveryTimer = -1;
  private @Nullable Future<Void> closing;

  /**
   * @param onUp called on an event loop each time Redis answers after the link was starting or down
   *     (with that earlier phase), once health is up again
   */
  RedisLink(Vertx vertx, RedisEndpoint endpoint, String channel, Consumer<String> onMessage, Consumer<Phase> onUp,
      Backoff backoff, Duration connectTimeout, Duration opTimeout) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.endpoint = requireNonNull(endpoint, "endpoint");
    this.channel = requireNonNull(channel, "channel");
    this.onMessage = requireNonNull(onMessage, "onMessage");
    this.onUp = requireNonNull(onUp, "onUp");
    this.backoff = requireNonNull(backoff, "backoff");
    this.opTimeout = requireNonNull(opTimeout, "opTimeout");
    this.health = new HealthState("redis", "connecting to " + endpoint);
    this.commands = Redis.createClient(vertx, options(endpoint, connectTimeout).setMaxPoolSize(8).setMaxPoolWaiting(1024));
    this.subscriptions = Redis.createClient(vertx, options(endpoint, connectTimeout).setMaxPoolSize(1));
  }

  private static RedisOptions options(RedisEndpoint endpoint, Duration connectTimeout) {
    RedisOptions options = new RedisOptions().setConnectionString(endpoint.connectionString());
    options.getNetClientOptions().setConnectTimeout((int) connectTimeout.toMillis());
    return options;
  }

  /** Starts the first connection attempt; returns at once. */
  void start() {
    synchronized (this) {
      if (closed || recovering) {
        return;
      }
      recovering = true;
    }
    attempt();
  }

  StoreHealth health() {
    return health.get();
  }

  /** Sends one command; a reply of nil is {@code null}. */
  Future<@Nullable Response> send(Request request) {
    if (isClosed()) {
      return Future.failedFuture(new StoreUnavailableException("redis store closed: " + endpoint));
    }
    return track(Timeouts.within(vertx, commands.send(request), opTimeout, endpoint.toString()));
  }

  /** Sends commands pipelined on one connection; replies in order. */
  Future<List<@Nullable Response>> batch(List<Request> requests) {
    if (isClosed()) {
      return Future.failedFuture(new StoreUnavailableException("redis store closed: " + endpoint));
    }
    return track(Timeouts.within(vertx, commands.batch(requests), opTimeout, endpoint.toString()));
  }

  /** Waits for commands in flight, then closes both connections. Idempotent. */
  Future<Void> close() {
    RedisConnection sub;
    synchronized (this) {
      if (closing != null) {
        return closing;
      }
      closed = true;
      sub = subscriber;
      subscriber = null;
      if (recoveryTimer != -1) {
        vertx.cancelTimer(recoveryTimer);
      }
      List<Future<?>> pending = new ArrayList<>(inFlight);
      closing = Future.join(pending)
          .transform(ignored -> Future.join(subscriptions.close(), commands.close()))
          .transform(ignored -> Future.<Void>succeededFuture());
    }
    if (sub != null) {
      sub.close();
    }
    return closing;
  }

  private synchronized boolean isClosed() {
    return closed;
  }

  private <T> Future<T> track(Future<T> future) {
    inFlight.add(future);
    return future.onComplete(ar -> {
      inFlight.remove(future);
      if (ar.failed() && unreachable(ar.cause())) {
        markDown(describe(ar.cause()));
        scheduleRecovery();
      }
    });
  }

  private void attempt() {
    ensureSubscribed()
        .compose(v -> Timeouts.within(vertx, commands.send(Request.cmd(Command.PING)), opTimeout, endpoint.toString()))
        .onComplete(ar -> {
          synchronized (this) {
            recovering = false;
            if (closed) {
              return;
            }
          }
          if (ar.succeeded()) {
            backoff.reset();
            Phase previous = health.up(endpoint.toString());
            if (previous == Phase.DOWN) {
              log.info("Redis decision store {} is reachable again", endpoint);
            } else if (previous == Phase.STARTING) {
              log.info("Connected to Redis decision store {}", endpoint);
            }
            if (previous != Phase.UP) {
              onUp.accept(previous);
            }
          } else {
            markDown(describe(ar.cause()));
            scheduleRecovery();
          }
        });
  }

  private void scheduleRecovery() {
    synchronized (this) {
      if (closed || recovering) {
        return;
      }
      recovering = true;
      long delay = Math.max(1, backoff.next().toMillis());
      recoveryTimer = vertx.setTimer(delay, id -> attempt());
    }
  }

  private Future<Void> ensureSubscribed() {
    synchronized (this) {
      if (subscriber != null) {
        return Future.succeededFuture();
      }
    }
    Future<RedisConnection> subscribed = subscriptions.connect().compose(conn -> {
      conn.handler(this::onPush);
      conn.exceptionHandler(e -> lost(conn, e));
      conn.endHandler(v -> lost(conn, new StoreUnavailableException("connection closed by the server")));
      return conn.send(Request.cmd(Command.SUBSCRIBE).arg(channel))
          .map(reply -> conn)
          .onFailure(e -> conn.close());
    });
    return Timeouts.within(vertx, subscribed, opTimeout, endpoint.toString()).map(conn -> {
      boolean keep;
      synchronized (this) {
        keep = !closed;
        if (keep) {
          subscriber = conn;
        }
      }
      if (!keep) {
        conn.close();
      }
      return null;
    });
  }

  private void lost(RedisConnection conn, Throwable cause) {
    synchronized (this) {
      if (subscriber != conn) {
        return;
      }
      subscriber = null;
    }
    conn.close();
    markDown("subscription lost: " + describe(cause));
    scheduleRecovery();
  }

  private void onPush(@Nullable Response push) {
    if (push == null || (push.type() != ResponseType.MULTI && push.type() != ResponseType.PUSH) || push.size() < 3) {
      return;
    }
    if ("message".equals(push.get(0).toString()) && channel.equals(push.get(1).toString())) {
      onMessage.accept(push.get(2).toString());
    }
  }

  private void markDown(String cause) {
    if (isClosed()) {
      return;
    }
    if (health.down(endpoint + ": " + cause) != Phase.DOWN) {
      log.warn("Redis decision store {} is unreachable: {}. Serving decisions from memory only;"
          + " reconnecting in the background", endpoint, cause);
    }
  }

  /** False for an error reply from a working server (wrong type, no auth...); true when Redis could not be reached. */
  private static boolean unreachable(Throwable e) {
    return !(e instanceof Response reply && reply.type() == ResponseType.ERROR
        && !String.valueOf(e.getMessage()).startsWith("CONNECTION_CLOSED"));
  }

  private static String describe(Throwable e) {
    String message = e.getMessage();
    if (message == null || message.isBlank()) {
      return e.getClass().getSimpleName();
    }
    // Redis error replies end with a period of their own; the log line adds one.
    return message.strip().replaceAll("\\.+$", "");
  }
}
