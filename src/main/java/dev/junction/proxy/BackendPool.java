package dev.junction.proxy;

import dev.junction.config.BackendConfig;
import dev.junction.http1.PeerFailures;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One event loop's keep-alive HTTP/1.1 connections to one backend: at most {@code max} open, at most
 * {@code maxWaiting} attempts queued for one beyond that (then {@link AttemptResult.Outcome#BUSY} at
 * once). The most recently used idle connection is taken first, so that a quiet period lets the
 * others time out. Confined to its event loop.
 */
final class BackendPool implements BackendConnection.Owner, Pools.Pool {
  private final BackendConfig backend;
  private final Bootstrap bootstrap;
  private final InetSocketAddress address;
  private final String authority;
  private final int max;
  private final int maxWaiting;
  private final ArrayDeque<BackendConnection> idle = new ArrayDeque<>();
  private final ArrayDeque<ConnectionListener> waiting = new ArrayDeque<>();
  private int open;
  private boolean closed;

  /**
   * @param pipeline builds a new connection's pipeline (TLS, codec, a {@link BackendConnection} owned
   *     by the given owner)
   */
  BackendPool(BackendConfig backend, Bootstrap template,
      java.util.function.Function<BackendConnection.Owner, java.util.function.Consumer<Channel>> pipeline, int max,
      int maxWaiting) {
    this.backend = backend;
    java.util.function.Consumer<Channel> init = pipeline.apply(this);
    this.bootstrap = template.clone().handler(new io.netty.channel.ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        init.accept(ch);
      }
    });
    this.address = InetSocketAddress.createUnresolved(backend.url().getHost(), backend.port());
    this.authority = Protocols.authority(backend);
    this.max = max;
    this.maxWaiting = maxWaiting;
  }

  @Override
  public BackendConfig backend() {
    return backend;
  }

  @Override
  public String authority() {
    return authority;
  }

  @Override
  public void acquire(ConnectionListener listener) {
    if (closed) {
      listener.unavailable(AttemptResult.Outcome.UNREACHABLE, "Junction is shutting down");
      return;
    }
    BackendConnection c;
    while ((c = idle.pollLast()) != null) {
      if (c.active()) {
        c.bind(listener);
        listener.connected(c);
        return;
      }
    }
    if (open < max) {
      open++;
      connect(listener);
      return;
    }
    if (waiting.size() < maxWaiting) {
      waiting.add(listener);
      return;
    }
    listener.unavailable(AttemptResult.Outcome.BUSY, "connection pool full (" + max + " connections, " + maxWaiting + " waiting)");
  }

  @Override
  public void cancel(ConnectionListener listener) {
    waiting.remove(listener);
  }

  private void connect(ConnectionListener listener) {
    ChannelFuture f = bootstrap.connect(address);
    f.addListener(done -> {
      if (!done.isSuccess()) {
        open--;
        listener.unavailable(AttemptResult.Outcome.UNREACHABLE, PeerFailures.describe(done.cause()));
        return;
      }
      Channel ch = f.channel();
      SslHandler ssl = ch.pipeline().get(SslHandler.class);
      if (ssl == null) {
        ready(ch, listener);
        return;
      }
      ssl.handshakeFuture().addListener(hs -> {
        if (hs.isSuccess()) {
          ready(ch, listener);
        } else {
          ch.close(); // gone() takes it off the count
          listener.unavailable(AttemptResult.Outcome.UNREACHABLE, "TLS: " + PeerFailures.describe(hs.cause()));
        }
      });
    });
  }

  private void ready(Channel ch, ConnectionListener listener) {
    BackendConnection c = ch.pipeline().get(BackendConnection.class);
    if (c == null || !ch.isActive()) {
      listener.unavailable(AttemptResult.Outcome.UNREACHABLE, "the backend closed the connection at once");
      return;
    }
    c.bind(listener);
    listener.connected(c);
  }

  @Override
  public void release(BackendConnection c) {
    if (closed) {
      c.channel().close();
      return;
    }
    ConnectionListener next = waiting.poll();
    if (next != null) {
      c.bind(next);
      next.connected(c);
      return;
    }
    idle.addLast(c);
  }

  @Override
  public void gone(BackendConnection c) {
    open--;
    idle.remove(c);
    ConnectionListener next;
    if (!closed && open < max && (next = waiting.poll()) != null) {
      open++;
      connect(next);
    }
  }

  @Override
  public int open() {
    return open;
  }

  @Override
  public int idle() {
    return idle.size();
  }

  @Override
  public int waiting() {
    return waiting.size();
  }

  @Override
  public void close() {
    closed = true;
    List<BackendConnection> all = new ArrayList<>(idle);
    idle.clear();
    all.forEach(c -> c.channel().close());
    List<ConnectionListener> queued = new ArrayList<>(waiting);
    waiting.clear();
    queued.forEach(listener -> listener.unavailable(AttemptResult.Outcome.UNREACHABLE, "Junction is shutting down"));
  }
}
