package dev.junction.proxy;

import dev.junction.config.BackendConfig;
import dev.junction.http1.PeerFailures;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http2.Http2GoAwayFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One event loop's HTTP/2 connections to one backend (h2c by prior knowledge, or h2 negotiated by
 * ALPN): each carries up to {@code perConnection} concurrent streams, over at most {@code
 * maxConnections} connections; past that, attempts wait (at most {@code maxWaiting}, then {@link
 * AttemptResult.Outcome#BUSY}). Every request is one stream, reset when its exchange ends uncleanly.
 * A connection the backend sends GOAWAY on takes no new streams. Confined to its event loop.
 */
final class H2Pool implements Pools.Pool {
  /** One connection and its streams. */
  private final class Parent implements BackendConnection.Owner {
    private Channel channel;
    private int streams;
    private boolean ready;
    private boolean draining;
    private final ArrayDeque<ConnectionListener> pending = new ArrayDeque<>();

    boolean usable() {
      return ready && !draining && channel.isActive() && streams < perConnection;
    }

    @Override
    public void release(BackendConnection c) {
      c.channel().close(); // a stream is never reused
    }

    @Override
    public void gone(BackendConnection c) {
      streams--;
      serveWaiting();
    }
  }

  private final BackendConfig backend;
  private final String authority;
  private final InetSocketAddress address;
  private final Bootstrap bootstrap;
  private final int perConnection;
  private final int maxConnections;
  private final int maxWaiting;
  private final long idleTimeoutMs;
  private final List<Parent> parents = new ArrayList<>();
  private final ArrayDeque<ConnectionListener> waiting = new ArrayDeque<>();
  private boolean closed;

  /**
   * @param maxConcurrent this loop's share of {@code max_connections_per_backend}: concurrent streams,
   *     over {@code ceil(maxConcurrent / 100)} connections
   * @param parentPipeline adds the TLS handler (if any) and the HTTP/2 frame codec to a new connection
   */
  H2Pool(BackendConfig backend, Bootstrap template, Consumer<Channel> parentPipeline, int maxConcurrent, int maxWaiting,
      long idleTimeoutMs) {
    this.backend = backend;
    this.authority = Protocols.authority(backend);
    this.address = InetSocketAddress.createUnresolved(backend.url().getHost(), backend.port());
    this.perConnection = Math.min(maxConcurrent, Protocols.STREAMS_PER_CONNECTION);
    this.maxConnections = (maxConcurrent + perConnection - 1) / perConnection;
    this.maxWaiting = maxWaiting;
    this.idleTimeoutMs = idleTimeoutMs;
    this.bootstrap = template.clone().handler(new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        parentPipeline.accept(ch);
      }
    });
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
    for (Parent p : parents) {
      if (p.usable()) {
        open(p, listener);
        return;
      }
    }
    for (Parent p : parents) {
      if (!p.ready && p.streams + p.pending.size() < perConnection) {
        p.pending.add(listener);
        return;
      }
    }
    if (parents.size() < maxConnections) {
      connect().pending.add(listener);
      return;
    }
    if (waiting.size() < maxWaiting) {
      waiting.add(listener);
      return;
    }
    listener.unavailable(AttemptResult.Outcome.BUSY, "HTTP/2 streams full (" + maxConnections + " connection(s) of " + perConnection
        + " streams, " + maxWaiting + " waiting)");
  }

  @Override
  public void cancel(ConnectionListener listener) {
    waiting.remove(listener);
    for (Parent p : parents) {
      p.pending.remove(listener);
    }
  }

  private Parent connect() {
    Parent p = new Parent();
    parents.add(p);
    bootstrap.connect(address).addListener(f -> {
      io.netty.channel.ChannelFuture cf = (io.netty.channel.ChannelFuture) f;
      if (!f.isSuccess()) {
        failed(p, PeerFailures.describe(f.cause()));
        return;
      }
      Channel ch = cf.channel();
      p.channel = ch;
      ch.pipeline().addLast("junctionGoAway", new ChannelInboundHandlerAdapter() {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
          if (msg instanceof Http2GoAwayFrame) {
            p.draining = true;
          }
          ReferenceCountUtil.release(msg);
        }
      });
      ch.closeFuture().addListener(x -> {
        parents.remove(p);
        p.ready = false;
        failPending(p, "the backend closed the HTTP/2 connection");
        serveWaiting();
      });
      SslHandler ssl = ch.pipeline().get(SslHandler.class);
      if (ssl == null) {
        ready(p);
        return;
      }
      ssl.handshakeFuture().addListener(hs -> {
        if (!hs.isSuccess()) {
          ch.close();
          failed(p, "TLS: " + PeerFailures.describe(hs.cause()));
        } else if (!ApplicationProtocolNames.HTTP_2.equals(ssl.applicationProtocol())) {
          ch.close();
          failed(p, "the backend did not agree to HTTP/2 over TLS (ALPN: " + ssl.applicationProtocol() + ")");
        } else {
          ready(p);
        }
      });
    });
    return p;
  }

  private void failed(Parent p, String why) {
    parents.remove(p);
    failPending(p, why);
  }

  private void failPending(Parent p, String why) {
    List<ConnectionListener> listeners = new ArrayList<>(p.pending);
    p.pending.clear();
    listeners.forEach(c -> c.unavailable(AttemptResult.Outcome.UNREACHABLE, why));
  }

  private void ready(Parent p) {
    p.ready = true;
    ConnectionListener c;
    while (p.usable() && (c = p.pending.poll()) != null) {
      open(p, c);
    }
    serveWaiting();
  }

  private void open(Parent p, ConnectionListener listener) {
    p.streams++;
    new Http2StreamChannelBootstrap(p.channel).handler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline().addLast("codec", new Http2StreamFrameToHttpObjectCodec(false));
        ch.pipeline().addLast("junction", new BackendConnection(p, true, idleTimeoutMs));
      }
    }).open().addListener(f -> {
      if (!f.isSuccess()) {
        p.streams--;
        listener.unavailable(AttemptResult.Outcome.UNREACHABLE, "HTTP/2 stream: " + PeerFailures.describe(f.cause()));
        return;
      }
      Http2StreamChannel s = (Http2StreamChannel) f.getNow();
      BackendConnection c = s.pipeline().get(BackendConnection.class);
      c.bind(listener);
      listener.connected(c);
    });
  }

  private void serveWaiting() {
    while (!closed && !waiting.isEmpty()) {
      Parent free = null;
      for (Parent p : parents) {
        if (p.usable()) {
          free = p;
          break;
        }
      }
      if (free != null) {
        open(free, waiting.poll());
      } else if (parents.size() < maxConnections) {
        connect().pending.add(waiting.poll());
      } else {
        return;
      }
    }
  }

  @Override
  public int open() {
    return parents.size();
  }

  @Override
  public int idle() {
    int n = 0;
    for (Parent p : parents) {
      if (p.ready && p.streams == 0) {
        n++;
      }
    }
    return n;
  }

  @Override
  public int waiting() {
    return waiting.size();
  }

  @Override
  public void close() {
    closed = true;
    for (Parent p : new ArrayList<>(parents)) {
      if (p.channel != null) {
        p.channel.close(); // Netty's HTTP/2 handler sends GOAWAY and lets open streams finish
      }
      failPending(p, "Junction is shutting down");
    }
    List<ConnectionListener> queued = new ArrayList<>(waiting);
    waiting.clear();
    queued.forEach(c -> c.unavailable(AttemptResult.Outcome.UNREACHABLE, "Junction is shutting down"));
  }
}
