package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import dev.junction.config.StatusSet;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one place that decides whether a forwarded request may move on to its next candidate, and what
 * the client gets when it may not: pure (no sockets, no Netty, no clock), in the manner of Envoy's
 * {@code RetryStateImpl}. A {@link Forwarding} asks after every attempt ({@link #afterAnswer},
 * {@link #afterFailure}) and before every candidate ({@link #passBy}), and carries the {@link
 * Verdict} out; when it stops without an answer to relay, {@link #giveUp} (or {@link
 * #deadlinePassed}) says what the client is told. {@code MoveOnPolicyTest} holds the table of cases.
 *
 * <p>The rules, for a plan ({@link ForwardPlan}) and the request's facts ({@link Request}):
 *
 * <ul>
 *   <li><b>An answer</b> is accepted when the plan has no success statuses (an explicit rule), when
 *       its status is one of them, or when it is a {@code 101} to a WebSocket handshake; its backend
 *       is then remembered under the plan's key, unless it is the remembered one. Another answer
 *       moves on when the method is idempotent or the status is in {@code non_idempotent_move_on},
 *       and the body can be sent again; else it is relayed as final (the backend may have acted on
 *       the request). With no candidate left, a balanced rule relays it as the last word; a
 *       search relays it too when it is a client error (4xx but 429) and every candidate before
 *       answered with one (the backends agree the request is wrong: an unknown model, say), and
 *       gives up otherwise.
 *   <li><b>A failure</b> moves on when nothing reached the backend (unreachable, busy), or, but for
 *       an explicit rule, when the method is idempotent and the body can be sent again; a timeout
 *       also moves on, for any method, in a rule with {@code retry_non_idempotent: [timeout]} while
 *       the body can be sent again. Else the candidates left are not tried, and the words say why.
 *   <li><b>The remembered decision</b> is evicted when its backend fails, is passed by, or answers
 *       with a status that is no success and may be moved on from; not when that answer is
 *       relayed as final.
 *   <li><b>An ejected candidate</b>, or one <b>cooling down</b> after a busy answer with {@code
 *       Retry-After}, is passed by only when a later one is in rotation: all out, all tried.
 *   <li><b>A busy answer</b> (429, 503) moves on for every method while the body can be sent
 *       again, keeping the remembered decision; when every attempt made was busy, the client gets
 *       429 (or 503) with the smallest {@code Retry-After}.
 * </ul>
 */
final class MoveOnPolicy {
  /** Why a candidate was not tried: ejected, and a later one is in rotation. */
  static final String EJECTED = "ejected after repeated failures";
  /** Why a candidate was not tried: the discovery deadline passed first. */
  static final String DEADLINE_PASSED = "discovery deadline passed";
  /** Why a candidate was not tried: an idempotent request whose body was streamed and is gone. */
  static final String BODY_GONE = "request body could not be sent again";
  /** Why a candidate was not tried: it answered 429 or 503 with {@code Retry-After}, which has not passed. */
  static final String COOLING = "cooling down: it answered busy with Retry-After";
  /** Why a candidate was not tried: too many extra attempts are in flight already. */
  static final String RETRY_BUDGET = "not tried: the retry budget is exhausted (proxy.retry_budget)";
  /** Why a rule's next backend was not tried: its first one was reached, and may have acted. */
  static final String RULE_REACHED = "not tried: a rule moves on only when nothing reached its backend";

  private MoveOnPolicy() {}

  /**
   * The facts about the request the policy reads. Live: the body can be sent again until it was
   * streamed to a backend.
   */
  interface Request {
    String method();

    boolean idempotent();

    /** The body was not streamed yet, or is held whole (or there is none). */
    boolean canResend();

    /** A WebSocket handshake, which a {@code 101} accepts. */
    boolean webSocket();
  }

  /** What to do after one attempt; {@link #evict}: forget the remembered decision first. */
  sealed interface Verdict permits Accept, MoveOn, RelayAsFinal, GiveUp {
    boolean evict();
  }

  /**
   * The answer is the answer: relay it. {@code remember}: under the plan's key; {@code fromCache}: it
   * came from the remembered decision (shown as {@code cache}).
   */
  record Accept(boolean remember, boolean fromCache) implements Verdict {
    private static final Accept PLAIN = new Accept(false, false);
    private static final Accept REMEMBER = new Accept(true, false);
    private static final Accept FROM_CACHE = new Accept(false, true);

    @Override
    public boolean evict() {
      return false;
    }

    /** The decision header for this answer from {@code backend}, {@code attempts} tried so far (this one too). */
    DecisionHeader decision(ForwardPlan plan, String backend, int attempts) {
      return new DecisionHeader(plan, fromCache, backend, plan.success() != null ? attempts : 0, 0);
    }
  }

  /** Try the next candidate; a rejected answer is discarded. */
  record MoveOn(boolean evict) implements Verdict {
    private static final MoveOn KEEP = new MoveOn(false);
    private static final MoveOn EVICT = new MoveOn(true);
  }

  /**
   * Relay this answer though its status is no success ({@code final=<status>}). {@code noneLeft}: the
   * last word of a balanced rule whose candidates all answered; otherwise the backend may have acted
   * on a request that cannot be sent again.
   */
  record RelayAsFinal(int status, boolean evict, boolean noneLeft) implements Verdict {
    /** The decision header; {@code attempts} (this one too) is shown when no candidate was left. */
    DecisionHeader decision(ForwardPlan plan, String backend, int attempts) {
      return new DecisionHeader(plan, false, backend, noneLeft && plan.success() != null ? attempts : 0, status);
    }
  }

  /**
   * Stop and answer the client with {@link #giveUp}'s problem; a rejected answer is discarded.
   * {@code notTried}: why the candidates left are not tried; {@code null} when none is left.
   */
  record GiveUp(boolean evict, @Nullable String notTried) implements Verdict {
    private static final GiveUp KEEP = new GiveUp(false, null);
    private static final GiveUp EVICT = new GiveUp(true, null);
  }

  /** A candidate passed by, and why ({@link #EJECTED}). */
  record PassBy(String why, boolean evict) {
    private static final PassBy EJECTED_KEEP = new PassBy(EJECTED, false);
    private static final PassBy EJECTED_EVICT = new PassBy(EJECTED, true);
    private static final PassBy COOLING = new PassBy(MoveOnPolicy.COOLING, false);
  }

  /**
   * What a client that gets no backend answer is told: a problem body's fields, and a {@code
   * Retry-After} in seconds when positive.
   */
  record Problem(int status, String slug, String title, String detail, long retryAfterSeconds) {
    Problem(int status, String slug, String title, String detail) {
      this(status, slug, title, detail, 0);
    }
  }

  /**
   * The verdict on an answer with {@code status} from the candidate at {@code index}.
   *
   * @param candidatesLeft whether any candidate comes after {@code index}
   * @param before the attempts before this one, candidates passed by included
   */
  static Verdict afterAnswer(ForwardPlan plan, Request request, int index, int status, boolean candidatesLeft,
      List<AttemptResult> before) {
    StatusSet success = plan.success();
    boolean fromCache = plan.cachedAt(index);
    if (busy(status) && (success == null || plan.relayLast() || !success.contains(status))) {
      return afterBusy(plan, request, status, candidatesLeft, before);
    }
    if (success == null || success.contains(status) || (status == 101 && request.webSocket())) {
      return fromCache ? Accept.FROM_CACHE : success != null && plan.key() != null ? Accept.REMEMBER : Accept.PLAIN;
    }
    boolean statusAllows = request.idempotent() || plan.nonIdempotentMoveOn().contains(status);
    if (!statusAllows || !request.canResend()) {
      return new RelayAsFinal(status, false, false);
    }
    boolean evict = evicts(plan, index);
    if (candidatesLeft) {
      return evict ? MoveOn.EVICT : MoveOn.KEEP;
    }
    if (plan.relayLast() || (clientError(status) && allClientErrors(before))) {
      return new RelayAsFinal(status, evict, true);
    }
    return evict ? GiveUp.EVICT : GiveUp.KEEP;
  }

  /**
   * A busy answer (RFC 6585 section 4, RFC 9110 section 15.6.4): the backend did not process the
   * request, so moving on is safe for every method, in every plan, as long as the body can be sent
   * again; the remembered decision is kept (the backend is busy, not wrong). With no candidate left,
   * the only answer made is relayed as it is; after several, all busy, the client is told so with
   * the smallest {@code Retry-After} ({@link #giveUp}).
   */
  private static Verdict afterBusy(ForwardPlan plan, Request request, int status, boolean candidatesLeft,
      List<AttemptResult> before) {
    if (!request.canResend()) {
      return new RelayAsFinal(status, false, false);
    }
    if (candidatesLeft) {
      return MoveOn.KEEP;
    }
    if (made(before) == 0) {
      return new RelayAsFinal(status, false, true); // the only answer made
    }
    boolean ruleRelaysItsLastWord = plan.success() == null || plan.relayLast();
    return ruleRelaysItsLastWord && !allMadeBusy(before) ? new RelayAsFinal(status, false, true) : GiveUp.KEEP;
  }

  /** The attempts made, not counting candidates passed by or left untried. */
  private static int made(List<AttemptResult> attempts) {
    int n = 0;
    for (AttemptResult a : attempts) {
      if (a.outcome() != AttemptResult.Outcome.SKIPPED) {
        n++;
      }
    }
    return n;
  }

  /** Every attempt made was answered busy (429 or 503); true when none was made. */
  private static boolean allMadeBusy(List<AttemptResult> attempts) {
    for (AttemptResult a : attempts) {
      if (a.outcome() != AttemptResult.Outcome.SKIPPED
          && !(a.outcome() == AttemptResult.Outcome.REJECTED && busy(a.status()))) {
        return false;
      }
    }
    return true;
  }

  /**
   * What becomes of a move-on the retry budget refuses: the current answer, when there is one
   * ({@code status} positive), is final; a failure gives up, the candidates left not tried.
   */
  static Verdict overBudget(MoveOn refused, int status) {
    return status > 0 ? new RelayAsFinal(status, refused.evict(), false) : new GiveUp(refused.evict(), RETRY_BUDGET);
  }

  /** 429 Too Many Requests or 503 Service Unavailable: the backend says it did not take the request. */
  static boolean busy(int status) {
    return status == 429 || status == 503;
  }

  /** A 4xx that says the request is wrong; not 429, which says the backend is busy. */
  private static boolean clientError(int status) {
    return status >= 400 && status < 500 && status != 429;
  }

  /** Every attempt reached its backend and was answered with a {@linkplain #clientError client error}. */
  private static boolean allClientErrors(List<AttemptResult> attempts) {
    for (AttemptResult a : attempts) {
      if (a.outcome() != AttemptResult.Outcome.REJECTED || !clientError(a.status())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The verdict on the candidate at {@code index} failing before any answer.
   *
   * @param outcome {@code UNREACHABLE}, {@code BUSY}, {@code TIMEOUT} or {@code FAILED}
   * @param candidatesLeft whether any candidate comes after {@code index}
   */
  static Verdict afterFailure(ForwardPlan plan, Request request, int index, AttemptResult.Outcome outcome,
      boolean candidatesLeft) {
    boolean nothingReached = switch (outcome) {
      case UNREACHABLE, BUSY -> true;
      case TIMEOUT, FAILED -> false;
      case ACCEPTED, REJECTED, SKIPPED -> throw new IllegalArgumentException("outcome: " + outcome + " (expected: a failure)");
    };
    boolean evict = evicts(plan, index);
    boolean mayMoveOn = nothingReached || (plan.success() != null && request.idempotent() && request.canResend())
        || (outcome == AttemptResult.Outcome.TIMEOUT && plan.moveOnTimeout() && request.canResend());
    if (mayMoveOn && candidatesLeft) {
      return evict ? MoveOn.EVICT : MoveOn.KEEP;
    }
    if (candidatesLeft) {
      // stopped early: the request may have been processed and cannot be sent again safely
      String why = plan.success() == null ? RULE_REACHED
          : request.idempotent() ? BODY_GONE : "not retried: " + request.method() + " is not idempotent";
      return new GiveUp(evict, why);
    }
    return evict ? GiveUp.EVICT : GiveUp.KEEP;
  }

  /**
   * Whether the candidate at {@code index} is passed by untried, and why; {@code null}: try it.
   *
   * @param ejected the candidate is out of rotation after repeated failures
   * @param laterInRotation a candidate after it is in rotation: neither ejected nor cooling down
   *     (only read when {@code ejected})
   */
  static @Nullable PassBy passBy(ForwardPlan plan, int index, boolean ejected, boolean laterInRotation) {
    return passBy(plan, index, ejected, false, laterInRotation);
  }

  /**
   * As {@link #passBy(ForwardPlan, int, boolean, boolean)}, with {@code cooling}: the candidate asked
   * for time with {@code Retry-After}. It is passed by too while a later one is in rotation, but the
   * remembered decision is kept (the backend is busy, not wrong).
   */
  static @Nullable PassBy passBy(ForwardPlan plan, int index, boolean ejected, boolean cooling, boolean laterInRotation) {
    if (!(ejected || cooling) || !laterInRotation) {
      return null;
    }
    if (!ejected) {
      return PassBy.COOLING;
    }
    return evicts(plan, index) ? PassBy.EJECTED_EVICT : PassBy.EJECTED_KEEP;
  }

  /**
   * Whether a request whose kept-alive connection broke before any answer is sent again, once, on a
   * new connection to the same backend (RFC 9110 section 9.2.2): when it is idempotent and its body
   * can be sent again.
   */
  static boolean resendOnNewConnection(Request request) {
    return request.idempotent() && request.canResend();
  }

  /**
   * What the client is told when the plan ends without an answer to relay. A rule (balanced or not)
   * reports its last attempt that was made (not a candidate passed by or left untried): 504 for a
   * timeout, 503 for a full pool, else 502. A search reports
   * that no backend accepted: 504 when every attempt timed out or was not tried (and one timed
   * out), else 502.
   *
   * @param attempts every attempt so far, the candidates not tried included; not empty for a rule
   */
  static Problem giveUp(ForwardPlan plan, List<AttemptResult> attempts, String method, String path) {
    return giveUp(plan, attempts, method, path, null);
  }

  /**
   * As {@link #giveUp(ForwardPlan, List, String, String)}, but first: when every attempt made was
   * answered busy (429 or 503), the client gets 429 (503 when none was a 429) with {@code
   * retryAfter}, the smallest {@code Retry-After} those answers carried (rounded up to a second;
   * none when {@code null}).
   */
  static Problem giveUp(ForwardPlan plan, List<AttemptResult> attempts, String method, String path,
      @Nullable Duration retryAfter) {
    int made = made(attempts);
    if (made > 0 && allMadeBusy(attempts)) {
      boolean any429 = attempts.stream().anyMatch(a -> a.status() == 429);
      long seconds = retryAfter == null ? 0 : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
      return new Problem(any429 ? 429 : 503, "backends-busy", "Backends busy",
          made + " backend(s) tried for " + method + " " + path + "; every one answered that it is busy", seconds);
    }
    if (plan.success() == null || plan.relayLast()) {
      AttemptResult last = lastMade(attempts);
      AttemptResult.Outcome outcome = last.outcome();
      int status = outcome == AttemptResult.Outcome.TIMEOUT ? 504 : outcome == AttemptResult.Outcome.BUSY ? 503 : 502;
      String title = switch (outcome) {
        case TIMEOUT -> "Backend timed out";
        case BUSY -> "Backend busy";
        case UNREACHABLE -> "Backend unreachable";
        default -> "Backend failed";
      };
      return new Problem(status, "backend-" + outcome.slug(), title,
          "backend '" + last.backend().name() + "' (" + last.backend().url() + "): " + last.error());
    }
    boolean anyTimeout = false;
    boolean allTimeoutOrSkipped = true;
    for (AttemptResult a : attempts) {
      anyTimeout |= a.outcome() == AttemptResult.Outcome.TIMEOUT;
      allTimeoutOrSkipped &= a.outcome() == AttemptResult.Outcome.TIMEOUT || a.outcome() == AttemptResult.Outcome.SKIPPED;
    }
    return new Problem(anyTimeout && allTimeoutOrSkipped ? 504 : 502, "no-backend-accepted", "No backend accepted the request",
        attempts.size() + " backend(s) tried for " + method + " " + path + "; none answered with a success status");
  }

  /** What the client is told when the plan's deadline passed first; the candidates left are {@link #DEADLINE_PASSED}. */
  static Problem deadlinePassed(ForwardPlan plan) {
    Duration deadline = requireNonNull(plan.deadline(), "deadline");
    return new Problem(504, "discovery-deadline", "Discovery deadline passed",
        "no backend accepted the request within " + deadline.toMillis() + " ms");
  }

  /** The last attempt that was made; the last entry when none was. */
  private static AttemptResult lastMade(List<AttemptResult> attempts) {
    for (int i = attempts.size() - 1; i >= 0; i--) {
      if (attempts.get(i).outcome() != AttemptResult.Outcome.SKIPPED) {
        return attempts.get(i);
      }
    }
    return attempts.get(attempts.size() - 1);
  }

  private static boolean evicts(ForwardPlan plan, int index) {
    return plan.cachedAt(index) && plan.key() != null;
  }
}
