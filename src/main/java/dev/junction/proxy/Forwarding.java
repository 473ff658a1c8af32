package dev.junction.proxy;

import dev.junction.config.BackendConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.health.BackendStates;
import dev.junction.routing.CacheKey;
import dev.junction.routing.DecisionMemory;
import dev.junction.routing.RoutingDecision;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

/**
 * One request's forwarding: carries its {@link ForwardPlan} out, one {@link Attempt} at a time, and
 * after each does what the {@link MoveOnPolicy} says: relay the answer, try the next candidate, or
 * answer the client with a problem listing every attempt. Nothing here decides; it keeps the books
 * (the attempts, backend health, the decision cache, the deadline) and carries verdicts out.
 *
 * <p>Every attempt holds an {@link dev.junction.health.InFlight.Lease} on its backend from the moment
 * it starts until that backend's exchange is over: failed, reset, rejected, or relayed to the end
 * (or broken). Confined to the exchange's event loop.
 */
final class Forwarding extends Deadlines.Entry implements MoveOnPolicy.Request {
  /** The forwarder's log: operators filter on its name. */
  private static final Logger LOG = Forwarder.LOG;

  final Exchange ex;
  private final ForwardPlan plan;
  private final Loop loop;
  private final ProxyConfig proxy;
  private final DecisionMemory memory;
  private final BackendStates states;
  private final List<AttemptResult> attempts = new ArrayList<>(2);
  /** The next candidate to try. */
  private int index;
  private long deadlineAt;
  private boolean finished;
  private @Nullable Attempt inFlight;
  /** The smallest {@code Retry-After} of the busy answers so far (capped); {@code null} when none carried one. */
  private @Nullable Duration retryAfter;
  /** The next attempt is an extra one, counted against the retry budget (set when moving on from a backend reached). */
  private boolean retryNext;
  /** The discovery this forwarding leads for the requests waiting on its key; {@code null} once landed, or when none. */
  private DiscoveryFlights.@Nullable Flight flight;

  Forwarding(Exchange ex, ForwardPlan plan, Loop loop, ProxyConfig proxy, DecisionMemory memory, BackendStates states,
      DiscoveryFlights.@Nullable Flight flight) {
    this.flight = flight;
    this.ex = ex;
    this.plan = plan;
    this.loop = loop;
    this.proxy = proxy;
    this.memory = memory;
    this.states = states;
    ex.seen.attempts(attempts);
  }

  void start() {
    Duration deadline = plan.deadline();
    if (deadline != null) {
      long ms = deadline.toMillis();
      deadlineAt = System.nanoTime() + ms * 1_000_000;
      loop.deadlines.arm(this, Math.max(1, ms));
    }
    ex.onClientGone(this::abandon);
    next();
  }

  /** No more attempt starts, and no outcome is acted on: an answer is relayed, or the client was answered or left. */
  boolean finished() {
    return finished;
  }

  @Override
  public String method() {
    return ex.method;
  }

  @Override
  public boolean idempotent() {
    return ex.idempotent();
  }

  @Override
  public boolean canResend() {
    return ex.canResend();
  }

  @Override
  public boolean webSocket() {
    return ex.webSocket;
  }

  /** The plan's deadline passed. */
  @Override
  void expired() {
    if (finished) {
      return;
    }
    finished = true;
    Attempt a = inFlight;
    if (a != null) {
      a.abort();
    }
    notTried(MoveOnPolicy.DEADLINE_PASSED);
    fail(MoveOnPolicy.deadlinePassed(plan));
  }

  /** The client went away: stop trying. */
  private void abandon() {
    if (!finished) {
      finished = true;
      land(new DiscoveryFlights.Again());
      cancelDeadline();
      Attempt a = inFlight;
      if (a != null) {
        a.abort();
      }
    }
  }

  private void cancelDeadline() {
    loop.deadlines.disarm(this);
  }

  private void next() {
    if (finished) {
      return;
    }
    List<BackendConfig> candidates = plan.candidates();
    if (index >= candidates.size()) {
      finished = true;
      cancelDeadline();
      fail(MoveOnPolicy.giveUp(plan, attempts, ex.method, ex.path, retryAfter));
      return;
    }
    int i = index++;
    BackendConfig backend = candidates.get(i);
    boolean ejected = states.skip(backend.name());
    boolean cooling = states.coolingNanos(backend.name()) > 0;
    MoveOnPolicy.PassBy pass = MoveOnPolicy.passBy(plan, i, ejected, cooling, (ejected || cooling) && laterCandidateInRotation(i));
    if (pass != null) {
      attempts.add(new AttemptResult(backend, AttemptResult.Outcome.SKIPPED, 0, pass.why(), 0));
      if (pass.evict()) {
        evict();
      }
      next();
      return;
    }
    Duration own = plan.responseTimeout() != null ? plan.responseTimeout() : backend.responseTimeout();
    long timeout = (own != null ? own : proxy.responseTimeout()).toMillis();
    if (plan.deadline() != null) {
      timeout = Math.max(1, Math.min(timeout, (deadlineAt - System.nanoTime()) / 1_000_000));
    }
    Attempt a = new Attempt(this, loop, states.inFlight(), i, backend, timeout, retryNext);
    retryNext = false;
    inFlight = a;
    a.start();
  }

  private boolean laterCandidateInRotation(int i) {
    List<BackendConfig> candidates = plan.candidates();
    for (int j = i + 1; j < candidates.size(); j++) {
      String name = candidates.get(j).name();
      if (!states.skip(name) && states.coolingNanos(name) == 0) {
        return true;
      }
    }
    return false;
  }

  private boolean candidatesLeft() {
    return index < plan.candidates().size();
  }

  /** {@code a} failed before any answer: {@code outcome} and a short message fit for a problem body. */
  void failed(Attempt a, AttemptResult.Outcome outcome, String message) {
    inFlight = null;
    if (finished) {
      return;
    }
    BackendConfig backend = a.backend;
    AttemptResult result = new AttemptResult(backend, outcome, 0, message, a.elapsedMs());
    attempts.add(result);
    a.traced(result, true);
    if (outcome != AttemptResult.Outcome.BUSY) {
      // a full pool is Junction's own limit, not the backend failing
      states.failed(backend.name(), outcome.slug() + ": " + message);
    }
    LOG.warn("{} {}: backend {} {}: {}", ex.method, ex.path, backend.name(), outcome.slug(), message);
    MoveOnPolicy.Verdict v = MoveOnPolicy.afterFailure(plan, this, a.index, outcome, candidatesLeft());
    carryOut(v, a, null, outcome != AttemptResult.Outcome.UNREACHABLE && outcome != AttemptResult.Outcome.BUSY, result);
  }

  /** {@code a} brought the head of an answer (a {@code 101} only to a WebSocket handshake). */
  void answered(Attempt a, HttpResponse head) {
    inFlight = null;
    long ms = a.elapsedMs();
    states.reached(a.backend.name());
    int status = head.status().code();
    if (MoveOnPolicy.busy(status)) {
      busy(a.backend.name(), status, head.headers().get(HttpHeaderNames.RETRY_AFTER));
    }
    RoutingDecision.Catalog listed = plan.label().catalog();
    if (status == 404 && listed != null) {
      listed.feedback().notFound(a.backend, listed.model()); // its catalog may be out of date
    }
    MoveOnPolicy.Verdict v = MoveOnPolicy.afterAnswer(plan, this, a.index, status, candidatesLeft(), attempts);
    AttemptResult.Outcome outcome = v instanceof MoveOnPolicy.Accept ? AttemptResult.Outcome.ACCEPTED : AttemptResult.Outcome.REJECTED;
    AttemptResult result = new AttemptResult(a.backend, outcome, status, null, ms);
    attempts.add(result);
    carryOut(v, a, head, status >= 500 || status == 429, result);
  }

  /**
   * Does what {@code v} says after attempt {@code a}, whose answer's head is {@code answer} (null: it
   * failed). {@code struggling}: the backend was reached and failed, timed out, or answered 5xx or
   * 429; moving on after that takes room in the retry budget, and without room the current answer
   * is final. Moving on after a client error is discovery at work (the backend does not serve the
   * request), and after a backend nothing reached costs no backend anything: neither counts.
   * {@code result} is the attempt's, as recorded.
   */
  private void carryOut(MoveOnPolicy.Verdict v, Attempt a, @Nullable HttpResponse answer, boolean struggling,
      AttemptResult result) {
    if (v instanceof MoveOnPolicy.MoveOn m && struggling) {
      if (states.inFlight().retryAllowed(proxy.retryBudget())) {
        retryNext = true;
      } else {
        LOG.warn("{} {}: retry budget exhausted; the answer of backend {} is final", ex.method, ex.path, a.backend.name());
        v = MoveOnPolicy.overBudget(m, answer == null ? 0 : answer.status().code());
      }
    }
    if (answer != null) {
      a.traced(result, !(v instanceof MoveOnPolicy.Accept || v instanceof MoveOnPolicy.RelayAsFinal));
    }
    if (v.evict()) {
      evict();
    }
    if (v instanceof MoveOnPolicy.MoveOn) {
      if (answer != null) {
        a.discard(answer);
      }
      next();
      return;
    }
    finished = true;
    cancelDeadline();
    String backend = a.backend.name();
    if (v instanceof MoveOnPolicy.Accept accept) {
      CacheKey key = plan.key();
      if (accept.remember() && key != null) {
        memory.won(key, a.backend);
      }
      land(new DiscoveryFlights.Won(backend));
      ex.seen.relayed(backend, accept.fromCache());
      relay(a, answer, accept.decision(plan, backend, attempts.size()));
    } else if (v instanceof MoveOnPolicy.RelayAsFinal last) {
      land(new DiscoveryFlights.Only(backend));
      ex.seen.relayed(backend, false);
      relay(a, answer, last.decision(plan, backend, attempts.size()));
    } else if (v instanceof MoveOnPolicy.GiveUp giveUp) {
      if (answer != null) {
        a.discard(answer);
      }
      String why = giveUp.notTried();
      if (why != null) {
        notTried(why);
      }
      fail(MoveOnPolicy.giveUp(plan, attempts, ex.method, ex.path, retryAfter));
    }
  }

  /**
   * A busy answer: with a {@code Retry-After} Junction can read, its backend cools down for that
   * long (at most {@code proxy.max_retry_after}); the smallest is kept for the client.
   */
  private void busy(String backend, int status, @Nullable String header) {
    Duration d = RetryAfter.parse(header, Instant.now());
    if (d == null) {
      return;
    }
    if (d.compareTo(proxy.maxRetryAfter()) > 0) {
      d = proxy.maxRetryAfter();
    }
    states.busy(backend, status, d);
    if (retryAfter == null || d.compareTo(retryAfter) < 0) {
      retryAfter = d;
    }
  }

  /** The requests waiting for this discovery learn how it ended (once; no-op when it leads none). */
  private void land(DiscoveryFlights.Outcome outcome) {
    DiscoveryFlights.Flight f = flight;
    if (f != null) {
      flight = null;
      f.land(outcome);
    }
  }

  private void evict() {
    CacheKey key = plan.key();
    if (key != null) {
      memory.failed(key);
    }
  }

  /** The candidates not tried yet are reported as skipped, for {@code why}. */
  private void notTried(String why) {
    List<BackendConfig> candidates = plan.candidates();
    for (int j = index; j < candidates.size(); j++) {
      attempts.add(new AttemptResult(candidates.get(j), AttemptResult.Outcome.SKIPPED, 0, why, 0));
    }
  }

  private void relay(Attempt a, @Nullable HttpResponse resp, DecisionHeader decision) {
    if (resp == null) {
      throw new IllegalStateException("a verdict to relay without an answer from " + a.backend.name());
    }
    if (ex.webSocket && resp.status().code() == 101) {
      WebSocketTunnel.open(ex, a.link(), a.lease, resp, decision, proxy.idleTimeout().toMillis());
      return;
    }
    a.consumer = Relay.start(ex, a.link(), a.lease, resp, decision);
  }

  private void fail(MoveOnPolicy.Problem p) {
    var problem = ProblemAnswers.withAttempts(ProblemAnswers.body(p.status(), p.slug(), p.title(), p.detail(), ex.path), attempts);
    LOG.info("{} {} -> {} ({}): {}", ex.method, ex.path, p.status(), plan.label(), p.detail());
    land(new DiscoveryFlights.Failed(problem, p.retryAfterSeconds()));
    ProblemAnswers.send(ex, problem, p.retryAfterSeconds());
  }
}
