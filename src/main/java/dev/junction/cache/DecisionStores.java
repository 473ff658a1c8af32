package dev.junction.cache;

import static java.util.Objects.requireNonNull;

import dev.junction.config.CacheConfig;
import io.vertx.core.Vertx;
import java.time.Clock;

/**
 * Opens the {@link DecisionStore} a {@link CacheConfig} asks for. The store connects or opens its
 * file in the background: this returns at once and never blocks; problems show in the store's
 * {@link DecisionStore#health()} and failed futures. The caller closes the store ({@link
 * DecisionStore#closeAsync()}).
 */
public final class DecisionStores {
  private DecisionStores() {}

  /** The store for {@code config.store()}, with the system clock (UTC). */
  public static DecisionStore open(Vertx vertx, CacheConfig config) {
    return open(vertx, config, Clock.systemUTC());
  }

  /**
   * The store for {@code config.store()}; {@code clock} decides what has expired.
   *
   * @throws IllegalArgumentException when the Redis URI is not {@code redis://} or {@code rediss://}
   */
  public static DecisionStore open(Vertx vertx, CacheConfig config, Clock clock) {
    requireNonNull(vertx, "vertx");
    requireNonNull(config, "config");
    requireNonNull(clock, "clock");
    return switch (config.store()) {
      case MEMORY -> new MemoryDecisionStore();
      case REDIS -> new RedisDecisionStore(vertx, requireNonNull(config.redisUri(), "redisUri"), clock);
      case SQLITE -> new SqliteDecisionStore(vertx, config.sqlitePath(), clock);
    };
  }
}
