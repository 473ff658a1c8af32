package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import dev.junction.cache.CacheKey;
import dev.junction.config.BackendConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.config.StatusSet;
import dev.junction.routing.RoutingDecision;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries a {@link RoutingDecision} out: opens backend requests, sends or replays the body, waits
 * for the response head, decides accept or try next, and only then streams the response to the
 * client. After the first byte reaches the client there is no more fallback.
 *
 * <p>All methods run on the exchange's event loop and never block.
 */
public final class Forwarder {
  private static final Logger LOG = LoggerFactory.getLogger(Forwarder.class);
  /** Rejected responses up to this size are drained so their connection can be reused. */
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

  private final Vertx vertx;
  private final BackendClients clients;
  private final ProxyConfig proxy;
  private final DiscoveryConfig discovery;
  private final Memory memory;
  private final boolean decisionHeader;
  private final BackendStates states;
  /** This event loop's open WebSocket tunnels. */
  final Tunnels tunnels;

  Forwarder(Vertx vertx, BackendClients clients, ProxyConfig proxy, DiscoveryConfig discovery, Memory memory,
      boolean decisionHeader, BackendStates states) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.clients = requireNonNull(clients, "clients");
    this.proxy = requireNonNull(proxy, "proxy");
    this.discovery = requireNonNull(discovery, "discovery");
    this.memory = requireNonNull(memory, "memory");
    this.decisionHeader = decisionHeader;
    this.states = requireNonNull(states, "states");
    this.tunnels = new Tunnels(vertx);
  }

  void execute(Exchange ex, RoutingDecision decision) {
    ex.seen.decided(decision);
    if (decision instanceof RoutingDecision.Forward f && f.balanced()) {
      Run run = new Run(ex, f.balancer().order(states.loads()), f.balancer().accept(), null, false,
          "rule " + f.ruleId() + "; balance=" + f.balancer().strategy().wireName(), null);
      run.answerLast = true;
      run.start();
    } else if (decision instanceof RoutingDecision.Forward f) {
      new Run(ex, f.backends(), null, null, false, "rule " + f.ruleId(), null).start();
    } else if (decision instanceof RoutingDecision.Discover d) {
      new Run(ex, d.candidates(), d.success(), d.key(), false, "discovery", discovery.deadline().toMillis()).start();
    } else if (decision instanceof RoutingDecision.Cached c) {
      List<BackendConfig> order = new ArrayList<>();
      order.add(c.backend());
      for (BackendConfig b : c.rediscover().candidates()) {
        if (!b.name().equals(c.backend().name())) {
          order.add(b);
        }
      }
      new Run(ex, order, c.rediscover().success(), c.key(), true, "discovery", discovery.deadline().toMillis()).start();
    } else if (decision instanceof RoutingDecision.Reject r) {
      Problems.send(ex.req.response(), r.status(), r.type(), r.title(), r.detail(), ex.path);
    } else {
      Problems.send(ex.req.response(), 500, "internal", "Internal error",
          "routing asked for the payload twice; this is a bug in Junction", ex.path);
    }
  }

  /** A failed attempt: its outcome and a short message fit for a problem body. */
  static final class AttemptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Attempt.Outcome outcome;

    AttemptFailure(Attempt.Outcome outcome, String message) {
      super(message, null, false, false);
      this.outcome = outcome;
    }
  }

  /**
   * Tries backends in order for one exchange.
   *
   * <ul>
   *   <li>{@code success == null} (an explicit rule): any response is the answer; only a backend that
   *       cannot be reached moves on to the next.
   *   <li>otherwise (discovery, or a cached decision first): a response whose status is in {@code
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
  private final class Run {
    private final Exchange ex;
    private final List<BackendConfig> candidates;
    private final @Nullable StatusSet success;
    private final @Nullable CacheKey key;
    private final boolean firstIsCached;
    private final String label;
    private final @Nullable Long deadlineMs;
    private final List<Attempt> attempts = new ArrayList<>();
    private int index;
    private @Nullable Timer deadlineTimer;
    private long deadlineAt;
    private boolean finished;
    private @Nullable HttpClientRequest inFlight;
    private boolean answerLast;

    Run(Exchange ex, List<BackendConfig> candidates, @Nullable StatusSet success, @Nullable CacheKey key,
        boolean firstIsCached, String label, @Nullable Long deadlineMs) {
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
        deadlineTimer = vertx.timer(Math.max(1, deadlineMs), TimeUnit.MILLISECONDS);
        deadlineTimer.onSuccess(v -> onDeadline());
      }
      ex.req.response().closeHandler(v -> abandon());
      next();
    }

    private void onDeadline() {
      if (finished) {
        return;
      }
      finished = true;
      HttpClientRequest r = inFlight;
      if (r != null) {
        r.reset();
      }
      for (int i = index; i < candidates.size(); i++) {
        attempts.add(new Attempt(candidates.get(i), Attempt.Outcome.SKIPPED, 0, "discovery deadline passed", 0));
      }
      fail(504, "discovery-deadline", "Discovery deadline passed",
          "no backend accepted the request within " + deadlineMs + " ms");
    }

    /** The client went away: stop trying. */
    private void abandon() {
      if (!finished) {
        finished = true;
        cancelDeadline();
        HttpClientRequest r = inFlight;
        if (r != null) {
          Protocols.resetQuietly(r);
        }
      }
    }

    private void cancelDeadline() {
      Timer t = deadlineTimer;
      if (t != null) {
        t.cancel();
      }
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
        attempts.add(new Attempt(backend, Attempt.Outcome.SKIPPED, 0, "ejected after repeated failures", 0));
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
      long started = System.nanoTime();
      InFlight.Lease lease = states.inFlight().begin(backend.name());
      send(backend, timeout).onComplete(ar -> {
        inFlight = null;
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (finished) {
          if (ar.succeeded()) {
            ar.result().request().reset();
          }
          lease.end();
          return;
        }
        if (ar.failed()) {
          lease.end();
          onFailure(i, backend, ar.cause(), ms);
        } else {
          onResponse(i, backend, ar.result(), ms, lease);
        }
      });
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

    private void onFailure(int i, BackendConfig backend, Throwable cause, long ms) {
      Attempt.Outcome outcome = cause instanceof AttemptFailure f ? f.outcome : Attempt.Outcome.FAILED;
      String message = cause instanceof AttemptFailure ? cause.getMessage() : describe(cause);
      attempts.add(new Attempt(backend, outcome, 0, message, ms));
      if (outcome != Attempt.Outcome.BUSY) {
        // a full pool is Junction's own limit, not the backend failing
        states.failed(backend.name(), outcome.slug() + ": " + message);
      }
      LOG.warn("{} {}: backend {} {}: {}", ex.method, ex.path, backend.name(), outcome.slug(), message);
      if (firstIsCached && i == 0 && key != null) {
        memory.evict(key);
      }
      boolean nothingReached = outcome == Attempt.Outcome.UNREACHABLE || outcome == Attempt.Outcome.BUSY;
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
          attempts.add(new Attempt(candidates.get(j), Attempt.Outcome.SKIPPED, 0,
              ex.idempotent() ? "request body could not be sent again" : "not retried: " + ex.method + " is not idempotent", 0));
        }
      }
      giveUp();
    }

    private void onResponse(int i, BackendConfig backend, HttpClientResponse resp, long ms, InFlight.Lease lease) {
      states.reached(backend.name());
      int status = resp.statusCode();
      if (success == null || success.contains(status) || (status == 101 && ex.webSocket)) {
        finished = true;
        cancelDeadline();
        attempts.add(new Attempt(backend, Attempt.Outcome.ACCEPTED, status, null, ms));
        if (success != null && key != null && !(firstIsCached && i == 0)) {
          memory.remember(key, backend);
        }
        String how = firstIsCached && i == 0 ? "cache" : label;
        ex.seen.relayed(backend.name(), firstIsCached && i == 0);
        relay(ex, resp, how + "; backend=" + backend.name() + (success != null ? "; attempts=" + attempts.size() : ""))
            .onComplete(v -> lease.end());
        return;
      }
      attempts.add(new Attempt(backend, Attempt.Outcome.REJECTED, status, null, ms));
      boolean statusAllows = ex.idempotent() || discovery.nonIdempotentMoveOn().contains(status);
      if (statusAllows && ex.canResend() && index < candidates.size()) {
        if (firstIsCached && i == 0 && key != null) {
          memory.evict(key);
        }
        discard(resp);
        lease.end();
        next();
        return;
      }
      if (!statusAllows || !ex.canResend()) {
        // The only answer the client can get: the backend may have acted on the request.
        finished = true;
        cancelDeadline();
        ex.seen.relayed(backend.name(), false);
        relay(ex, resp, label + "; backend=" + backend.name() + "; final=" + status).onComplete(v -> lease.end());
        return;
      }
      if (firstIsCached && i == 0 && key != null) {
        memory.evict(key);
      }
      finished = true;
      cancelDeadline();
      if (answerLast) {
        relay(ex, resp, label + "; backend=" + backend.name() + "; final=" + status).onComplete(v -> lease.end());
        return;
      }
      discard(resp);
      lease.end();
      giveUp();
    }

    /** Every candidate tried (or no more may be): answer with what happened to each. */
    private void giveUp() {
      if (success == null || answerLast) {
        Attempt last = attempts.get(attempts.size() - 1);
        int status = last.outcome() == Attempt.Outcome.TIMEOUT ? 504 : last.outcome() == Attempt.Outcome.BUSY ? 503 : 502;
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
      boolean anyTimeout = attempts.stream().anyMatch(a -> a.outcome() == Attempt.Outcome.TIMEOUT);
      boolean allTimeout = attempts.stream().allMatch(a -> a.outcome() == Attempt.Outcome.TIMEOUT || a.outcome() == Attempt.Outcome.SKIPPED);
      fail(anyTimeout && allTimeout ? 504 : 502, "no-backend-accepted", "No backend accepted the request",
          attempts.size() + " backend(s) tried for " + ex.method + " " + ex.path + "; none answered with a success status");
    }

    private void fail(int status, String slug, String title, String detail) {
      var problem = Problems.withAttempts(Problems.body(status, slug, title, detail, ex.path), attempts);
      LOG.info("{} {} -> {} ({}): {}", ex.method, ex.path, status, label, detail);
      Problems.send(ex.req.response(), problem);
    }

    /** Opens a request to {@code backend} and sends the body; completes with the response head. */
    private Future<HttpClientResponse> send(BackendConfig backend, long timeoutMs) {
      Promise<HttpClientResponse> result = Promise.promise();
      BackendClients.Target target = clients.target(backend);
      RequestOptions options = new RequestOptions()
          .setMethod(HttpMethod.valueOf(ex.method))
          .setHost(target.host())
          .setPort(target.port())
          .setSsl(target.tls())
          .setURI(target.pathPrefix().isEmpty() ? ex.target : target.pathPrefix() + ex.target);
      target.client().request(options).onComplete(ar -> {
        if (ar.failed()) {
          Throwable c = ar.cause();
          result.fail(c instanceof ConnectionPoolTooBusyException
              ? new AttemptFailure(Attempt.Outcome.BUSY, "connection pool full (" + proxy.maxConnectionsPerBackend() + " connections, "
                  + BackendClients.MAX_WAIT_QUEUE + " waiting)")
              : new AttemptFailure(Attempt.Outcome.UNREACHABLE, describe(c)));
          return;
        }
        HttpClientRequest r = ar.result();
        if (finished) {
          Protocols.resetQuietly(r);
          result.fail(new AttemptFailure(Attempt.Outcome.SKIPPED, "abandoned"));
          return;
        }
        inFlight = r;
        // Failures reach the result future; without a handler Vert.x would log a reset at ERROR.
        r.exceptionHandler(e -> LOG.debug("{} {}: backend {} request: {}", ex.method, ex.path, backend.name(), describe(e)));
        r.authority(target.authority());
        Hop.toBackend(ex.req.headers(), r.headers(), ex.clientAddress(), ex.req.scheme() == null ? "http" : ex.req.scheme(),
            ex.req.authority() == null ? null : ex.req.authority().toString());
        if (ex.webSocket) {
          WebSocketTunnel.toBackend(ex.req.headers(), r.headers());
        }
        Protocols.toBackend(ex.req.headers(), r.headers(), backend);
        r.headers().set(RequestIds.HEADER, ex.seen.requestId());
        Timer timer = vertx.timer(timeoutMs, TimeUnit.MILLISECONDS);
        timer.onSuccess(v -> {
          if (result.tryFail(new AttemptFailure(Attempt.Outcome.TIMEOUT, "no response head within " + timeoutMs + " ms"))) {
            r.reset();
          }
        });
        sendBody(r).onComplete(rr -> {
          timer.cancel();
          if (rr.succeeded()) {
            if (!result.tryComplete(rr.result())) {
              r.reset();
            }
          } else {
            result.tryFail(new AttemptFailure(Attempt.Outcome.FAILED, describe(rr.cause())));
          }
        });
      });
      return result.future();
    }

    private Future<HttpClientResponse> sendBody(HttpClientRequest r) {
      if (ex.webSocket) {
        return WebSocketTunnel.connect(r);
      }
      Body body = ex.body;
      if (body instanceof Body.Buffered b) {
        r.putHeader(HttpHeaders.CONTENT_LENGTH, Integer.toString(b.bytes().length()));
        return r.send(b.bytes());
      }
      if (body instanceof Body.Unread u) {
        ex.bodySent = true;
        if (u.contentLength() >= 0) {
          r.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(u.contentLength()));
        } else {
          r.setChunked(true);
        }
        if (ex.expectContinue) {
          ex.req.response().writeContinue();
        }
        // Not r.send(ex.req): its pipe ends the request when the client's body breaks, which would
        // hand the backend a truncated body as complete. A broken body resets the backend request.
        Future<HttpClientResponse> response = r.response();
        ex.req.pipe().endOnFailure(false).to(r).onFailure(e -> Protocols.resetQuietly(r));
        return response;
      }
      if (body instanceof Body.OverLimit o) {
        ex.bodySent = true;
        if (o.contentLength() >= 0) {
          r.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(o.contentLength()));
        } else {
          r.setChunked(true);
        }
        Future<HttpClientResponse> response = r.response();
        if (ex.expectContinue && o.prefix().length() == 0) {
          ex.req.response().writeContinue();
        }
        r.write(o.prefix());
        ex.req.pipe().endOnFailure(false).to(r).onFailure(e -> Protocols.resetQuietly(r));
        return response;
      }
      if ("0".equals(ex.req.getHeader(HttpHeaders.CONTENT_LENGTH))) {
        r.putHeader(HttpHeaders.CONTENT_LENGTH, "0");
      }
      return r.send();
    }
  }

  /**
   * Streams a backend response to the client, with backpressure; aborts the client side if it breaks.
   * The future completes (never fails) once the response is relayed to the end or given up.
   */
  private Future<Void> relay(Exchange ex, HttpClientResponse resp, String decision) {
    HttpServerResponse out = ex.req.response();
    if (out.closed()) {
      resp.request().reset();
      return Future.succeededFuture();
    }
    if (ex.webSocket && resp.statusCode() == 101) {
      WebSocketTunnel.open(tunnels, ex, resp, decisionHeader ? decision : null, proxy.idleTimeout().toMillis());
      return Future.succeededFuture();
    }
    int status = resp.statusCode();
    out.setStatusCode(status);
    if (resp.statusMessage() != null) {
      out.setStatusMessage(resp.statusMessage());
    }
    Hop.toClient(resp.headers(), out.headers());
    if (decisionHeader) {
      out.putHeader(DECISION_HEADER, decision);
    }
    String length = resp.getHeader(HttpHeaders.CONTENT_LENGTH);
    boolean noBody = ex.method.equals("HEAD") || status == 204 || status == 304 || status < 200;
    if (length != null && status != 204) {
      out.putHeader("Content-Length", length);
    } else if (!noBody) {
      out.setChunked(true);
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} -> {} ({})", ex.method, ex.path, status, decision);
    }
    // The client went away (connection closed, or its HTTP/2 stream reset): reset the backend side too.
    out.closeHandler(v -> Protocols.resetQuietly(resp.request()));
    // A declared length ends the client response with the last chunk; not for HTTP/2 backends,
    // whose trailers may follow the body.
    boolean lengthEnds = !noBody && length != null && resp.version() != HttpVersion.HTTP_2;
    return Relay.start(ex, resp, out, decision, lengthEnds ? declaredLength(length) : -1);
  }

  /** A {@code Content-Length} value as a number; -1 when it is not one plain non-negative integer. */
  private static long declaredLength(String value) {
    try {
      long n = Long.parseLong(value.trim());
      return n >= 0 ? n : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static void discard(HttpClientResponse resp) {
    String length = resp.getHeader(HttpHeaders.CONTENT_LENGTH);
    long n;
    try {
      n = length == null ? Long.MAX_VALUE : Long.parseLong(length);
    } catch (NumberFormatException e) {
      n = Long.MAX_VALUE;
    }
    if (n <= DRAIN_LIMIT) {
      resp.exceptionHandler(e -> {});
      resp.handler(b -> {});
      resp.resume();
    } else {
      resp.request().reset();
    }
  }

  /** A short, stable description of a network failure: no stack, no native call names. */
  static String describe(Throwable t) {
    String m = t.getMessage();
    if (m == null || m.isBlank()) {
      return t.getClass().getSimpleName();
    }
    // Netty's native transport prefixes the errno text with the failing call: keep the text.
    int errno = m.indexOf("failed with error(");
    if (errno >= 0) {
      int colon = m.indexOf("): ", errno);
      if (colon > 0) {
        m = m.substring(colon + 3);
      }
    }
    return m;
  }
}
