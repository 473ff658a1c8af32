package dev.junction.testing;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Blocking waits for tests, always bounded; call them off the Vert.x event loop. */
public final class Await {
  public static final Duration DEFAULT = Duration.ofSeconds(10);

  private Await() {}

  /** The future's result; throws (with the cause) when it failed or took longer than 10 s. */
  public static <T> T result(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("future failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new AssertionError("future not completed within " + DEFAULT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The future's failure; throws when it succeeded or took longer than 10 s. */
  public static Throwable failure(Future<?> future) {
    try {
      Object value = future.toCompletionStage().toCompletableFuture().get(DEFAULT.toMillis(), TimeUnit.MILLISECONDS);
      throw new AssertionError("expected a failure, got: " + value);
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (TimeoutException e) {
      throw new AssertionError("future not completed within " + DEFAULT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Polls {@code condition} every 20 ms until it holds; fails with {@code what} after {@code limit}. */
  public static void until(Duration limit, String what, BooleanSupplier condition) {
    until(limit, what, () -> "", condition);
  }

  /**
   * {@link #until(Duration, String, BooleanSupplier)}, and a failure also says what {@code state}
   * reads at that moment (how far a transfer got, say), for a failure that does not reproduce.
   */
  public static void until(Duration limit, String what, Supplier<String> state, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        String now = state.get();
        throw new AssertionError("not true within " + limit + ": " + what + (now.isEmpty() ? "" : " (" + now + ")"));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for: " + what, e);
      }
    }
  }

  /** {@link #until(Duration, String, BooleanSupplier)} with a 10 s limit. */
  public static void until(String what, BooleanSupplier condition) {
    until(DEFAULT, what, condition);
  }
}
