package dev.junction.proxy;

import dev.junction.http1.Http1Codec;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Builds the pipeline of every accepted client connection, by listener setting:
 *
 * <ul>
 *   <li>cleartext, HTTP/2 off (the default): Junction's strict HTTP/1.x codec ({@link Http1Codec});
 *   <li>cleartext, HTTP/2 on: h2c by prior knowledge or by {@code Upgrade: h2c}, else HTTP/1.x through
 *       Netty's codec (Netty's upgrade handler needs it; it unfolds obs-fold instead of refusing it);
 *   <li>TLS: HTTP/2 or HTTP/1.1 as ALPN chose ({@code http/1.1} only with HTTP/2 off).
 * </ul>
 *
 * <p>Either way each request ends up as HTTP/1-style messages before a {@link ClientConnection}: one
 * per HTTP/1.x connection, one per HTTP/2 stream. With HTTP/2 on, a {@link ConnectionWatch} times
 * the connection while no HTTP/1.x ClientConnection does.
 */
final class ServerPipelines extends ChannelInitializer<Channel> {
  static final String HTTP_CODEC = "httpCodec";
  static final String CONNECTION = "junction";
  static final String FLUSHES = "flushes";
  /** Request bodies and answers move in pieces of up to this many bytes. */
  static final int MAX_CHUNK = 64 * 1024;

  private final ProxyServer.Setup setup;
  private final Intake intake;
  private final Map<EventLoop, Loop> loops;
  private final @Nullable SslContext tls;
  private final String scheme;

  ServerPipelines(ProxyServer.Setup setup, Intake intake, Map<EventLoop, Loop> loops, @Nullable SslContext tls) {
    this.setup = setup;
    this.intake = intake;
    this.loops = loops;
    this.tls = tls;
    this.scheme = Protocols.scheme(setup.listener());
  }

  private HttpDecoderConfig decoderConfig() {
    int max = setup.proxy().maxHeaderSize();
    return new HttpDecoderConfig()
        .setMaxInitialLineLength(Math.max(4096, max))
        .setMaxHeaderSize(max)
        .setMaxChunkSize(MAX_CHUNK);
  }

  @Override
  protected void initChannel(Channel ch) {
    Loop loop = loops.get(ch.eventLoop());
    loop.accepted(ch);
    long accepted = System.nanoTime();
    ChannelPipeline p = ch.pipeline();
    boolean http2 = setup.listener().http2();
    if (http2) {
      loop.clients.watch(new ConnectionWatch(ch, loop.clients, accepted));
    }
    if (tls != null) {
      SslHandler ssl = tls.newHandler(ch.alloc());
      ssl.handshakeFuture().addListener(f -> {
        if (!f.isSuccess()) {
          TlsFailures.failed(ch, f.cause());
        }
      });
      p.addLast("tls", ssl);
      if (!http2) {
        http1(p, loop, accepted);
        return;
      }
      p.addLast("alpn", new ApplicationProtocolNegotiationHandler(ApplicationProtocolNames.HTTP_1_1) {
        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
          if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
            http2(ctx.pipeline(), loop);
          } else {
            http1(ctx.pipeline(), loop, accepted);
          }
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
          ctx.close(); // logged once by the handshake listener above, without a stack trace
        }
      });
    } else if (http2) {
      h2c(p, loop, accepted);
    } else {
      http1(p, loop, accepted);
    }
  }

  private void http1(ChannelPipeline p, Loop loop, long accepted) {
    int max = setup.proxy().maxHeaderSize();
    p.addLast(HTTP_CODEC, new Http1Codec(true, Math.max(4096, max), max));
    p.addLast(CONNECTION, new ClientConnection(intake, loop, false, scheme, accepted));
  }

  private Http2FrameCodec frameCodec() {
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(Protocols.settings(setup.proxy().maxHeaderSize(), true))
        .validateHeaders(true)
        .build();
  }

  private Http2MultiplexHandler multiplex(Loop loop) {
    return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline().addLast("codec", new Http2StreamFrameToHttpObjectCodec(true));
        ch.pipeline().addLast(CONNECTION, new ClientConnection(intake, loop, true, scheme, 0));
      }
    });
  }

  private void http2(ChannelPipeline p, Loop loop) {
    p.addLast(FLUSHES, flushes());
    p.addLast("h2", frameCodec());
    p.addLast("h2streams", multiplex(loop));
  }

  /**
   * One write to the socket per event-loop turn for all of a connection's streams. Each stream's
   * answer arrives from its own backend connection and flushes when it ends; without this, 32 streams
   * answered in one turn cost 32 {@code writev} calls (44% of the CPU under {@code h2load -m32} went
   * there). Flushes made while the client's frames are being read wait for the read to complete;
   * others run once at the end of the turn, at the latest after 256 of them.
   */
  private static FlushConsolidationHandler flushes() {
    return new FlushConsolidationHandler(FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true);
  }

  /** Cleartext with HTTP/2 on: the prior-knowledge preface, an {@code Upgrade: h2c}, or plain HTTP/1.x. */
  private void h2c(ChannelPipeline p, Loop loop, long accepted) {
    HttpServerCodec source = new HttpServerCodec(decoderConfig());
    HttpServerUpgradeHandler upgrade = new HttpServerUpgradeHandler(source, protocol ->
        AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)
            ? new Http2ServerUpgradeCodec(frameCodec(), multiplex(loop)) {
              @Override
              public void upgradeTo(ChannelHandlerContext ctx, FullHttpRequest request) {
                super.upgradeTo(ctx, request);
                ChannelHandlerContext codec = ctx.pipeline().context(Http2FrameCodec.class);
                if (codec != null) {
                  ctx.pipeline().addBefore(codec.name(), FLUSHES, flushes());
                }
              }
            } : null, MAX_CHUNK);
    p.addLast("h2c", new CleartextHttp2ServerUpgradeHandler(source, upgrade, new ChannelInitializer<Channel>() {
      @Override
      protected void initChannel(Channel ch) {
        http2(ch.pipeline(), loop);
        ch.pipeline().remove(CONNECTION);
      }
    }));
    p.addLast(CONNECTION, new ClientConnection(intake, loop, false, scheme, accepted));
  }
}
