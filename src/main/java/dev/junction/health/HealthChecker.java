package dev.junction.health;

import static java.util.Objects.requireNonNull;

import dev.junction.config.BackendConfig;
import dev.junction.config.HealthCheckConfig;
import dev.junction.http1.PeerFailures;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks: for each backend with a {@link HealthCheckConfig}, a periodic timer sends
 * {@code GET <url path><health path>} and reports the outcome to {@link BackendStates#checked}. The
 * first check runs right after {@link #start}. A check still running when the next is due is not
 * doubled: that tick is skipped. A config reload {@link #update updates} the checks: new backends
 * and changed checks start at once, removed ones stop. Non-blocking (Vert.x client and timers
 * only); thread-safe.
 */
public final class HealthChecker {
  private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);

  private final Vertx vertx;
  private final BackendStates states;
  private final HttpClientAgent client;
  /** The running checks by backend name: the backend as configured when its check started, and its timer. */
  private final Map<String, Scheduled> scheduled = new HashMap<>();
  private volatile boolean closed;

  private record Scheduled(BackendConfig backend, long timer) {}

  private HealthChecker(Vertx vertx, BackendStates states) {
    this.vertx = vertx;
    this.states = states;
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setName("junction-health")
        .setKeepAlive(true)
        .setDecompressionSupported(false)
        .setVerifyHost(true)
        .setTrustAll(false), new PoolOptions().setHttp1MaxSize(2).setMaxWaitQueueSize(16));
  }

  /**
   * Starts checking every backend in {@code backends} that has a health check; none configured
   * starts nothing but still returns a checker to {@link #close}.
   */
  public static HealthChecker start(Vertx vertx, List<BackendConfig> backends, BackendStates states) {
    requireNonNull(vertx, "vertx");
    requireNonNull(backends, "backends");
    requireNonNull(states, "states");
    HealthChecker checker = new HealthChecker(vertx, states);
    checker.update(backends);
    return checker;
  }

  /**
   * Makes the running checks those of {@code backends}: a backend with a check that has none running
   * (new, or its check was just added) starts one; a backend whose URL or check changed restarts its
   * check with the new settings; a backend removed, or whose check was removed, stops. Unchanged
   * backends keep their timers and their last result.
   */
  public void update(List<BackendConfig> backends) {
    requireNonNull(backends, "backends");
    synchronized (scheduled) {
      if (closed) {
        return;
      }
      Map<String, BackendConfig> wanted = new HashMap<>();
      for (BackendConfig b : backends) {
        if (b.health() != null) {
          wanted.put(b.name(), b);
        }
      }
      for (Iterator<Map.Entry<String, Scheduled>> it = scheduled.entrySet().iterator(); it.hasNext(); ) {
        Map.Entry<String, Scheduled> e = it.next();
        BackendConfig now = wanted.get(e.getKey());
        if (now == null || !sameCheck(now, e.getValue().backend())) {
          vertx.cancelTimer(e.getValue().timer());
          it.remove();
          LOG.info("health check of backend {} stopped{}", e.getKey(), now == null ? "" : ": its settings changed");
        }
      }
      for (BackendConfig b : wanted.values()) {
        if (!scheduled.containsKey(b.name())) {
          HealthCheckConfig health = requireNonNull(b.health());
          AtomicBoolean running = new AtomicBoolean();
          long timer = vertx.setPeriodic(1, health.interval().toMillis(), id -> tick(b, health, running, id));
          scheduled.put(b.name(), new Scheduled(b, timer));
          LOG.info("health check of backend {}: GET {}{} every {}", b.name(), b.pathPrefix(), health.path(),
              health.interval());
        }
      }
    }
  }

  private boolean current(String backend, long timer) {
    synchronized (scheduled) {
      Scheduled s = scheduled.get(backend);
      return !closed && s != null && s.timer() == timer;
    }
  }

  private static boolean sameCheck(BackendConfig a, BackendConfig b) {
    return a.url().equals(b.url()) && Objects.equals(a.health(), b.health());
  }

  private void tick(BackendConfig b, HealthCheckConfig health, AtomicBoolean running, long timer) {
    if (closed || !running.compareAndSet(false, true)) {
      return;
    }
    check(b, health).onComplete(ar -> {
      running.set(false);
      if (current(b.name(), timer)) { // not stopped or replaced by a reload meanwhile
        BackendStates.Check c = ar.result();
        if (!c.passed()) {
          LOG.debug("health check of backend {} failed: {}", b.name(), c.detail());
        }
        states.checked(b.name(), c);
      }
    });
  }

  /** One check; the future always succeeds, with the outcome. */
  private Future<BackendStates.Check> check(BackendConfig b, HealthCheckConfig health) {
    long timeoutMs = health.timeout().toMillis();
    Promise<BackendStates.Check> result = Promise.promise();
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(b.url().getHost())
        .setPort(b.port())
        .setSsl(b.tls())
        .setURI(b.pathPrefix() + health.path())
        .setConnectTimeout(timeoutMs)
        .setIdleTimeout(timeoutMs);
    long timer = vertx.setTimer(timeoutMs, t -> result.tryComplete(failed("no response within " + timeoutMs + " ms")));
    client.request(options)
        .compose(req -> {
          result.future().onComplete(x -> {
            if (!x.result().passed() && !req.response().isComplete()) {
              req.reset();
            }
          });
          return req.send();
        })
        .onComplete(ar -> {
          vertx.cancelTimer(timer);
          if (ar.failed()) {
            result.tryComplete(failed(PeerFailures.describe(ar.cause())));
            return;
          }
          HttpClientResponse resp = ar.result();
          resp.handler(chunk -> { });
          resp.exceptionHandler(e -> LOG.debug("health check of backend {}: {}", b.name(), PeerFailures.describe(e)));
          int status = resp.statusCode();
          boolean passed = health.healthyStatuses().contains(status);
          result.tryComplete(new BackendStates.Check(Instant.now(), passed,
              "HTTP " + status + (passed ? "" : " (expected: " + health.healthyStatuses() + ")")));
        });
    return result.future();
  }

  private static BackendStates.Check failed(String why) {
    return new BackendStates.Check(Instant.now(), false, why);
  }

  /** Stops every timer and closes the client; checks in flight are dropped unrecorded. */
  public Future<Void> close() {
    synchronized (scheduled) {
      closed = true;
      scheduled.values().forEach(x -> vertx.cancelTimer(x.timer()));
      scheduled.clear();
    }
    return client.close();
  }
}
