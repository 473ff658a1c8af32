package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.BackendConfig;
import dev.junction.config.BalanceConfig;
import dev.junction.config.BalanceStrategy;
import dev.junction.config.StatusSet;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The balancer on its own: which backend goes first, over plain in-memory loads. */
class BalancerTest {
  private static final BackendConfig A = backend("a");
  private static final BackendConfig B = backend("b");
  private static final BackendConfig C = backend("c");

  /** Loads a test sets by hand. */
  private static final class Loads implements Balancer.Loads {
    final Set<String> ejected = ConcurrentHashMap.newKeySet();
    final Map<String, Integer> inFlight = new ConcurrentHashMap<>();

    @Override
    public boolean ejected(String backend) {
      return ejected.contains(backend);
    }

    @Override
    public int inFlight(String backend) {
      return inFlight.getOrDefault(backend, 0);
    }
  }

  private final Loads loads = new Loads();

  private static BackendConfig backend(String name) {
    return new BackendConfig(name, URI.create("http://127.0.0.1:1"), null);
  }

  private static Balancer balancer(BalanceStrategy strategy, Map<String, Integer> weights, BackendConfig... backends) {
    return Balancer.create(new BalanceConfig(strategy, weights), List.of(backends), null);
  }

  private List<String> firsts(Balancer b, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(b.order(loads).get(0).name());
    }
    return out;
  }

  @Test
  void roundRobinFollowsNginxSmoothSequence() {
    Balancer b = balancer(BalanceStrategy.ROUND_ROBIN, Map.of("a", 5), A, B, C);

    assertThat(firsts(b, 14)).containsExactly("a", "a", "b", "a", "c", "a", "a", "a", "a", "b", "a", "c", "a", "a");
  }

  @Test
  void roundRobinGivesEachBackendExactlyItsWeightPerCycle() {
    Balancer b = balancer(BalanceStrategy.ROUND_ROBIN, Map.of("a", 3, "b", 1, "c", 2), A, B, C);

    Map<String, Integer> counts = new HashMap<>();
    firsts(b, 6 * 50).forEach(n -> counts.merge(n, 1, Integer::sum));

    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("a", 150, "b", 50, "c", 100));
  }

  @Test
  void roundRobinSharedByManyThreadsStillCountsExactly() throws Exception {
    Balancer b = balancer(BalanceStrategy.ROUND_ROBIN, Map.of("a", 7, "b", 2), A, B, C);
    int threads = 4;
    int perThread = 10 * 500;
    Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        for (int i = 0; i < perThread; i++) {
          counts.computeIfAbsent(b.order(loads).get(0).name(), k -> new AtomicInteger()).incrementAndGet();
        }
      });
      thread.start();
      all.add(thread);
    }
    go.countDown();
    for (Thread t : all) {
      t.join();
    }

    // 20000 picks = 2000 whole cycles of 7 + 2 + 1
    assertThat(counts.get("a").get()).isEqualTo(14000);
    assertThat(counts.get("b").get()).isEqualTo(4000);
    assertThat(counts.get("c").get()).isEqualTo(2000);
  }

  @Test
  void theOthersFollowInWrittenOrderAfterTheChosenOne() {
    Balancer b = balancer(BalanceStrategy.ROUND_ROBIN, Map.of(), A, B, C);
    b.order(loads);

    assertThat(b.order(loads)).extracting(BackendConfig::name).containsExactly("b", "c", "a");
  }

  @Test
  void anEjectedBackendIsPassedOverAndTheOthersKeepTheirRatio() {
    Balancer b = balancer(BalanceStrategy.ROUND_ROBIN, Map.of("a", 2, "c", 3), A, B, C);
    loads.ejected.add("b");

    Map<String, Integer> counts = new LinkedHashMap<>();
    firsts(b, 50).forEach(n -> counts.merge(n, 1, Integer::sum));

    assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("a", 20, "c", 30));
  }

  @Test
  void whenEveryBackendIsEjectedTheyAreAllStillUsed() {
    Balancer b = balancer(BalanceStrategy.ROUND_ROBIN, Map.of(), A, B);
    loads.ejected.addAll(Set.of("a", "b"));

    assertThat(firsts(b, 4)).containsExactly("a", "b", "a", "b");
  }

  @Test
  void peekShowsTheNextPickWithoutTakingIt() {
    Balancer b = balancer(BalanceStrategy.ROUND_ROBIN, Map.of("b", 2), A, B);

    assertThat(b.peek(loads).get(0).name()).isEqualTo("b");
    assertThat(b.peek(loads).get(0).name()).isEqualTo("b");
    assertThat(firsts(b, 3)).containsExactly("b", "a", "b");
  }

  @Test
  void leastInFlightPicksTheFewestOpenExchangesPerWeight() {
    Balancer b = balancer(BalanceStrategy.LEAST_IN_FLIGHT, Map.of("a", 4), A, B, C);
    loads.inFlight.putAll(Map.of("a", 7, "b", 2, "c", 3));

    // a: 7/4 = 1.75 < b: 2 < c: 3
    assertThat(firsts(b, 3)).containsOnly("a");
  }

  @Test
  void leastInFlightBreaksTiesRoundRobin() {
    Balancer b = balancer(BalanceStrategy.LEAST_IN_FLIGHT, Map.of(), A, B, C);
    loads.inFlight.putAll(Map.of("a", 1, "b", 1, "c", 1));

    assertThat(firsts(b, 6)).containsExactly("a", "b", "c", "a", "b", "c");
  }

  @Test
  void leastInFlightPassesOverEjectedBackends() {
    Balancer b = balancer(BalanceStrategy.LEAST_IN_FLIGHT, Map.of(), A, B);
    loads.inFlight.put("b", 9);
    loads.ejected.add("a");

    assertThat(firsts(b, 2)).containsOnly("b");
  }

  @Test
  void theRuleSuccessSetDecidesWhatIsAcceptedElseAnythingButA5xx() {
    Balancer own = Balancer.create(BalanceConfig.of(BalanceStrategy.ROUND_ROBIN), List.of(A, B), StatusSet.of(200));
    Balancer plain = balancer(BalanceStrategy.ROUND_ROBIN, Map.of(), A, B);

    assertThat(own.accept().contains(404)).isFalse();
    assertThat(plain.accept().contains(404)).isTrue();
    assertThat(plain.accept().contains(500)).isFalse();
  }

  @Test
  void theFirstStrategyIsTheSharedStatelessBalancer() {
    Balancer b = Balancer.create(BalanceConfig.FIRST, List.of(A, B), null);

    assertThat(b).isSameAs(Balancer.first());
    assertThat(new RoutingDecision.Forward(List.of(A, B), "r", b).balanced()).isFalse();
    assertThatThrownBy(() -> b.order(loads)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aBalancedRuleWithOneBackendIsNotBalanced() {
    Balancer b = balancer(BalanceStrategy.ROUND_ROBIN, Map.of(), A);

    assertThat(new RoutingDecision.Forward(List.of(A), "r", b).balanced()).isFalse();
  }
}
