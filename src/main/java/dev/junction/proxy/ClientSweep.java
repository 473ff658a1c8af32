package dev.junction.proxy;

import dev.junction.config.ClientTimeouts;
import io.netty.channel.EventLoop;

/**
 * One event loop's client-side timeouts ({@link ClientTimeouts}: a request head, a request body,
 * idle between requests), checked by one periodic sweep over what the loop watches (its HTTP/1.x
 * connections, HTTP/2 streams reading a body, connections on a listener with HTTP/2 on) instead of a
 * timer per connection or request. What a request costs on its hot path is a counter and a flag on
 * its connection; each sweep works out from them what the connection waits for and starts that
 * wait's clock when it first sees it ({@link RequestClock}, {@link ConnectionWatch}).
 *
 * <p>Granularity: a clock starts at most one {@link #periodMs period} after what it times, and a
 * sweep notices its end at most one period late, so a timeout fires never early and at most two
 * periods late. The period is a quarter of the shortest timeout, between {@link #MIN_PERIOD_MS} and
 * {@link #MAX_PERIOD_MS}: with the defaults (10 s, 60 s, 60 s) one sweep a second, at most 2 s late.
 *
 * <p>Sweeps run while anything is watched. Confined to the loop.
 */
final class ClientSweep extends LoopSweep<ClientSweep.Watched> {
  static final long MIN_PERIOD_MS = 20;
  static final long MAX_PERIOD_MS = 1000;

  /** Something the sweep looks at: linked into the loop's list while watched. */
  abstract static class Watched extends LoopSweep.Node {
    /** One sweep's look at {@code now} ({@link System#nanoTime}): start a clock, or act on one that ran out. */
    abstract void check(long now);
  }

  final ClientTimeouts limits;
  final long headNanos;
  final long bodyNanos;
  final long idleNanos;
  final long periodMs;
  private final ExchangeObserver observer;

  /** @param observer told each time a limit fires ({@link ExchangeObserver#clientTimedOut}) */
  ClientSweep(EventLoop loop, ClientTimeouts limits, ExchangeObserver observer) {
    this(loop, limits, observer, Math.max(MIN_PERIOD_MS, Math.min(MAX_PERIOD_MS, limits.shortest().toMillis() / 4)));
  }

  private ClientSweep(EventLoop loop, ClientTimeouts limits, ExchangeObserver observer, long periodMs) {
    super(loop, periodMs);
    this.limits = limits;
    this.observer = observer;
    this.headNanos = limits.requestHead().toNanos();
    this.bodyNanos = limits.requestBody().toNanos();
    this.idleNanos = limits.clientIdle().toNanos();
    this.periodMs = periodMs;
  }

  /** Links {@code w}; nothing happens when it already is. */
  void watch(Watched w) {
    link(w, periodMs);
  }

  /** Takes {@code w} out; nothing happens when it is not linked. */
  void unwatch(Watched w) {
    unlink(w);
  }

  /** A limit fired: counted by whoever observes the loop (metrics). */
  void fired(ExchangeObserver.ClientTimeout which) {
    observer.clientTimedOut(which);
  }

  @Override
  void visit(Watched w, long now) {
    w.check(now);
  }
}
