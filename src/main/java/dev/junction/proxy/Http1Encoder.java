package dev.junction.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.CharsetUtil;
import io.netty.util.ReferenceCountUtil;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes HTTP/1.1 messages for both sides of the proxy: answers to clients, requests to backends.
 * A head becomes one buffer ({@link ArrayHeaders} fields are copied byte for byte, other header maps
 * are iterated); body pieces go out as they are, framed in chunks when the head says {@code
 * Transfer-Encoding: chunked}. An answer to {@code HEAD}, and 1xx, 204 and 304 answers, carry no
 * body whatever is written. Buffers already encoded ({@code 100 Continue}) pass through.
 *
 * <p>The framing headers are the caller's: this encoder does not add or fix {@code Content-Length}.
 */
final class Http1Encoder extends ChannelOutboundHandlerAdapter {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] COLON_SP = {':', ' '};
  private static final byte[] LAST_CHUNK = {'0', '\r', '\n'};

  private final Http1Decoder decoder;
  private final boolean requests;
  private boolean chunked;
  private boolean noBody;

  /**
   * @param decoder the same connection's decoder: it learns which requests were sent ({@code requests})
   *     or tells which request an answer is for
   * @param requests true to write requests (to a backend), false to write answers (to a client)
   */
  Http1Encoder(Http1Decoder decoder, boolean requests) {
    this.decoder = decoder;
    this.requests = requests;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof HttpMessage m) {
      ByteBuf head = encodeHead(ctx, m);
      if (msg instanceof HttpContent c) {
        ctx.write(head, ctx.voidPromise());
        content(ctx, c, promise);
      } else {
        ctx.write(head, promise);
      }
    } else if (msg instanceof HttpContent c) {
      content(ctx, c, promise);
    } else {
      ctx.write(msg, promise);
    }
  }

  private ByteBuf encodeHead(ChannelHandlerContext ctx, HttpMessage m) {
    HttpHeaders h = m.headers();
    ByteBuf buf = ctx.alloc().buffer(estimate(h));
    if (requests) {
      HttpRequest r = (HttpRequest) m;
      HttpMethod method = r.method();
      ByteBufUtil.copy(method.asciiName(), buf);
      buf.writeByte(' ');
      buf.writeCharSequence(r.uri(), CharsetUtil.ISO_8859_1); // as decoded: byte for byte
      buf.writeByte(' ');
      ByteBufUtil.writeAscii(buf, r.protocolVersion().text());
      buf.writeBytes(CRLF);
      decoder.sent.add(method);
      noBody = false;
    } else {
      HttpResponse r = (HttpResponse) m;
      ByteBufUtil.writeAscii(buf, r.protocolVersion() == HttpVersion.HTTP_1_0 ? "HTTP/1.0" : "HTTP/1.1");
      buf.writeByte(' ');
      ByteBufUtil.copy(r.status().codeAsText(), buf);
      buf.writeByte(' ');
      ByteBufUtil.writeAscii(buf, r.status().reasonPhrase());
      buf.writeBytes(CRLF);
      int code = r.status().code();
      boolean interim = code < 200;
      HttpMethod method = interim ? null : decoder.answering();
      noBody = interim || code == 204 || code == 304 || method == HttpMethod.HEAD;
    }
    fields(h, buf);
    buf.writeBytes(CRLF);
    chunked = !noBody && h.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
    return buf;
  }

  private static int estimate(HttpHeaders h) {
    if (h instanceof ArrayHeaders a) {
      int n = 64;
      for (int i = 0; i < a.size(); i++) {
        n += a.nameAt(i).length() + a.valueAt(i).length() + 4;
      }
      return n;
    }
    return 256 + h.size() * 48;
  }

  private static void fields(HttpHeaders h, ByteBuf buf) {
    if (h instanceof ArrayHeaders a) {
      for (int i = 0, n = a.size(); i < n; i++) {
        field(a.nameAt(i), a.valueAt(i), buf);
      }
      return;
    }
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      field(e.getKey(), e.getValue(), buf);
    }
  }

  private static void field(CharSequence name, CharSequence value, ByteBuf buf) {
    text(name, buf);
    buf.writeBytes(COLON_SP);
    text(value, buf);
    buf.writeBytes(CRLF);
  }

  private static void text(CharSequence s, ByteBuf buf) {
    if (s instanceof AsciiString a) {
      ByteBufUtil.copy(a, buf);
    } else {
      ByteBufUtil.writeAscii(buf, s);
    }
  }

  private void content(ChannelHandlerContext ctx, HttpContent c, ChannelPromise promise) {
    ByteBuf data = c.content();
    boolean last = c instanceof LastHttpContent;
    if (noBody) {
      ReferenceCountUtil.release(c);
      ctx.write(io.netty.buffer.Unpooled.EMPTY_BUFFER, promise);
      return;
    }
    if (!chunked) {
      ctx.write(data, promise); // the piece's buffer is its content: it goes as it is
      return;
    }
    int n = data.readableBytes();
    if (n > 0) {
      ByteBuf size = ctx.alloc().buffer(12);
      ByteBufUtil.writeAscii(size, Integer.toHexString(n));
      size.writeBytes(CRLF);
      ctx.write(size, ctx.voidPromise());
      ctx.write(data.retain(), ctx.voidPromise());
      if (!last) {
        c.release();
        ctx.write(io.netty.buffer.Unpooled.wrappedBuffer(CRLF), promise);
        return;
      }
      ByteBuf end = ctx.alloc().buffer(8);
      end.writeBytes(CRLF);
      c.release();
      lastChunk(ctx, end, ((LastHttpContent) c).trailingHeaders(), promise);
      return;
    }
    c.release();
    if (!last) {
      ctx.write(io.netty.buffer.Unpooled.EMPTY_BUFFER, promise);
      return;
    }
    lastChunk(ctx, ctx.alloc().buffer(8), ((LastHttpContent) c).trailingHeaders(), promise);
  }

  /** {@code 0 CRLF}, the trailer fields, {@code CRLF}: after {@code prefix}. */
  private static void lastChunk(ChannelHandlerContext ctx, ByteBuf prefix, HttpHeaders trailers, ChannelPromise promise) {
    prefix.writeBytes(LAST_CHUNK);
    fields(trailers, prefix);
    prefix.writeBytes(CRLF);
    ctx.write(prefix, promise);
  }
}
