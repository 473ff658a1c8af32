package dev.junction.proxy;

import dev.junction.routing.RoutingDecision;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What is learned about one request while it is served, reported once to the {@link ExchangeObserver}
 * when it is over. Created first thing for every data-plane request; the listener and the forwarder
 * fill it in ({@link #path}, {@link #decided}, {@link #relayed}, {@link #attempts}).
 *
 * <p>It hooks the response: just before the head is written it stamps the time and sets
 * {@code X-Request-Id} (so relayed answers, problem bodies and local endpoints all carry it), and
 * its end handler reports. Vert.x calls that end handler once: when the response ends, or when the
 * connection closes before it did. Nothing else may set the response's {@code headersEndHandler} or
 * {@code endHandler}. Confined to the request's event loop.
 */
final class Observation {
  private final HttpServerRequest req;
  private final ExchangeObserver observer;
  private final String requestId;
  private final long startMillis = System.currentTimeMillis();
  private final long startNanos = System.nanoTime();
  private long headNanos = -1;
  private @Nullable String path;
  private @Nullable String alias;
  private CompletedExchange.Source source = CompletedExchange.Source.REJECTED;
  private @Nullable String rule;
  private @Nullable String backend;
  private List<Attempt> attempts = List.of();
  private boolean reported;
  /** A WebSocket tunnel took the connection over after a 101: the response never ends by itself. */
  private boolean tunnel;

  private Observation(HttpServerRequest req, ExchangeObserver observer) {
    this.req = req;
    this.observer = observer;
    this.requestId = RequestIds.of(req.getHeader(RequestIds.HEADER));
  }

  /** Starts observing {@code req}: call before anything is written to its response. */
  static Observation start(HttpServerRequest req, ExchangeObserver observer) {
    Observation o = new Observation(req, observer);
    HttpServerResponse out = req.response();
    out.headersEndHandler(v -> o.head(out));
    out.endHandler(v -> o.end(out));
    observer.started();
    return o;
  }

  String requestId() {
    return requestId;
  }

  /** The canonical primary path and the alias used, once resolved. */
  void path(String primary, @Nullable String alias) {
    this.path = primary;
    this.alias = alias;
  }

  /** The router's decision, as the forwarder starts carrying it out. */
  void decided(RoutingDecision d) {
    if (d instanceof RoutingDecision.Forward f) {
      decided(CompletedExchange.Source.RULE, f.ruleId());
    } else if (d instanceof RoutingDecision.Discover || d instanceof RoutingDecision.Cached) {
      decided(CompletedExchange.Source.DISCOVERY, null);
    } else if (d instanceof RoutingDecision.Reject) {
      decided(CompletedExchange.Source.REJECTED, null);
    } else {
      decided(CompletedExchange.Source.ERROR, null);
    }
  }

  void decided(CompletedExchange.Source source, @Nullable String rule) {
    this.source = source;
    this.rule = rule;
  }

  /** The response of {@code backend} goes to the client; {@code cacheHit}: it was the remembered one. */
  void relayed(String backend, boolean cacheHit) {
    this.backend = backend;
    if (cacheHit) {
      this.source = CompletedExchange.Source.CACHE;
    }
  }

  /** The forwarder's live list of attempts, read when the request is over. */
  void attempts(List<Attempt> attempts) {
    this.attempts = attempts;
  }

  /** The client connection became a WebSocket tunnel (its 101 is written): the head time is now. */
  void tunnelOpened() {
    tunnel = true;
    headNanos = System.nanoTime() - startNanos;
  }

  /** The tunnel closed: the request is over, reported like any other (status 101, ended). */
  void tunnelClosed() {
    end(req.response());
  }

  private void head(HttpServerResponse out) {
    headNanos = System.nanoTime() - startNanos;
    out.headers().set(RequestIds.HEADER, requestId);
  }

  private void end(HttpServerResponse out) {
    if (reported) {
      return;
    }
    reported = true;
    long total = System.nanoTime() - startNanos;
    var address = req.remoteAddress();
    String p = path != null ? path : rawPath();
    CompletedExchange done = new CompletedExchange(Instant.ofEpochMilli(startMillis), requestId,
        address == null ? "unknown" : address.hostAddress(), req.method().name(), p, alias, source, rule, backend,
        tunnel ? 101 : headNanos >= 0 ? out.getStatusCode() : 0, req.bytesRead(), out.bytesWritten(), headNanos, total,
        attempts, tunnel || out.ended());
    try {
      observer.completed(done);
    } catch (RuntimeException e) {
      ExchangeObserver.Failures.LOG.warn("exchange observer failed: {}", e.toString());
    }
  }

  /** The request target without its query, for requests refused before their path was resolved. */
  private String rawPath() {
    String uri = req.uri();
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }
}
