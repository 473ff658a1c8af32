package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.config.BackendConfig;
import dev.junction.config.BalanceConfig;
import dev.junction.config.BalanceStrategy;
import dev.junction.config.StatusSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * How one rule spreads requests over its backends: which backend goes first, and the order of the
 * others for failover. One instance per compiled rule, shared by every event loop; thread-safe and
 * never blocks (round robin takes a lock held for a few additions per backend).
 *
 * <ul>
 *   <li>{@link BalanceStrategy#FIRST}: the backends as written (the balancer is then {@link
 *       #first()}, stateless, and the forwarder keeps its plain ordered failover).
 *   <li>{@link BalanceStrategy#ROUND_ROBIN}: nginx's smooth weighted round robin. Each pick adds
 *       every eligible backend's weight to its current value, takes the largest (the first written
 *       on a tie) and subtracts the sum of the eligible weights from it. Over any run of
 *       sum-of-weights picks each backend is chosen exactly its weight, spread out (3:1 gives
 *       {@code a a b a}).
 *   <li>{@link BalanceStrategy#LEAST_IN_FLIGHT}: the smallest in-flight count divided by weight
 *       (compared by cross-multiplying); on a tie, the first found from a starting point that
 *       moves one backend per pick, so ties go round robin.
 * </ul>
 *
 * <p>Ejected backends ({@link Loads#ejected}) are not eligible unless every backend is. The chosen
 * backend comes first in {@link #order}, then the others in written order starting after it.
 */
public final class Balancer {
  /** What the balancer may read of the backends now. Implementations are thread-safe and never block. */
  public interface Loads {
    /** Whether {@code backend} is passed over for now (ejected after failures). */
    boolean ejected(String backend);

    /** Exchanges open to {@code backend} right now, across every event loop. */
    int inFlight(String backend);
  }

  /** Statuses a balanced rule without a {@code success} set accepts: anything but a 5xx. */
  public static final StatusSet NOT_5XX = StatusSet.range(100, 499);

  private static final Balancer FIRST = new Balancer(BalanceStrategy.FIRST, List.of(), new int[0], NOT_5XX);

  private final BalanceStrategy strategy;
  private final List<BackendConfig> backends;
  private final int[] weights;
  private final StatusSet accept;
  /** Round robin: the current value per backend (guarded by itself). */
  private final long[] current;
  /** Least in flight: where the next tie-breaking scan starts. */
  private final AtomicLong ties = new AtomicLong();

  private Balancer(BalanceStrategy strategy, List<BackendConfig> backends, int[] weights, StatusSet accept) {
    this.strategy = strategy;
    this.backends = backends;
    this.weights = weights;
    this.accept = accept;
    this.current = new long[weights.length];
  }

  /** The stateless balancer of every {@code first} rule. */
  public static Balancer first() {
    return FIRST;
  }

  /**
   * A balancer over {@code backends} (in the rule's order) with {@code config}'s strategy and weights.
   *
   * @param success the rule's {@code success} set; {@code null} accepts anything but a 5xx
   * @return {@link #first()} for the {@code first} strategy
   */
  public static Balancer create(BalanceConfig config, List<BackendConfig> backends, @Nullable StatusSet success) {
    requireNonNull(config, "config");
    requireNonNull(backends, "backends");
    if (config.strategy() == BalanceStrategy.FIRST) {
      return FIRST;
    }
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("backends: empty (expected: at least one backend)");
    }
    int[] weights = new int[backends.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = config.weight(backends.get(i).name());
    }
    return new Balancer(config.strategy(), List.copyOf(backends), weights, success == null ? NOT_5XX : success);
  }

  public BalanceStrategy strategy() {
    return strategy;
  }

  /** Statuses that end a balanced attempt; any other moves on (when the request may be sent again). */
  public StatusSet accept() {
    return accept;
  }

  /** The weight of each backend, in the rule's order; empty for {@link #first()}. */
  public List<Integer> weights() {
    List<Integer> out = new ArrayList<>(weights.length);
    for (int w : weights) {
      out.add(w);
    }
    return out;
  }

  /**
   * Picks the backend for one request and moves the balancer on: the chosen backend, then the
   * others for failover. Call once per request.
   *
   * @throws IllegalStateException on {@link #first()}, which has no backends of its own
   */
  public List<BackendConfig> order(Loads loads) {
    return ordered(choose(requireNonNull(loads, "loads"), true));
  }

  /** What {@link #order} would answer now, without moving the balancer on (for explanations). */
  public List<BackendConfig> peek(Loads loads) {
    return ordered(choose(requireNonNull(loads, "loads"), false));
  }

  private int choose(Loads loads, boolean advance) {
    if (this == FIRST) {
      throw new IllegalStateException("the first strategy keeps the written order; nothing to choose");
    }
    int n = backends.size();
    boolean[] eligible = new boolean[n];
    boolean any = false;
    for (int i = 0; i < n; i++) {
      eligible[i] = !loads.ejected(backends.get(i).name());
      any |= eligible[i];
    }
    if (!any) {
      java.util.Arrays.fill(eligible, true);
    }
    return strategy == BalanceStrategy.ROUND_ROBIN ? roundRobin(eligible, advance) : leastInFlight(loads, eligible, advance);
  }

  private int roundRobin(boolean[] eligible, boolean advance) {
    synchronized (current) {
      long[] cur = advance ? current : current.clone();
      int best = -1;
      long total = 0;
      for (int i = 0; i < cur.length; i++) {
        if (eligible[i]) {
          cur[i] += weights[i];
          total += weights[i];
          if (best < 0 || cur[i] > cur[best]) {
            best = i;
          }
        }
      }
      cur[best] -= total;
      return best;
    }
  }

  private int leastInFlight(Loads loads, boolean[] eligible, boolean advance) {
    int n = backends.size();
    int start = (int) Math.floorMod(advance ? ties.getAndIncrement() : ties.get(), (long) n);
    int best = -1;
    long bestLoad = 0;
    for (int k = 0; k < n; k++) {
      int i = (start + k) % n;
      if (!eligible[i]) {
        continue;
      }
      long load = Math.max(0, loads.inFlight(backends.get(i).name()));
      // load / weight < bestLoad / bestWeight, without division
      if (best < 0 || load * weights[best] < bestLoad * weights[i]) {
        best = i;
        bestLoad = load;
      }
    }
    return best;
  }

  private List<BackendConfig> ordered(int chosen) {
    int n = backends.size();
    List<BackendConfig> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      out.add(backends.get((chosen + k) % n));
    }
    return out;
  }

  @Override
  public String toString() {
    if (this == FIRST) {
      return "first";
    }
    StringBuilder b = new StringBuilder(strategy.wireName()).append(" (");
    for (int i = 0; i < weights.length; i++) {
      b.append(i == 0 ? "" : ", ").append(backends.get(i).name()).append('=').append(weights[i]);
    }
    return b.append(')').toString();
  }
}
