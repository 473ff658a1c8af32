package dev.junction.proxy;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open {@link WebSocketTunnel}s of one event loop, so that a graceful shutdown can wait for
 * them and cut the rest at its deadline: an open tunnel never holds a shutdown forever.
 *
 * <p>Threading: {@link #add}, {@link #remove} and {@link #size} run on the loop; {@link #shutdown}
 * may be called from any thread and hops onto the loop.
 */
final class Tunnels {
  private static final Logger LOG = LoggerFactory.getLogger(Tunnels.class);

  private final EventLoop loop;
  private final Set<WebSocketTunnel> open = new LinkedHashSet<>();
  private @Nullable Promise<Void> drained;
  private boolean cut;

  Tunnels(EventLoop loop) {
    this.loop = loop;
  }

  void add(WebSocketTunnel t) {
    open.add(t);
    if (cut) {
      // opened after the shutdown deadline (the head was already on its way): close at once
      t.close();
    }
  }

  void remove(WebSocketTunnel t) {
    open.remove(t);
    Promise<Void> d = drained;
    if (open.isEmpty() && d != null) {
      d.trySuccess(null);
    }
  }

  int size() {
    return open.size();
  }

  /**
   * Completes once every open tunnel has closed by itself, or after {@code grace}, when the
   * remaining ones are closed (both sides) and logged at DEBUG.
   */
  Future<Void> shutdown(Duration grace) {
    Promise<Void> done = loop.newPromise();
    loop.execute(() -> {
      if (open.isEmpty()) {
        cut = true;
        done.trySuccess(null);
        return;
      }
      LOG.debug("shutdown: {} WebSocket tunnel(s) open on this event loop; cut in {} ms unless they close first",
          open.size(), grace.toMillis());
      drained = done;
      loop.schedule(() -> {
        cut = true;
        if (!open.isEmpty()) {
          LOG.debug("shutdown: grace period over, cutting {} WebSocket tunnel(s)", open.size());
          List.copyOf(open).forEach(WebSocketTunnel::close);
        }
        done.trySuccess(null);
      }, Math.max(1, grace.toMillis()), TimeUnit.MILLISECONDS);
    });
    return done;
  }
}
