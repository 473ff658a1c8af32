package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.junction.config.BackendConfig;
import dev.junction.config.BalanceConfig;
import dev.junction.config.BalanceStrategy;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.StatusSet;
import dev.junction.routing.Balancer;
import dev.junction.routing.CacheKey;
import dev.junction.routing.RoutingDecision;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The move-on policy as tables, without sockets. Every plan has two candidates, {@code a} then
 * {@code b}; a row names the plan, the request, which candidate answered or failed ({@code at}) and
 * whether one is left after it, and what the policy says. Plans:
 *
 * <ul>
 *   <li>{@code rule}: an explicit rule, no balancing;
 *   <li>{@code balanced}: a round-robin rule (accepts anything but a 5xx, relays the last answer);
 *   <li>{@code discovery}: a search for a 2xx, remembered under a key; {@code unkeyed}: the same
 *       without a key;
 *   <li>{@code cached}: the remembered decision {@code a} first, then the search.
 * </ul>
 *
 * Bodies: {@code kept} can be sent again, {@code gone} was streamed. Method {@code GET ws} is a
 * WebSocket handshake. Verdicts read {@code accept[, remember| from cache]}, {@code move on[,
 * evict]}, {@code relay final|last[, evict]}, {@code give up[, evict][: why the rest is not tried]};
 * {@code header} is the {@code X-Junction-Decision} of a relayed answer ({@code at + 1} attempts so
 * far).
 */
class MoveOnPolicyTest {
  static final BackendConfig A = new BackendConfig("a", URI.create("http://a.test"), null);
  static final BackendConfig B = new BackendConfig("b", URI.create("http://b.test"), null);
  static final CacheKey KEY = new CacheKey("GET", "/p", CacheKey.NO_PAYLOAD);
  static final DiscoveryConfig DISCOVERY = new DiscoveryConfig(null, StatusSet.SUCCESS_2XX, StatusSet.NOT_HANDLED,
      Duration.ofMillis(1500));
  private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
  private static final Balancer.Loads IDLE = new Balancer.Loads() {
    @Override
    public boolean ejected(String backend) {
      return false;
    }

    @Override
    public int inFlight(String backend) {
      return 0;
    }
  };

  /** The request's facts as the policy reads them. */
  record Req(String method, boolean idempotent, boolean canResend, boolean webSocket) implements MoveOnPolicy.Request {
    static Req of(String method, String body) {
      boolean ws = method.equals("GET ws");
      String m = ws ? "GET" : method;
      return new Req(m, IDEMPOTENT.contains(m), switch (body) {
        case "kept" -> true;
        case "gone" -> false;
        default -> throw new IllegalArgumentException("body: " + body);
      }, ws);
    }
  }

  static ForwardPlan plan(String kind) {
    return ForwardPlan.of(decision(kind), IDLE, DISCOVERY, true);
  }

  static RoutingDecision decision(String kind) {
    List<BackendConfig> ab = List.of(A, B);
    return switch (kind) {
      case "rule" -> new RoutingDecision.Forward(ab, "r1");
      case "rule-timeouts" -> new RoutingDecision.Forward(ab, "r1", Balancer.first(), Duration.ofSeconds(5), true);
      case "balanced" -> new RoutingDecision.Forward(ab, "r1",
          Balancer.create(BalanceConfig.of(BalanceStrategy.ROUND_ROBIN), ab, null));
      case "discovery" -> new RoutingDecision.Discover(ab, KEY, StatusSet.SUCCESS_2XX);
      case "unkeyed" -> new RoutingDecision.Discover(ab, null, StatusSet.SUCCESS_2XX);
      case "cached" -> new RoutingDecision.Cached(A, KEY, new RoutingDecision.Discover(ab, KEY, StatusSet.SUCCESS_2XX));
      default -> throw new IllegalArgumentException("plan: " + kind);
    };
  }

  @ParameterizedTest(name = "{index}: {0} {1} ({2} body), {4} from candidate {3}, left: {5} -> {6}")
  @CsvSource(delimiter = '|', textBlock = """
      # plan    | method | body | at | before      | answer | left | verdict           | header
      # an explicit rule: any answer is the answer, never remembered, attempts not shown
      rule | GET | kept | 0 | - | 200 | yes | accept | rule r1; backend=a
      rule | GET | kept | 0 | - | 500 | yes | accept | rule r1; backend=a
      rule | POST | gone | 1 | a unreachable | 404 | no | accept | rule r1; backend=b
      rule | GET ws | kept | 0 | - | 101 | yes | accept | rule r1; backend=a
      # a balanced rule: anything but a 5xx is accepted; a 5xx moves on as in discovery; the last answer is relayed
      balanced | GET | kept | 0 | - | 200 | yes | accept | rule r1; balance=round_robin; backend=a; attempts=1
      balanced | GET | kept | 0 | - | 404 | yes | accept | rule r1; balance=round_robin; backend=a; attempts=1
      balanced | GET | kept | 0 | - | 502 | yes | move on | -
      balanced | GET | kept | 1 | a 502 | 502 | no | relay last | rule r1; balance=round_robin; backend=b; attempts=2; final=502
      balanced | POST | kept | 0 | - | 500 | yes | relay final | rule r1; balance=round_robin; backend=a; final=500
      balanced | POST | kept | 0 | - | 501 | yes | move on | -
      balanced | POST | kept | 1 | a 501 | 501 | no | relay last | rule r1; balance=round_robin; backend=b; attempts=2; final=501
      balanced | GET | gone | 0 | - | 503 | yes | relay final | rule r1; balance=round_robin; backend=a; final=503
      # discovery: a 2xx is accepted and remembered; idempotent methods move on after any other status
      discovery | GET | kept | 0 | - | 200 | yes | accept, remember | discovery; backend=a; attempts=1
      discovery | GET | kept | 1 | a 404 | 204 | no | accept, remember | discovery; backend=b; attempts=2
      unkeyed | GET | kept | 0 | - | 200 | yes | accept | discovery; backend=a; attempts=1
      discovery | GET | kept | 0 | - | 404 | yes | move on | -
      discovery | GET | kept | 0 | - | 302 | yes | move on | -
      discovery | GET | kept | 0 | - | 500 | yes | move on | -
      discovery | DELETE | kept | 0 | - | 500 | yes | move on | -
      discovery | GET | kept | 1 | a 500 | 404 | no | give up | -
      # non-idempotent methods move on only after the allow-list (404, 405, 501); else the answer is final
      discovery | POST | kept | 0 | - | 404 | yes | move on | -
      discovery | POST | kept | 0 | - | 405 | yes | move on | -
      discovery | PATCH | kept | 0 | - | 501 | yes | move on | -
      discovery | POST | kept | 1 | a timeout | 404 | no | give up | -
      discovery | POST | kept | 0 | - | 500 | yes | relay final | discovery; backend=a; final=500
      discovery | POST | kept | 0 | - | 400 | yes | relay final | discovery; backend=a; final=400
      # a body that was streamed cannot go to another backend: the answer is final
      discovery | GET | gone | 0 | - | 500 | yes | relay final | discovery; backend=a; final=500
      discovery | POST | gone | 0 | - | 404 | yes | relay final | discovery; backend=a; final=404
      # a 101 accepts a WebSocket handshake only
      discovery | GET ws | kept | 0 | - | 101 | yes | accept, remember | discovery; backend=a; attempts=1
      discovery | GET | kept | 0 | - | 101 | yes | move on | -
      # the remembered decision: shown as cache, not remembered again; evicted when it is moved on from
      cached | GET | kept | 0 | - | 200 | yes | accept from cache | cache; backend=a; attempts=1
      cached | GET | kept | 1 | a 500 | 200 | no | accept, remember | discovery; backend=b; attempts=2
      cached | GET | kept | 0 | - | 500 | yes | move on, evict | -
      cached | POST | kept | 0 | - | 404 | yes | move on, evict | -
      cached | GET | kept | 0 | - | 404 | no | relay last, evict | discovery; backend=a; attempts=1; final=404
      cached | GET | kept | 1 | a 404 | 500 | no | give up | -
      cached | POST | kept | 0 | - | 500 | yes | relay final | discovery; backend=a; final=500
      cached | GET | gone | 0 | - | 503 | yes | relay final | discovery; backend=a; final=503
      # a search whose every candidate answered with a client error (4xx but 429): the last answer is relayed
      discovery | GET | kept | 1 | a 404 | 404 | no | relay last | discovery; backend=b; attempts=2; final=404
      discovery | POST | kept | 1 | a 404 | 404 | no | relay last | discovery; backend=b; attempts=2; final=404
      discovery | POST | kept | 1 | a 405 | 404 | no | relay last | discovery; backend=b; attempts=2; final=404
      discovery | GET | kept | 1 | a 403 | 410 | no | relay last | discovery; backend=b; attempts=2; final=410
      cached | GET | kept | 1 | a 404 | 404 | no | relay last | discovery; backend=b; attempts=2; final=404
      # busy (429, 503): nothing was processed, so every method moves on while the body can go again; a remembered decision is kept
      rule | GET | kept | 0 | - | 503 | yes | move on | -
      rule | POST | kept | 0 | - | 429 | yes | move on | -
      balanced | POST | kept | 0 | - | 429 | yes | move on | -
      discovery | POST | kept | 0 | - | 429 | yes | move on | -
      discovery | PATCH | kept | 0 | - | 503 | yes | move on | -
      cached | GET | kept | 0 | - | 429 | yes | move on | -
      discovery | POST | gone | 0 | - | 429 | yes | relay final | discovery; backend=a; final=429
      # ...with no candidate left: the only attempt made is relayed; several, all busy: give up (429 with the smallest Retry-After)
      discovery | GET | kept | 1 | a skipped | 429 | no | relay last | discovery; backend=b; attempts=2; final=429
      rule | GET | kept | 1 | a unreachable | 503 | no | relay last | rule r1; backend=b; final=503
      discovery | GET | kept | 1 | a 429 | 503 | no | give up | -
      rule | GET | kept | 1 | a 503 | 429 | no | give up | -
      # ...after another kind of answer or failure, a rule relays the busy answer and a search gives up (502)
      rule | GET | kept | 1 | a timeout | 429 | no | relay last | rule r1; backend=b; final=429
      discovery | GET | kept | 1 | a timeout | 429 | no | give up | -
      # ...not when one was not reached, failed, answered with a 5xx or a 429, or this one is a 429 or a 5xx
      discovery | GET | kept | 1 | a skipped | 404 | no | give up | -
      discovery | GET | kept | 1 | a unreachable | 404 | no | give up | -
      discovery | GET | kept | 1 | a 503 | 404 | no | give up | -
      discovery | GET | kept | 1 | a 429 | 404 | no | give up | -
      discovery | GET | kept | 1 | a 404 | 429 | no | give up | -
      discovery | GET | kept | 1 | a 404 | 500 | no | give up | -
      """)
  void afterAnAnswer(String plan, String method, String body, int at, String before, int status, String left,
      String verdict, String header) {
    ForwardPlan p = plan(plan);
    MoveOnPolicy.Verdict v = MoveOnPolicy.afterAnswer(p, Req.of(method, body), at, status, yes(left), before(before));

    String shown = "-";
    String backend = p.candidates().get(at).name();
    if (v instanceof MoveOnPolicy.Accept a) {
      shown = a.decision(p, backend, at + 1).value();
    } else if (v instanceof MoveOnPolicy.RelayAsFinal r) {
      shown = r.decision(p, backend, at + 1).value();
    }
    assertThat(show(v) + " | " + shown).isEqualTo(verdict + " | " + header);
  }

  @ParameterizedTest(name = "{index}: {0} {1} ({2} body), candidate {3} {4}, left: {5} -> {6}")
  @CsvSource(delimiter = '|', textBlock = """
      # plan    | method | body | at | failure     | left | verdict
      # nothing reached the backend (unreachable, busy): every plan moves on, whatever the method
      rule      | GET    | kept | 0  | unreachable | yes  | move on
      rule      | POST   | gone | 0  | busy        | yes  | move on
      balanced  | POST   | kept | 0  | unreachable | yes  | move on
      discovery | POST   | kept | 0  | unreachable | yes  | move on
      discovery | POST   | gone | 0  | busy        | yes  | move on
      # an explicit rule stops at a timeout or a broken connection, whatever the method
      rule      | GET    | kept | 0  | timeout     | yes  | give up: not tried: a rule moves on only when nothing reached its backend
      rule      | GET    | kept | 0  | failed      | yes  | give up: not tried: a rule moves on only when nothing reached its backend
      rule      | POST   | kept | 0  | timeout     | yes  | give up: not tried: a rule moves on only when nothing reached its backend
      # a search (or a balanced rule) moves on after one when the method is idempotent and the body can go again
      balanced  | GET    | kept | 0  | timeout     | yes  | move on
      balanced  | PUT    | kept | 0  | failed      | yes  | move on
      balanced  | GET    | gone | 0  | failed      | yes  | give up: request body could not be sent again
      balanced  | POST   | kept | 0  | timeout     | yes  | give up: not retried: POST is not idempotent
      discovery | GET    | kept | 0  | timeout     | yes  | move on
      discovery | GET    | kept | 0  | failed      | yes  | move on
      discovery | GET    | gone | 0  | timeout     | yes  | give up: request body could not be sent again
      discovery | POST   | kept | 0  | timeout     | yes  | give up: not retried: POST is not idempotent
      discovery | PATCH  | kept | 0  | failed      | yes  | give up: not retried: PATCH is not idempotent
      # a rule with retry_non_idempotent: [timeout] moves on after a timeout (only), for any method, while the body can go again
      rule-timeouts | POST | kept | 0  | timeout     | yes  | move on
      rule-timeouts | GET  | kept | 0  | timeout     | yes  | move on
      rule-timeouts | POST | gone | 0  | timeout     | yes  | give up: not tried: a rule moves on only when nothing reached its backend
      rule-timeouts | POST | kept | 0  | failed      | yes  | give up: not tried: a rule moves on only when nothing reached its backend
      # no candidate left: give up, nothing to say about the rest
      rule      | GET    | kept | 1  | unreachable | no   | give up
      balanced  | GET    | kept | 1  | timeout     | no   | give up
      discovery | GET    | kept | 1  | failed      | no   | give up
      # the remembered decision is evicted whenever its backend fails
      cached    | GET    | kept | 0  | unreachable | yes  | move on, evict
      cached    | GET    | kept | 0  | timeout     | yes  | move on, evict
      cached    | POST   | kept | 0  | timeout     | yes  | give up, evict: not retried: POST is not idempotent
      cached    | GET    | kept | 0  | failed      | no   | give up, evict
      cached    | GET    | kept | 1  | timeout     | no   | give up
      """)
  void afterAFailure(String plan, String method, String body, int at, String failure, String left, String verdict) {
    MoveOnPolicy.Verdict v = MoveOnPolicy.afterFailure(plan(plan), Req.of(method, body), at, outcome(failure), yes(left));

    assertThat(show(v)).isEqualTo(verdict);
  }

  @ParameterizedTest(name = "{index}: {0}, candidate {1}, ejected: {2}, a later one in rotation: {3} -> {4}")
  @CsvSource(delimiter = '|', textBlock = """
      # plan    | at | ejected | later in rotation | verdict
      rule      | 0  | yes     | yes               | pass by: ejected after repeated failures
      rule      | 0  | yes     | no                | try
      rule      | 0  | no      | yes               | try
      discovery | 0  | yes     | yes               | pass by: ejected after repeated failures
      discovery | 1  | no      | no                | try
      cached    | 0  | yes     | yes               | pass by, evict: ejected after repeated failures
      cached    | 0  | yes     | no                | try
      cached    | 1  | yes     | yes               | pass by: ejected after repeated failures
      """)
  void anEjectedCandidateIsPassedByOnlyWhenALaterOneIsInRotation(String plan, int at, String ejected, String later,
      String verdict) {
    MoveOnPolicy.PassBy pass = MoveOnPolicy.passBy(plan(plan), at, yes(ejected), yes(later));

    String shown = pass == null ? "try" : "pass by" + (pass.evict() ? ", evict" : "") + ": " + pass.why();
    assertThat(shown).isEqualTo(verdict);
  }

  /** Attempts alternate a, b, a...; a failure's error is {@code <outcome> at <backend>}. */
  @ParameterizedTest(name = "{index}: {0} after [{1}] -> {2} {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      # plan    | attempts            | status | type                | title                           | detail
      # a rule reports its last attempt: 504 for a timeout, 503 for a full pool, else 502
      rule      | timeout             | 504    | backend-timeout     | Backend timed out               | backend 'a' (http://a.test): timeout at a
      rule      | unreachable busy    | 503    | backend-busy        | Backend busy                    | backend 'b' (http://b.test): busy at b
      rule      | unreachable         | 502    | backend-unreachable | Backend unreachable             | backend 'a' (http://a.test): unreachable at a
      rule      | failed              | 502    | backend-failed      | Backend failed                  | backend 'a' (http://a.test): failed at a
      # ...the last one made: a candidate not tried after it does not count
      rule      | timeout skipped     | 504    | backend-timeout     | Backend timed out               | backend 'a' (http://a.test): timeout at a
      balanced  | failed skipped      | 502    | backend-failed      | Backend failed                  | backend 'a' (http://a.test): failed at a
      balanced  | rejected timeout    | 504    | backend-timeout     | Backend timed out               | backend 'b' (http://b.test): timeout at b
      balanced  | rejected busy       | 503    | backend-busy        | Backend busy                    | backend 'b' (http://b.test): busy at b
      # every attempt made answered busy: 429 (503 when none was a 429), whatever the plan
      discovery | rejected:429 rejected:503 | 429 | backends-busy | Backends busy | 2 backend(s) tried for GET /p; every one answered that it is busy
      rule      | rejected:503 rejected:503 | 503 | backends-busy | Backends busy | 2 backend(s) tried for GET /p; every one answered that it is busy
      cached    | skipped rejected:429 rejected:429 | 429 | backends-busy | Backends busy | 2 backend(s) tried for GET /p; every one answered that it is busy
      # a search: 504 when every attempt timed out or was not tried (one at least timed out), else 502
      discovery | timeout timeout     | 504    | no-backend-accepted | No backend accepted the request | 2 backend(s) tried for GET /p; none answered with a success status
      discovery | timeout skipped     | 504    | no-backend-accepted | No backend accepted the request | 2 backend(s) tried for GET /p; none answered with a success status
      discovery | skipped skipped     | 502    | no-backend-accepted | No backend accepted the request | 2 backend(s) tried for GET /p; none answered with a success status
      discovery | timeout rejected    | 502    | no-backend-accepted | No backend accepted the request | 2 backend(s) tried for GET /p; none answered with a success status
      discovery | busy busy           | 502    | no-backend-accepted | No backend accepted the request | 2 backend(s) tried for GET /p; none answered with a success status
      discovery | -                   | 502    | no-backend-accepted | No backend accepted the request | 0 backend(s) tried for GET /p; none answered with a success status
      cached    | rejected unreachable| 502    | no-backend-accepted | No backend accepted the request | 2 backend(s) tried for GET /p; none answered with a success status
      """)
  void whatTheClientIsToldWhenNoAnswerIsRelayed(String plan, String attempts, int status, String type, String title,
      String detail) {
    MoveOnPolicy.Problem p = MoveOnPolicy.giveUp(plan(plan), attempts(attempts), "GET", "/p");

    assertThat(p).isEqualTo(new MoveOnPolicy.Problem(status, type, title, detail));
  }

  @Test
  void whenEveryBackendIsBusyTheClientGetsTheSmallestRetryAfterRoundedUpToASecond() {
    List<AttemptResult> busy = attempts("rejected:429 rejected:429");

    assertThat(MoveOnPolicy.giveUp(plan("discovery"), busy, "POST", "/v1/chat/completions", Duration.ofMillis(1500))
        .retryAfterSeconds()).isEqualTo(2);
    assertThat(MoveOnPolicy.giveUp(plan("discovery"), busy, "POST", "/v1/chat/completions", null).retryAfterSeconds())
        .isZero();
    assertThat(MoveOnPolicy.giveUp(plan("discovery"), attempts("rejected:404 rejected:429"), "GET", "/p",
        Duration.ofSeconds(3)).retryAfterSeconds()).isZero();
  }

  @ParameterizedTest(name = "{index}: ejected {0}, cooling {1}, a later one in rotation {2} -> {3}")
  @CsvSource(delimiter = '|', textBlock = """
      # ejected | cooling | later in rotation | verdict for the remembered candidate
      no        | yes     | yes               | pass by: cooling down: it answered busy with Retry-After
      no        | yes     | no                | try
      yes       | yes     | yes               | pass by, evict: ejected after repeated failures
      no        | no      | yes               | try
      """)
  void aCoolingCandidateIsPassedByWhileALaterOneIsInRotationAndItsRememberedDecisionKept(String ejected, String cooling,
      String later, String verdict) {
    MoveOnPolicy.PassBy pass = MoveOnPolicy.passBy(plan("cached"), 0, yes(ejected), yes(cooling), yes(later));

    String shown = pass == null ? "try" : "pass by" + (pass.evict() ? ", evict" : "") + ": " + pass.why();
    assertThat(shown).isEqualTo(verdict);
  }

  @Test
  void whenTheDeadlinePassesTheClientGets504AndTheRestIsNotTried() {
    MoveOnPolicy.Problem p = MoveOnPolicy.deadlinePassed(plan("discovery"));

    assertThat(p).isEqualTo(new MoveOnPolicy.Problem(504, "discovery-deadline", "Discovery deadline passed",
        "no backend accepted the request within 1500 ms"));
    assertThat(MoveOnPolicy.DEADLINE_PASSED).isEqualTo("discovery deadline passed");
  }

  @ParameterizedTest(name = "{index}: {0} ({1} body) goes again on a new connection: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      # method | body | resent
      GET      | kept | yes
      PUT      | kept | yes
      GET      | gone | no
      POST     | kept | no
      """)
  void aRequestWhoseKeptAliveConnectionBrokeGoesAgainOnlyWhenIdempotentAndResendable(String method, String body,
      String resent) {
    assertThat(MoveOnPolicy.resendOnNewConnection(Req.of(method, body))).isEqualTo(yes(resent));
  }

  @ParameterizedTest
  @EnumSource(value = AttemptResult.Outcome.class, names = {"ACCEPTED", "REJECTED", "SKIPPED"})
  void onlyAFailureIsAFailure(AttemptResult.Outcome outcome) {
    assertThatThrownBy(() -> MoveOnPolicy.afterFailure(plan("discovery"), Req.of("GET", "kept"), 0, outcome, true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(outcome.name());
  }

  @Test
  void aRulesOwnResponseTimeoutAndItsTimeoutOptInReachThePlan() {
    ForwardPlan p = plan("rule-timeouts");

    assertThat(p.responseTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.moveOnTimeout()).isTrue();
    assertThat(plan("rule").responseTimeout()).isNull();
    assertThat(plan("discovery").moveOnTimeout()).isFalse();
  }

  @Test
  void anExplicitRuleIsTriedInTheOrderWrittenAndAcceptsAnyAnswer() {
    ForwardPlan p = plan("rule");

    assertThat(p).isEqualTo(new ForwardPlan(List.of(A, B), null, StatusSet.NOT_HANDLED, null, false,
        new ForwardPlan.Label("r1", null), null, false, true));
  }

  @Test
  void aBalancedRuleTakesTheBalancersOrderAndRelaysTheLastAnswer() {
    List<BackendConfig> ab = List.of(A, B);
    Balancer balancer = Balancer.create(BalanceConfig.of(BalanceStrategy.ROUND_ROBIN), ab, null);
    RoutingDecision d = new RoutingDecision.Forward(ab, "r1", balancer);

    ForwardPlan first = ForwardPlan.of(d, IDLE, DISCOVERY, true);
    ForwardPlan second = ForwardPlan.of(d, IDLE, DISCOVERY, true);

    assertThat(second).isEqualTo(new ForwardPlan(List.of(B, A), Balancer.NOT_5XX, StatusSet.NOT_HANDLED, null, false,
        new ForwardPlan.Label("r1", "round_robin"), null, true, true));
    assertThat(first.candidates()).containsExactly(A, B);
  }

  @Test
  void discoveryIsBoundedByTheDeadlineAndRememberedUnderItsKey() {
    ForwardPlan p = plan("discovery");

    assertThat(p).isEqualTo(new ForwardPlan(List.of(A, B), StatusSet.SUCCESS_2XX, StatusSet.NOT_HANDLED, KEY, false,
        ForwardPlan.Label.DISCOVERY, Duration.ofMillis(1500), false, true));
  }

  @Test
  void aRememberedDecisionGoesFirstAndIsNotTriedTwice() {
    BackendConfig c = new BackendConfig("c", URI.create("http://c.test"), null);
    RoutingDecision d = new RoutingDecision.Cached(A, KEY, new RoutingDecision.Discover(List.of(B, A, c), KEY,
        StatusSet.SUCCESS_2XX));

    ForwardPlan p = ForwardPlan.of(d, IDLE, DISCOVERY, true);

    assertThat(p).isEqualTo(new ForwardPlan(List.of(A, B, c), StatusSet.SUCCESS_2XX, StatusSet.NOT_HANDLED, KEY, true,
        ForwardPlan.Label.DISCOVERY, Duration.ofMillis(1500), false, true));
  }

  @Test
  void aDecisionThatForwardsNothingHasNoPlan() {
    assertThatThrownBy(() -> ForwardPlan.of(new RoutingDecision.Reject(404, "no-route", "No route", "none"), IDLE,
        DISCOVERY, true)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void withTheDecisionHeaderOffNoAnswerCarriesOne() {
    ForwardPlan off = ForwardPlan.of(decision("cached"), IDLE, DISCOVERY, false);

    assertThat(new DecisionHeader(off, true, "a", 1, 0).value()).isNull();
    assertThat(new DecisionHeader(off, true, "a", 1, 0)).hasToString("cache; backend=a; attempts=1");
  }

  private static boolean yes(String s) {
    return switch (s) {
      case "yes" -> true;
      case "no" -> false;
      default -> throw new IllegalArgumentException("expected yes or no: " + s);
    };
  }

  private static AttemptResult.Outcome outcome(String slug) {
    for (AttemptResult.Outcome o : AttemptResult.Outcome.values()) {
      if (o.slug().equals(slug)) {
        return o;
      }
    }
    throw new IllegalArgumentException("outcome: " + slug);
  }

  private static List<AttemptResult> attempts(String outcomes) {
    List<AttemptResult> list = new ArrayList<>();
    if (outcomes.equals("-")) {
      return list;
    }
    for (String token : outcomes.trim().split(" +")) {
      BackendConfig b = list.size() % 2 == 0 ? A : B;
      String slug = token.contains(":") ? token.substring(0, token.indexOf(':')) : token;
      int status = token.contains(":") ? Integer.parseInt(token.substring(token.indexOf(':') + 1)) : 500;
      AttemptResult.Outcome o = outcome(slug);
      boolean answered = o == AttemptResult.Outcome.REJECTED || o == AttemptResult.Outcome.ACCEPTED;
      list.add(new AttemptResult(b, o, answered ? status : 0, answered ? null : slug + " at " + b.name(), 7));
    }
    return list;
  }

  /** The attempts before the one a row is about: {@code -}, or {@code a <status>} (rejected), or {@code a <outcome>}. */
  private static List<AttemptResult> before(String before) {
    if (before.equals("-")) {
      return List.of();
    }
    String what = before.substring(before.indexOf(' ') + 1);
    if (what.chars().allMatch(Character::isDigit)) {
      return List.of(new AttemptResult(A, AttemptResult.Outcome.REJECTED, Integer.parseInt(what), null, 7));
    }
    return List.of(new AttemptResult(A, outcome(what), 0, what + " at a", 7));
  }

  private static String show(MoveOnPolicy.Verdict v) {
    if (v instanceof MoveOnPolicy.Accept a) {
      return "accept" + (a.remember() ? ", remember" : "") + (a.fromCache() ? " from cache" : "");
    }
    if (v instanceof MoveOnPolicy.MoveOn m) {
      return "move on" + (m.evict() ? ", evict" : "");
    }
    if (v instanceof MoveOnPolicy.RelayAsFinal r) {
      return "relay " + (r.noneLeft() ? "last" : "final") + (r.evict() ? ", evict" : "");
    }
    MoveOnPolicy.GiveUp g = (MoveOnPolicy.GiveUp) v;
    return "give up" + (g.evict() ? ", evict" : "") + (g.notTried() != null ? ": " + g.notTried() : "");
  }
}
