package dev.junction.proxy;

import dev.junction.config.BackendConfig;
import dev.junction.routing.RoutingDecision;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpVersion;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What is learned about one request while it is served, reported once to the {@link ExchangeObserver}
 * when it is over. Created with the {@link Exchange}; the intake and the forwarder fill it in
 * ({@link #path}, {@link #decided}, {@link #relayed}, {@link #attempts}); the exchange calls {@link
 * #head} as the answer's head is written (it stamps the time and sets {@code X-Request-Id}, so relayed
 * answers, problem bodies and local endpoints all carry it) and {@link #end} when the answer ended or
 * broke, or the client went away. Confined to the request's event loop.
 */
final class Observation {
  /** Netty has no constant for it; only used to tell HTTP/2 exchanges apart. */
  static final HttpVersion HTTP_2 = HttpVersion.valueOf("HTTP/2.0");

  private final Exchange ex;
  private final ExchangeObserver observer;
  private final String requestId;
  private final long startMillis = System.currentTimeMillis();
  private long headNanos = -1;
  private long firstByteNanos = -1;
  private @Nullable String path;
  private @Nullable String alias;
  private CompletedExchange.Source source = CompletedExchange.Source.REJECTED;
  private @Nullable String rule;
  private @Nullable String backend;
  private List<AttemptResult> attempts = List.of();
  private boolean reported;
  /** A WebSocket tunnel took the connection over after a 101: the answer never ends by itself. */
  private boolean tunnel;
  /** The bytes a tunnel carried after its 101: from the client, to the client. */
  private long tunnelIn;
  private long tunnelOut;
  private CompletedExchange.@Nullable Abort abort;
  /** The request's trace, {@code null} when it is not traced (tracing off: always). */
  private final @Nullable ExchangeTrace trace;
  /** Backend attempts made so far (candidates passed over are not counted). */
  private int attemptsMade;

  private Observation(Exchange ex, ExchangeObserver observer) {
    this.ex = ex;
    this.observer = observer;
    this.requestId = RequestIds.of(ex.headers.get(RequestIds.HEADER));
    observer.started();
    this.trace = observer.traces() ? begin(ex, observer) : null;
  }

  /** The request's trace; {@code null}, with a warning, should tracing fail: the request goes on untraced. */
  private static @Nullable ExchangeTrace begin(Exchange ex, ExchangeObserver observer) {
    try {
      return observer.trace(ex.headers, ex.method, ex.conn.scheme, protocolVersion(ex.version()), ex.clientAddress());
    } catch (RuntimeException e) {
      ExchangeObserver.Failures.LOG.warn("trace failed: {}", e.toString());
      return null;
    }
  }

  /** Starts observing {@code ex}: call before anything is written to its answer. */
  static Observation start(Exchange ex, ExchangeObserver observer) {
    return new Observation(ex, observer);
  }

  /** The version as OpenTelemetry's {@code network.protocol.version} has it: 1.0, 1.1, 2. */
  private static String protocolVersion(HttpVersion v) {
    return v == HTTP_2 ? "2" : v.majorVersion() + "." + v.minorVersion();
  }

  /** A backend attempt begins: its part of the trace, {@code null} when the request is not traced. */
  ExchangeTrace.@Nullable AttemptTrace attempt(BackendConfig backend) {
    attemptsMade++;
    ExchangeTrace t = trace;
    return t == null ? null
        : t.attempt(backend, attemptsMade, ex.method, backend.pathPrefix().isEmpty() ? ex.target : backend.pathPrefix() + ex.target);
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
    } else if (d instanceof RoutingDecision.Catalog) {
      decided(CompletedExchange.Source.CATALOG, null);
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

  /** The answer of {@code backend} goes to the client; {@code cacheHit}: it was the remembered one. */
  void relayed(String backend, boolean cacheHit) {
    this.backend = backend;
    if (cacheHit) {
      this.source = CompletedExchange.Source.CACHE;
    }
  }

  /** The forwarder's live list of attempts, read when the request is over. */
  void attempts(List<AttemptResult> attempts) {
    this.attempts = attempts;
  }

  /** The client connection became a WebSocket tunnel (its 101 is written). */
  void tunnelOpened() {
    tunnel = true;
  }

  /** The tunnel is closing, having carried these bytes after the 101, raw as on the wire. */
  void tunnelled(long fromClient, long toClient) {
    tunnelIn = fromClient;
    tunnelOut = toClient;
  }

  /** Why the answer is being cut short; the first reason given stands. */
  void aborted(CompletedExchange.Abort why) {
    if (abort == null) {
      abort = why;
    }
  }

  /** The answer's head is being written: the head time is now, and it carries the request id. */
  void head(HttpHeaders headers) {
    headNanos = System.nanoTime() - ex.startNanos;
    headers.set(RequestIds.HEADER, requestId);
  }

  /** The first byte of the answer's body is being written: the first-byte time is now. Called once. */
  void firstByte() {
    firstByteNanos = System.nanoTime() - ex.startNanos;
  }

  /** The request is over: {@code ended} true when the answer ended normally (a tunnel: closed). */
  void end(boolean ended) {
    if (reported) {
      return;
    }
    reported = true;
    long total = System.nanoTime() - ex.startNanos;
    String p = path != null ? path : rawPath();
    CompletedExchange done = new CompletedExchange(Instant.ofEpochMilli(startMillis), requestId, ex.clientAddress(),
        ex.method, p, alias, source, rule, backend, tunnel ? 101 : headNanos >= 0 ? ex.status() : 0,
        ex.inbound.bytesRead() + tunnelIn, ex.bytesOut() + tunnelOut, headNanos, firstByteNanos, total, attempts,
        tunnel || ended, abort, trace == null ? null : trace.traceId());
    if (trace != null) {
      try {
        trace.end(done);
      } catch (RuntimeException e) {
        ExchangeObserver.Failures.LOG.warn("trace failed: {}", e.toString());
      }
    }
    try {
      observer.completed(done);
    } catch (RuntimeException e) {
      ExchangeObserver.Failures.LOG.warn("exchange observer failed: {}", e.toString());
    }
  }

  /** The request target without its query, for requests refused before their path was resolved. */
  private String rawPath() {
    String uri = ex.req.uri();
    int q = uri.indexOf('?');
    return q < 0 ? uri : uri.substring(0, q);
  }
}
