package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.config.StatusSet;
import dev.junction.health.BackendStates;
import dev.junction.health.InFlight;
import dev.junction.http1.PeerFailures;
import dev.junction.routing.CacheKey;
import dev.junction.routing.RoutingDecision;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a {@link RoutingDecision} out: opens backend requests, sends or replays the body, waits
 * for the answer's head, decides accept or try next, and only then streams the answer to the
 * client ({@link Relay}). After the first byte reaches the client there is no more fallback.
 *
 * <p>One per event loop; all methods run on it and never block.
 */
public final class Forwarder {
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
  /** Rejected answers up to this size are drained so their connection can be reused. */
  private static final long DRAIN_LIMIT = 64 * 1024;
  static final String DECISION_HEADER = "X-Junction-Decision";

  /** What the forwarder tells the decision cache. */
  public interface Memory {
    void remember(CacheKey key, BackendConfig backend);

    void evict(CacheKey key);

    Memory NONE = new Memory() {
      @Override
      public void remember(CacheKey key, BackendConfig backend) {}

      @Override
      public void evict(CacheKey key) {}
    };
  }

  private final Loop loop;
  private final ProxyConfig proxy;
  private final DiscoveryConfig discovery;
  private final Memory memory;
  private final boolean decisionHeader;
  private final BackendStates states;

  Forwarder(Loop loop, ProxyConfig proxy, DiscoveryConfig discovery, Memory memory, boolean decisionHeader,
      BackendStates states) {
    this.loop = requireNonNull(loop, "loop");
    this.proxy = requireNonNull(proxy, "proxy");
    this.discovery = requireNonNull(discovery, "discovery");
    this.memory = requireNonNull(memory, "memory");
    this.decisionHeader = decisionHeader;
    this.states = requireNonNull(states, "states");
  }

  void execute(Exchange ex, RoutingDecision decision) {
    ex.seen.decided(decision);
    if (decision instanceof RoutingDecision.Forward f && f.balanced()) {
      Run run = new Run(ex, f.balancer().order(states.loads()), f.balancer().accept(), null, false,
          new Label(f.ruleId(), f.balancer().strategy().wireName()), null);
      run.answerLast = true;
      run.start();
    } else if (decision instanceof RoutingDecision.Forward f) {
      new Run(ex, f.backends(), null, null, false, new Label(f.ruleId(), null), null).start();
    } else if (decision instanceof RoutingDecision.Discover d) {
      new Run(ex, d.candidates(), d.success(), d.key(), false, Label.DISCOVERY, discovery.deadline().toMillis()).start();
    } else if (decision instanceof RoutingDecision.Cached c) {
      List<BackendConfig> order = new ArrayList<>();
      order.add(c.backend());
      for (BackendConfig b : c.rediscover().candidates()) {
        if (!b.name().equals(c.backend().name())) {
          order.add(b);
        }
      }
      new Run(ex, order, c.rediscover().success(), c.key(), true, Label.DISCOVERY, discovery.deadline().toMillis()).start();
    } else if (decision instanceof RoutingDecision.Reject r) {
      Problems.send(ex, r.status(), r.type(), r.title(), r.detail(), ex.path);
    } else {
      Problems.send(ex, 500, "internal", "Internal error", "routing asked for the payload twice; this is a bug in Junction", ex.path);
    }
  }

  /**
   * What chose the backends: a rule (with its balancing strategy) or discovery. Its text, and a
   * {@link Decision}'s, is only built when shown or logged, not for every request.
   */
  record Label(@Nullable String ruleId, @Nullable String balance) {
    static final Label DISCOVERY = new Label(null, null);

    @Override
    public String toString() {
      return ruleId == null ? "discovery" : balance == null ? "rule " + ruleId : "rule " + ruleId + "; balance=" + balance;
    }
  }

  /**
   * How one answer's backend was chosen, as {@link #DECISION_HEADER} shows it: {@code how} is the
   * label or {@code cache}; {@code attempts} is shown when positive, {@code finalStatus} when the
   * answer was relayed as the last word of a failed search.
   */
  record Decision(Object how, String backend, int attempts, int finalStatus) {
    @Override
    public String toString() {
      String s = how + "; backend=" + backend;
      if (finalStatus > 0) {
        return s + "; final=" + finalStatus;
      }
      return attempts > 0 ? s + "; attempts=" + attempts : s;
    }
  }

  /** A failed attempt: its outcome and a short message fit for a problem body. */
  static final class AttemptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final AttemptResult.Outcome outcome;

    AttemptFailure(AttemptResult.Outcome outcome, String message) {
      super(message, null, false, false);
      this.outcome = outcome;
    }
  }

  /**
   * Tries backends in order for one exchange.
   *
   * <ul>
   *   <li>{@code success == null} (an explicit rule): any answer is the answer; only a backend that
   *       cannot be reached moves on to the next.
   *   <li>otherwise (discovery, or a cached decision first): an answer whose status is in {@code
   *       success} is the answer and is remembered under {@code key}; others move on when the method
   *       is idempotent, or when its status is in the non-idempotent allow-list, and the body can be
   *       sent again.
   *   <li>{@code answerLast} (a balanced rule: discovery's rules for moving on): when no backend is
   *       left, the last answer is relayed as it is, and a last failure is reported as for a rule.
   * </ul>
   *
   * <p>Every attempt holds an {@link InFlight.Lease} on its backend from the moment it starts until
   * that backend's exchange is over: failed, reset, rejected, or relayed to the end (or broken).
   */
  private final class Run extends Deadlines.Entry {
    private final Exchange ex;
    private final List<BackendConfig> candidates;
    private final @Nullable StatusSet success;
    private final @Nullable CacheKey key;
    private final boolean firstIsCached;
    private final Label label;
    private final @Nullable Long deadlineMs;
    private final List<AttemptResult> attempts = new ArrayList<>(2);
    private int index;
    private long deadlineAt;
    private boolean finished;
    private @Nullable Call inFlight;
    private boolean answerLast;

    Run(Exchange ex, List<BackendConfig> candidates, @Nullable StatusSet success, @Nullable CacheKey key,
        boolean firstIsCached, Label label, @Nullable Long deadlineMs) {
      this.ex = ex;
      this.candidates = candidates;
      this.success = success;
      this.key = key;
      this.firstIsCached = firstIsCached;
      this.label = label;
      this.deadlineMs = deadlineMs;
      ex.seen.attempts(attempts);
    }

    void start() {
      if (deadlineMs != null) {
        deadlineAt = System.nanoTime() + deadlineMs * 1_000_000;
        loop.deadlines.arm(this, Math.max(1, deadlineMs));
      }
      ex.onClientGone(this::abandon);
      next();
    }

    @Override
    void expired() {
      if (finished) {
        return;
      }
      finished = true;
      Call c = inFlight;
      if (c != null) {
        c.abort();
      }
      for (int i = index; i < candidates.size(); i++) {
        attempts.add(new AttemptResult(candidates.get(i), AttemptResult.Outcome.SKIPPED, 0, "discovery deadline passed", 0));
      }
      fail(504, "discovery-deadline", "Discovery deadline passed",
          "no backend accepted the request within " + deadlineMs + " ms");
    }

    /** The client went away: stop trying. */
    private void abandon() {
      if (!finished) {
        finished = true;
        cancelDeadline();
        Call c = inFlight;
        if (c != null) {
          c.abort();
        }
      }
    }

    private void cancelDeadline() {
      loop.deadlines.disarm(this);
    }

    void next() {
      if (finished) {
        return;
      }
      if (index >= candidates.size()) {
        finished = true;
        cancelDeadline();
        giveUp();
        return;
      }
      int i = index++;
      BackendConfig backend = candidates.get(i);
      if (states.skip(backend.name()) && laterCandidateInRotation(i)) {
        attempts.add(new AttemptResult(backend, AttemptResult.Outcome.SKIPPED, 0, "ejected after repeated failures", 0));
        if (firstIsCached && i == 0 && key != null) {
          memory.evict(key);
        }
        next();
        return;
      }
      long timeout = proxy.responseTimeout().toMillis();
      if (deadlineMs != null) {
        timeout = Math.max(1, Math.min(timeout, (deadlineAt - System.nanoTime()) / 1_000_000));
      }
      Call call = new Call(this, i, backend, timeout);
      inFlight = call;
      call.start();
    }

    /** An ejected backend is passed by only when a later one is in rotation: all ejected, all tried. */
    private boolean laterCandidateInRotation(int i) {
      for (int j = i + 1; j < candidates.size(); j++) {
        if (!states.skip(candidates.get(j).name())) {
          return true;
        }
      }
      return false;
    }

    void onFailure(Call call, AttemptFailure failure) {
      inFlight = null;
      if (finished) {
        return;
      }
      int i = call.index;
      BackendConfig backend = call.backend;
      AttemptResult.Outcome outcome = failure.outcome;
      String message = failure.getMessage();
      attempts.add(new AttemptResult(backend, outcome, 0, message, call.elapsedMs()));
      if (outcome != AttemptResult.Outcome.BUSY) {
        // a full pool is Junction's own limit, not the backend failing
        states.failed(backend.name(), outcome.slug() + ": " + message);
      }
      LOG.warn("{} {}: backend {} {}: {}", ex.method, ex.path, backend.name(), outcome.slug(), message);
      if (firstIsCached && i == 0 && key != null) {
        memory.evict(key);
      }
      boolean nothingReached = outcome == AttemptResult.Outcome.UNREACHABLE || outcome == AttemptResult.Outcome.BUSY;
      boolean mayMoveOn = nothingReached || (success != null && ex.idempotent() && ex.canResend());
      if (mayMoveOn && index < candidates.size()) {
        next();
        return;
      }
      finished = true;
      cancelDeadline();
      if (index < candidates.size()) {
        // stopped early: the request may have been processed and cannot be sent again safely
        for (int j = index; j < candidates.size(); j++) {
          attempts.add(new AttemptResult(candidates.get(j), AttemptResult.Outcome.SKIPPED, 0,
              ex.idempotent() ? "request body could not be sent again" : "not retried: " + ex.method + " is not idempotent", 0));
        }
      }
      giveUp();
    }

    void onResponse(Call call, HttpResponse resp) {
      inFlight = null;
      int i = call.index;
      BackendConfig backend = call.backend;
      long ms = call.elapsedMs();
      states.reached(backend.name());
      int status = resp.status().code();
      if (success == null || success.contains(status) || (status == 101 && ex.webSocket)) {
        finished = true;
        cancelDeadline();
        attempts.add(new AttemptResult(backend, AttemptResult.Outcome.ACCEPTED, status, null, ms));
        if (success != null && key != null && !(firstIsCached && i == 0)) {
          memory.remember(key, backend);
        }
        Object how = firstIsCached && i == 0 ? "cache" : label;
        ex.seen.relayed(backend.name(), firstIsCached && i == 0);
        relay(call, resp, new Decision(how, backend.name(), success != null ? attempts.size() : 0, 0));
        return;
      }
      attempts.add(new AttemptResult(backend, AttemptResult.Outcome.REJECTED, status, null, ms));
      boolean statusAllows = ex.idempotent() || discovery.nonIdempotentMoveOn().contains(status);
      if (statusAllows && ex.canResend() && index < candidates.size()) {
        if (firstIsCached && i == 0 && key != null) {
          memory.evict(key);
        }
        call.discard(resp);
        next();
        return;
      }
      if (!statusAllows || !ex.canResend()) {
        // The only answer the client can get: the backend may have acted on the request.
        finished = true;
        cancelDeadline();
        ex.seen.relayed(backend.name(), false);
        relay(call, resp, new Decision(label, backend.name(), 0, status));
        return;
      }
      if (firstIsCached && i == 0 && key != null) {
        memory.evict(key);
      }
      finished = true;
      cancelDeadline();
      if (answerLast) {
        relay(call, resp, new Decision(label, backend.name(), 0, status));
        return;
      }
      call.discard(resp);
      giveUp();
    }

    private void relay(Call call, HttpResponse resp, Decision decision) {
      if (ex.webSocket && resp.status().code() == 101) {
        WebSocketTunnel.open(ex, call.link(), call.lease, resp, decisionHeader ? decision.toString() : null,
            proxy.idleTimeout().toMillis());
        return;
      }
      call.consumer = Relay.start(ex, call.link(), call.lease, resp, decision, decisionHeader);
    }

    /** Every candidate tried (or no more may be): answer with what happened to each. */
    private void giveUp() {
      if (success == null || answerLast) {
        AttemptResult last = attempts.get(attempts.size() - 1);
        int status = last.outcome() == AttemptResult.Outcome.TIMEOUT ? 504 : last.outcome() == AttemptResult.Outcome.BUSY ? 503 : 502;
        String slug = "backend-" + last.outcome().slug();
        String title = switch (last.outcome()) {
          case TIMEOUT -> "Backend timed out";
          case BUSY -> "Backend busy";
          case UNREACHABLE -> "Backend unreachable";
          default -> "Backend failed";
        };
        fail(status, slug, title, "backend '" + last.backend().name() + "' (" + last.backend().url() + "): " + last.error());
        return;
      }
      boolean anyTimeout = attempts.stream().anyMatch(a -> a.outcome() == AttemptResult.Outcome.TIMEOUT);
      boolean allTimeout = attempts.stream().allMatch(a -> a.outcome() == AttemptResult.Outcome.TIMEOUT || a.outcome() == AttemptResult.Outcome.SKIPPED);
      fail(anyTimeout && allTimeout ? 504 : 502, "no-backend-accepted", "No backend accepted the request",
          attempts.size() + " backend(s) tried for " + ex.method + " " + ex.path + "; none answered with a success status");
    }

    private void fail(int status, String slug, String title, String detail) {
      var problem = Problems.withAttempts(Problems.body(status, slug, title, detail, ex.path), attempts);
      LOG.info("{} {} -> {} ({}): {}", ex.method, ex.path, status, label, detail);
      Problems.send(ex, problem);
    }
  }

  /** What takes an accepted (or discarded) answer's body from the backend connection. */
  interface BodyConsumer {
    void content(HttpContent piece);

    default void readComplete() {}

    void broken(Throwable cause);
  }

  /**
   * One attempt of one backend: from asking its pool for a connection to the answer's head; then a
   * {@link Relay} (or a tunnel, or a discard) takes the body. Holds the backend's in-flight lease
   * until that backend's exchange is over.
   */
  private final class Call extends Deadlines.Entry implements ConnectionListener {
    final Run run;
    final int index;
    final BackendConfig backend;
    final long timeoutMs;
    final long started = System.nanoTime();
    final InFlight.Lease lease;
    private final Exchange ex;
    private final Pools.Pool pool;
    private @Nullable BackendConnection link;
    /** The head arrived, or the attempt failed or was abandoned: no more outcome to report. */
    private boolean settled;
    /** Once, a request that failed on a reused connection before any answer is sent again on a new one. */
    private boolean retried;
    @Nullable BodyConsumer consumer;

    Call(Run run, int index, BackendConfig backend, long timeoutMs) {
      this.run = run;
      this.ex = run.ex;
      this.index = index;
      this.backend = backend;
      this.timeoutMs = timeoutMs;
      this.pool = loop.pools.get(backend);
      this.lease = states.inFlight().begin(backend.name());
    }

    long elapsedMs() {
      return (System.nanoTime() - started) / 1_000_000;
    }

    BackendConnection link() {
      BackendConnection l = link;
      if (l == null) {
        throw new IllegalStateException("call to " + backend.name() + ": no connection yet");
      }
      return l;
    }

    void start() {
      loop.deadlines.arm(this, timeoutMs);
      pool.acquire(this);
    }

    @Override
    void expired() {
      if (settled) {
        return;
      }
      boolean waited = link == null;
      abort();
      run.onFailure(this, new AttemptFailure(AttemptResult.Outcome.TIMEOUT,
          waited ? "no connection free within " + timeoutMs + " ms" : "no response head within " + timeoutMs + " ms"));
    }

    /** Gives up: the deadline passed, the client left, or the attempt timed out. */
    void abort() {
      if (settled && consumer != null) {
        return; // a relay or tunnel owns the rest
      }
      settled = true;
      cancelTimer();
      BackendConnection l = link;
      if (l == null) {
        pool.cancel(this);
      } else {
        l.done(false);
      }
      lease.end();
    }

    private void cancelTimer() {
      loop.deadlines.disarm(this);
    }

    @Override
    public void connected(BackendConnection l) {
      if (settled || run.finished) {
        l.done(true); // never used: back to the pool
        return;
      }
      link = l;
      send(l);
    }

    @Override
    public void unavailable(AttemptResult.Outcome outcome, String why) {
      if (settled) {
        return;
      }
      fail(new AttemptFailure(outcome, why));
    }

    private void send(BackendConnection l) {
      HttpHeaders h = ex.backendHeaders();
      h.set(HttpHeaderNames.HOST, pool.authority());
      if (ex.teTrailers() && backend.protocol() != BackendConfig.Protocol.HTTP1) {
        h.set(HttpHeaderNames.TE, HttpHeaderValues.TRAILERS);
      } else {
        h.remove(HttpHeaderNames.TE); // an earlier attempt to an HTTP/2 backend may have set it
      }
      String prefix = backend.pathPrefix();
      DefaultHttpRequest head = new DefaultHttpRequest(HttpVersion.HTTP_1_1, ex.req.method(),
          prefix.isEmpty() ? ex.target : prefix + ex.target, h);
      Body body = ex.body;
      if (body instanceof Body.Buffered b) {
        h.set(HttpHeaderNames.CONTENT_LENGTH, b.bytes().length);
        l.write(head);
        l.write(Hop.lastPiece(Unpooled.wrappedBuffer(b.bytes())));
      } else if (body instanceof Body.Unread u) {
        ex.bodySent = true;
        frame(h, u.contentLength());
        l.write(head);
        if (ex.expectContinue) {
          ex.conn.writeContinue(ex);
        }
        streamBody(l);
      } else if (body instanceof Body.OverLimit o) {
        ex.bodySent = true;
        frame(h, o.contentLength());
        l.write(head);
        if (ex.expectContinue && o.prefix().length == 0) {
          ex.conn.writeContinue(ex);
        }
        if (o.prefix().length > 0) {
          l.write(new DefaultHttpContent(Unpooled.wrappedBuffer(o.prefix())));
        }
        streamBody(l);
      } else {
        if (ex.zeroLength()) {
          h.set(HttpHeaderNames.CONTENT_LENGTH, "0");
        } else {
          h.remove(HttpHeaderNames.CONTENT_LENGTH);
        }
        h.remove(HttpHeaderNames.TRANSFER_ENCODING);
        l.write(head);
        l.write(LastHttpContent.EMPTY_LAST_CONTENT);
      }
      if (!(body instanceof Body.Unread || body instanceof Body.OverLimit) || !ex.conn.inReadBatch()) {
        l.flush();
      }
      // else: the client's read batch is still going on and ends with a flush (the sink's batchEnd);
      // should that batch hold a body the decoder refuses, nothing of this request leaves at all.
    }

    private void frame(HttpHeaders h, long contentLength) {
      if (contentLength >= 0) {
        h.remove(HttpHeaderNames.TRANSFER_ENCODING);
        h.set(HttpHeaderNames.CONTENT_LENGTH, contentLength);
      } else {
        h.remove(HttpHeaderNames.CONTENT_LENGTH);
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
    }

    /** The client's body, piece by piece, as it comes: the backend's writability paces the client. */
    private void streamBody(BackendConnection l) {
      ex.inbound.consume(new RequestBody.Sink() {
        @Override
        public void piece(HttpContent piece) {
          if (link != l || !l.active()) {
            piece.release();
            return;
          }
          l.write(piece);
          if (piece instanceof LastHttpContent) {
            l.flush();
          } else if (!l.writable()) {
            ex.inbound.pause(); // before the flush, whose writability event may resume it at once
            l.flush();
          }
        }

        @Override
        public void batchEnd() {
          if (link == l) {
            l.flush();
          }
        }
      });
    }

    @Override
    public void writable() {
      ex.inbound.resume();
    }

    @Override
    public void head(HttpResponse head) {
      if (settled) {
        BackendConnection l = link;
        if (l != null && consumer == null) {
          l.done(false);
        }
        return;
      }
      if (head.status().code() == 101 && !ex.webSocket) {
        // Junction asked for no upgrade (it never forwards Upgrade but for a WebSocket handshake): the
        // connection now speaks something else, and is closed
        link().poison();
        fail(new AttemptFailure(AttemptResult.Outcome.FAILED, "an unsolicited 101 Switching Protocols (no upgrade was asked for)"));
        return;
      }
      settled = true;
      cancelTimer();
      run.onResponse(this, head);
    }

    /**
     * The attempt failed before its head was accepted: its connection, if it had one, is closed
     * (already so when it broke), and the run is told.
     */
    private void fail(AttemptFailure failure) {
      settled = true;
      cancelTimer();
      BackendConnection l = link;
      if (l != null) {
        l.done(false);
      }
      lease.end();
      run.onFailure(this, failure);
    }

    @Override
    public void content(HttpContent piece) {
      BodyConsumer c = consumer;
      if (c == null) {
        piece.release();
        return;
      }
      c.content(piece);
    }

    @Override
    public void readComplete() {
      BodyConsumer c = consumer;
      if (c != null) {
        c.readComplete();
      }
    }

    @Override
    public void broken(Throwable cause) {
      if (settled) {
        BodyConsumer c = consumer;
        if (c != null) {
          c.broken(cause);
        }
        return;
      }
      BackendConnection l = link;
      if (cause instanceof java.io.IOException && l != null && l.reused() && !l.answerStarted() && !retried
          && ex.idempotent() && ex.canResend() && !run.finished) {
        // A kept-alive connection the backend closed as we sent on it: nothing was answered, so an
        // idempotent request (RFC 9110 section 9.2.2) goes again, once, on a new connection.
        retried = true;
        link = null;
        pool.acquire(this);
        return;
      }
      fail(new AttemptFailure(AttemptResult.Outcome.FAILED, PeerFailures.describe(cause)));
    }

    /** A rejected answer that will not be relayed: read to its end when short (the connection is kept), else closed. */
    void discard(HttpResponse resp) {
      BackendConnection l = link();
      String length = resp.headers().get(HttpHeaderNames.CONTENT_LENGTH);
      long n;
      try {
        n = length == null ? Long.MAX_VALUE : Long.parseLong(length.trim());
      } catch (NumberFormatException e) {
        n = Long.MAX_VALUE;
      }
      if (n > DRAIN_LIMIT || resp instanceof LastHttpContent) {
        l.done(resp instanceof LastHttpContent);
        lease.end();
        return;
      }
      consumer = new BodyConsumer() {
        @Override
        public void content(HttpContent piece) {
          piece.release();
          if (piece instanceof LastHttpContent) {
            l.done(true);
            lease.end();
          }
        }

        @Override
        public void broken(Throwable cause) {
          lease.end();
        }
      };
    }
  }
}
