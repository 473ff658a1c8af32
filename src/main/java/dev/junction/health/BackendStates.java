package dev.junction.health;

import static java.util.Objects.requireNonNull;

import dev.junction.config.EjectionConfig;
import dev.junction.routing.Balancer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the forwarder has seen of each backend: whether the last exchange reached it, how many
 * connection-level failures came in a row, and whether it is ejected. A status code, even 5xx,
 * counts as reached: health here is about whether the backend answers at all.
 *
 * <p>Passive ejection ({@link EjectionConfig}): after {@code failures} failures in a row a backend
 * is ejected for {@code cooldown}; {@link #skip} then says to pass it by while other candidates
 * remain. Once the cool-down is over, requests reach it again (the first acts as a probe): a
 * response restores it, one more failure ejects it for another cool-down.
 *
 * <p>Active health checks ({@link HealthChecker}) report through {@link #checked}: a failed check
 * counts like a connection failure, a passing one like a response; the last one is kept for the
 * admin API ({@link #lastCheck}).
 *
 * <p>It also holds the {@link InFlight} counts (exchanges open per backend) that load balancing reads.
 *
 * <p>Thread-safe; updated from every event loop, never blocks.
 */
public final class BackendStates {
  private static final Logger LOG = LoggerFactory.getLogger(BackendStates.class);

  /**
   * One backend's state; {@code reached} is null until the first exchange; {@code ejectedUntil} is
   * set while (and after) the backend was ejected, until it is reached again.
   */
  public record State(@Nullable Boolean reached, @Nullable String lastFailure, int consecutiveFailures,
      @Nullable Instant ejectedUntil) {
    public State(@Nullable Boolean reached, @Nullable String lastFailure, int consecutiveFailures) {
      this(reached, lastFailure, consecutiveFailures, null);
    }
  }

  /**
   * The outcome of the last active health check of a backend.
   *
   * @param at when it completed
   * @param passed whether the status was a healthy one
   * @param detail the status ({@code HTTP 200}) or why it failed ({@code connection refused})
   */
  public record Check(Instant at, boolean passed, String detail) {
    public Check {
      requireNonNull(at, "at");
      requireNonNull(detail, "detail");
    }
  }

  /**
   * A backend that answered {@code 429} or {@code 503} with {@code Retry-After}: it asked not to be
   * sent requests until {@code until}.
   *
   * @param status the busy answer's status
   * @param until when the cool-down ends (wall clock, for people)
   */
  public record Cooling(int status, Instant until) {
    public Cooling {
      requireNonNull(until, "until");
    }
  }

  /** Internal: a cool-down as shown, and its monotonic end. */
  private record Cool(Cooling shown, long untilNanos) {}

  /** Internal: the wall-clock {@code ejectedUntil} shown to people, and the monotonic deadline used. */
  private record Entry(State state, long ejectedUntilNanos) {}

  private static final State UNKNOWN = new State(null, null, 0, null);
  private final Map<String, Entry> states = new ConcurrentHashMap<>();
  private final Map<String, Check> checks = new ConcurrentHashMap<>();
  private final Map<String, Cool> cooling = new ConcurrentHashMap<>();
  private final EjectionConfig ejection;
  private final LongSupplier nanoTime;
  private final InFlight inFlight = new InFlight();
  private final Balancer.Loads loads = new Balancer.Loads() {
    @Override
    public boolean ejected(String backend) {
      return skip(backend) || coolingNanos(backend) > 0;
    }

    @Override
    public int inFlight(String backend) {
      return inFlight.get(backend);
    }
  };

  /** With {@link EjectionConfig#defaults()} and the system clock. */
  public BackendStates() {
    this(EjectionConfig.defaults(), System::nanoTime);
  }

  /** @param nanoTime a monotonic clock in nanoseconds ({@link System#nanoTime()} outside tests) */
  public BackendStates(EjectionConfig ejection, LongSupplier nanoTime) {
    this.ejection = requireNonNull(ejection, "ejection");
    this.nanoTime = requireNonNull(nanoTime, "nanoTime");
  }

  /** Exchanges open to each backend, across every event loop. */
  public InFlight inFlight() {
    return inFlight;
  }

  /**
   * What load balancing reads: whether a backend is out of rotation (ejected, {@link #skip}, or
   * cooling down, {@link #coolingNanos}) and its {@link #inFlight} count.
   */
  public Balancer.Loads loads() {
    return loads;
  }

  public State get(String backend) {
    Entry e = states.get(backend);
    return e == null ? UNKNOWN : e.state();
  }

  /** The last active health check of {@code backend}; {@code null} when none has completed (or none is configured). */
  public @Nullable Check lastCheck(String backend) {
    return checks.get(backend);
  }

  /**
   * Records an active health check. A passing check counts like a response (it restores an ejected
   * backend); a failing one counts like a connection failure, so {@link EjectionConfig} applies.
   */
  void checked(String backend, Check check) {
    requireNonNull(check, "check");
    checks.put(backend, check);
    if (check.passed()) {
      reached(backend);
    } else {
      failed(backend, "health check: " + check.detail());
    }
  }

  /** True while {@code backend} is ejected and its cool-down is not over. */
  public boolean ejected(String backend) {
    Entry e = states.get(backend);
    return e != null && e.ejectedUntilNanos() != 0 && e.ejectedUntilNanos() - nanoTime.getAsLong() > 0;
  }

  /** Whether the forwarder should pass {@code backend} by: it is ejected. */
  public boolean skip(String backend) {
    return ejection.enabled() && ejected(backend);
  }

  /**
   * {@code backend} answered {@code status} (429 or 503) with {@code Retry-After}: it is passed over
   * for {@code retryAfter}, while another candidate is available. A later busy answer replaces the
   * cool-down, shorter or longer: the backend's latest word counts.
   */
  public void busy(String backend, int status, Duration retryAfter) {
    requireNonNull(retryAfter, "retryAfter");
    if (retryAfter.isNegative() || retryAfter.isZero()) {
      cooling.remove(backend);
      return;
    }
    long until = nanoTime.getAsLong() + retryAfter.toNanos();
    Cool previous = cooling.put(backend, new Cool(new Cooling(status, Instant.now().plus(retryAfter)), until == 0 ? 1 : until));
    if (previous == null || previous.untilNanos() - nanoTime.getAsLong() <= 0) {
      LOG.info("backend {} answered {} with Retry-After: passed over for {} ms while another candidate is available",
          backend, status, retryAfter.toMillis());
    }
  }

  /** How much longer {@code backend} cools down after a busy answer, in nanoseconds; 0 when it does not. */
  public long coolingNanos(String backend) {
    Cool c = cooling.get(backend);
    if (c == null) {
      return 0;
    }
    long left = c.untilNanos() - nanoTime.getAsLong();
    if (left <= 0) {
      cooling.remove(backend, c);
      return 0;
    }
    return left;
  }

  /** {@code backend}'s cool-down now, for the admin API and metrics; {@code null} when it is not cooling down. */
  public @Nullable Cooling cooling(String backend) {
    Cool c = cooling.get(backend);
    return c != null && coolingNanos(backend) > 0 ? c.shown() : null;
  }

  public void reached(String backend) {
    Entry e = states.get(backend);
    State s = e == null ? null : e.state();
    if (s == null || !Boolean.TRUE.equals(s.reached()) || s.consecutiveFailures() != 0 || s.ejectedUntil() != null) {
      if (s != null && s.ejectedUntil() != null) {
        LOG.info("backend {} answered again: back in rotation", backend);
      }
      states.put(backend, new Entry(new State(true, s == null ? null : s.lastFailure(), 0, null), 0));
    }
  }

  public void failed(String backend, String why) {
    boolean[] ejectedNow = {false};
    Entry updated = states.compute(backend, (k, e) -> {
      int n = e == null ? 1 : e.state().consecutiveFailures() + 1;
      Instant shownUntil = e == null ? null : e.state().ejectedUntil();
      long until = e == null ? 0 : e.ejectedUntilNanos();
      boolean stillEjected = until != 0 && until - nanoTime.getAsLong() > 0;
      // A request already in flight when the backend was ejected does not extend the cool-down.
      if (ejection.enabled() && n >= ejection.failures() && !stillEjected) {
        shownUntil = Instant.now().plus(ejection.cooldown());
        until = nanoTime.getAsLong() + ejection.cooldown().toNanos();
        until = until == 0 ? 1 : until;
        ejectedNow[0] = true;
      }
      return new Entry(new State(false, why, n, shownUntil), until);
    });
    if (ejectedNow[0]) {
      LOG.warn("backend {} ejected for {} after {} failure(s) in a row: {}", backend, ejection.cooldown(),
          updated.state().consecutiveFailures(), why);
    }
  }
}
