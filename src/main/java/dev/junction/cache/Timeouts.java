package dev.junction.cache;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/** Bounds a store future in time. Stateless; never blocks. */
final class Timeouts {
  private Timeouts() {}

  /**
   * {@code future}, or a failure with {@link StoreUnavailableException} ("no answer from
   * {@code from} within N ms") when it has not completed within {@code limit}.
   */
  static <T> Future<T> within(Vertx vertx, Future<T> future, Duration limit, String from) {
    if (future.isComplete()) {
      return future;
    }
    Promise<T> bounded = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, limit.toMillis()), id -> bounded.tryFail(
        new StoreUnavailableException("no answer from " + from + " within " + limit.toMillis() + " ms")));
    future.onComplete(ar -> {
      vertx.cancelTimer(timer);
      if (ar.succeeded()) {
        bounded.tryComplete(ar.result());
      } else {
        bounded.tryFail(ar.cause());
      }
    });
    return bounded.future();
  }
}
