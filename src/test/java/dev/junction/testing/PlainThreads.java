package dev.junction.testing;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Asks for Vert.x futures from plain threads, not Vert.x contexts, many at once: the way a test,
 * {@code main} or the data plane's Netty event loops call in. For code that must not depend on
 * the caller's thread (eclipse-vertx/vert.x#5825: a callback registered late from such a thread
 * can miss a response's body).
 */
public final class PlainThreads {
  private PlainThreads() {}

  /**
   * Calls {@code ask} {@code each} times on each of {@code threads} plain threads, waits up to 30 s
   * for every future, and counts the outcomes: {@code describe} of a result, or {@code "failed: "}
   * and the message of a failure, or {@code "unfinished"}.
   */
  public static <T> Map<String, Integer> outcomes(int threads, int each, Supplier<Future<T>> ask,
      Function<T, String> describe) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<java.util.concurrent.Future<List<Future<T>>>> asked = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        asked.add(pool.submit(() -> {
          List<Future<T>> mine = new ArrayList<>();
          for (int i = 0; i < each; i++) {
            mine.add(ask.get());
          }
          return mine;
        }));
      }
      List<Future<T>> all = new ArrayList<>();
      for (var a : asked) {
        all.addAll(a.get(30, TimeUnit.SECONDS));
      }
      Future.join(new ArrayList<>(all)).toCompletionStage().toCompletableFuture()
          .handle((ok, e) -> null).get(30, TimeUnit.SECONDS);
      Map<String, Integer> outcomes = new TreeMap<>();
      for (Future<T> f : all) {
        String outcome = !f.isComplete() ? "unfinished"
            : f.succeeded() ? describe.apply(f.result()) : "failed: " + f.cause().getMessage();
        outcomes.merge(outcome, 1, Integer::sum);
      }
      return outcomes;
    } finally {
      pool.shutdownNow();
    }
  }
}
