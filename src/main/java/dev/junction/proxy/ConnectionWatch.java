package dev.junction.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2Connection;
import io.netty.handler.codec.http2.Http2FrameCodec;

/**
 * The timeouts of a connection on a listener with HTTP/2 on, for the time it has no HTTP/1.x
 * {@link ClientConnection} of its own to time it: while TLS and ALPN are still deciding, and once it
 * speaks HTTP/2. Until its first request head (TLS handshake and HTTP/2 preface included), it is
 * closed at {@code request_head_timeout} from the accept; an HTTP/2 connection with no open stream
 * for {@code client_idle_timeout} gets a GOAWAY and is closed. A stream reading a body is timed by
 * its own {@link RequestClock}.
 *
 * <p>Idle is seen, not told: a look that finds no open stream and no stream created since the last
 * look starts the idle clock, so the streams' hot path does nothing for it. Confined to the loop.
 */
final class ConnectionWatch extends ClientSweep.Watched {
  private final Channel ch;
  private final ClientSweep sweep;
  private final long accepted;
  private int lastStream;
  private boolean idle;
  private long idleSince;

  ConnectionWatch(Channel ch, ClientSweep sweep, long accepted) {
    this.ch = ch;
    this.sweep = sweep;
    this.accepted = accepted;
  }

  @Override
  void check(long now) {
    if (!ch.isOpen()) {
      sweep.unwatch(this);
      return;
    }
    ChannelPipeline p = ch.pipeline();
    Http2FrameCodec h2 = p.get(Http2FrameCodec.class);
    if (h2 == null) {
      if (p.get(ClientConnection.class) == null && now - accepted >= sweep.headNanos) {
        sweep.fired(ExchangeObserver.ClientTimeout.REQUEST_HEAD);
        ch.close(); // TLS or ALPN never finished
        sweep.unwatch(this); // told once
      }
      return; // otherwise HTTP/1.x (or h2c not decided yet): the ClientConnection keeps the time
    }
    Http2Connection c = h2.connection();
    int last = c.remote().lastStreamCreated();
    if (last == 0) {
      if (now - accepted >= sweep.headNanos) {
        sweep.fired(ExchangeObserver.ClientTimeout.REQUEST_HEAD);
        ch.close(); // no request head yet
        sweep.unwatch(this);
      }
      return;
    }
    if (c.numActiveStreams() > 0 || last != lastStream) {
      lastStream = last;
      idle = false;
    } else if (!idle) {
      idle = true;
      idleSince = now;
    } else if (now - idleSince >= sweep.idleNanos) {
      sweep.fired(ExchangeObserver.ClientTimeout.CLIENT_IDLE);
      ch.close(); // the HTTP/2 handler sends GOAWAY first
      sweep.unwatch(this);
    }
  }
}
