package dev.junction.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.FastThreadLocal;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes HTTP/1.1 messages for both sides of the proxy: answers to clients, requests to backends.
 * A head becomes one buffer ({@link ArrayHeaders} fields are copied byte for byte, other header maps
 * are iterated); body pieces go out as they are, framed in chunks when the head says {@code
 * Transfer-Encoding: chunked}. A body of at most {@link #SMALL_BODY} bytes written right after its
 * head joins the head's buffer (see {@link #held}). An answer to {@code HEAD}, and 1xx, 204 and 304
 * answers, carry no body whatever is written. Buffers already encoded ({@code 100 Continue}) pass
 * through.
 *
 * <p>The framing headers are the caller's: this encoder does not add or fix {@code Content-Length}.
 */
public final class Http1Encoder extends ChannelOutboundHandlerAdapter {
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] COLON_SP = {':', ' '};
  private static final byte[] LAST_CHUNK = {'0', '\r', '\n'};
  /** The largest body copied behind its head (see {@link #held}); a larger one goes as its own buffer. */
  static final int SMALL_BODY = 2048;
  private static final byte[] HTTP_1_0 = "HTTP/1.0".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HTTP_1_1 = "HTTP/1.1".getBytes(StandardCharsets.US_ASCII);

  private final Http1Decoder decoder;
  private final boolean requests;
  private boolean chunked;
  private boolean noBody;
  /**
   * A head written with the void promise and not yet passed on, in a buffer with room for its small
   * body ({@code Content-Length} up to {@link #SMALL_BODY}): when that body is the next write, both go
   * as one buffer, one write through the rest of the pipeline and one entry in the outbound buffer
   * instead of two. A flush, any other write or a close passes it on first.
   */
  private @Nullable ByteBuf held;

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
      writeHeld(ctx);
      ByteBuf head = encodeHead(ctx, m);
      if (msg instanceof HttpContent c) {
        if (!merged(ctx, head, c, promise)) {
          ctx.write(head, ctx.voidPromise());
          content(ctx, c, promise);
        }
      } else if (head.writableBytes() > 0 && promise.isVoid()) {
        held = head; // room was made for the body: it comes next, or a flush sends the head alone
      } else {
        ctx.write(head, promise);
      }
    } else if (msg instanceof HttpContent c) {
      ByteBuf head = held;
      if (head != null) {
        held = null;
        if (merged(ctx, head, c, promise)) {
          return;
        }
        ctx.write(head, ctx.voidPromise());
      }
      content(ctx, c, promise);
    } else {
      writeHeld(ctx);
      ctx.write(msg, promise);
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    writeHeld(ctx);
    ctx.flush();
  }

  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    writeHeld(ctx); // as an unflushed write would be: failed by the close, and released
    ctx.close(promise);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    ByteBuf head = held;
    if (head != null) {
      held = null;
      head.release();
    }
  }

  /** Writes {@code c}'s bytes behind {@code head}, as one buffer, when the room made for them holds them. */
  private boolean merged(ChannelHandlerContext ctx, ByteBuf head, HttpContent c, ChannelPromise promise) {
    ByteBuf data = c.content();
    if (noBody || chunked || data.readableBytes() > head.writableBytes()) {
      return false;
    }
    head.writeBytes(data);
    c.release();
    ctx.write(head, promise);
    return true;
  }

  private void writeHeld(ChannelHandlerContext ctx) {
    ByteBuf head = held;
    if (head != null) {
      held = null;
      ctx.write(head, ctx.voidPromise());
    }
  }

  private ByteBuf encodeHead(ChannelHandlerContext ctx, HttpMessage m) {
    HttpHeaders h = m.headers();
    HeadBytes out = HeadBytes.get();
    if (requests) {
      HttpRequest r = (HttpRequest) m;
      HttpMethod method = r.method();
      out.text(method.asciiName()).put((byte) ' ').text(r.uri()) // as decoded: byte for byte
          .put((byte) ' ').text(r.protocolVersion().text()).put(CRLF);
      decoder.sent.add(method);
      decoder.heard = false;
      noBody = false;
    } else {
      HttpResponse r = (HttpResponse) m;
      out.put(r.protocolVersion() == HttpVersion.HTTP_1_0 ? HTTP_1_0 : HTTP_1_1).put((byte) ' ')
          .text(r.status().codeAsText()).put((byte) ' ').text(r.status().reasonPhrase()).put(CRLF);
      int code = r.status().code();
      boolean interim = code < 200;
      HttpMethod method = interim ? null : decoder.answering();
      noBody = interim || code == 204 || code == 304 || method == HttpMethod.HEAD;
    }
    fields(h, out);
    out.put(CRLF);
    chunked = !noBody && h.containsValue(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED, true);
    return out.copyTo(ctx.alloc(), noBody || chunked ? 0 : smallBody(h));
  }

  /** The body's length when the head declares one of at most {@link #SMALL_BODY} bytes, else 0. */
  private static int smallBody(HttpHeaders h) {
    CharSequence v = ArrayHeaders.raw(h, HttpHeaderNames.CONTENT_LENGTH);
    if (v == null || v.length() == 0 || v.length() > 4) {
      return 0;
    }
    int n = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return 0;
      }
      n = n * 10 + (c - '0');
    }
    return n <= SMALL_BODY ? n : 0;
  }

  private static void fields(HttpHeaders h, HeadBytes out) {
    if (h instanceof ArrayHeaders a) {
      for (int i = 0, n = a.size(); i < n; i++) {
        out.text(a.nameAt(i)).put(COLON_SP).text(a.valueAt(i)).put(CRLF);
      }
      return;
    }
    for (Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence(); it.hasNext(); ) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      out.text(e.getKey()).put(COLON_SP).text(e.getValue()).put(CRLF);
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
    if (!trailers.isEmpty()) {
      HeadBytes out = HeadBytes.get();
      fields(trailers, out);
      out.writeTo(prefix);
    }
    prefix.writeBytes(CRLF);
    ctx.write(prefix, promise);
  }

  /**
   * A head being encoded, in an array reused by the event loop thread, copied into a buffer once
   * complete: one bounds and liveness check for the whole head instead of several per field, which
   * a direct buffer's {@code write} makes each time.
   */
  static final class HeadBytes {
    private static final FastThreadLocal<HeadBytes> CURRENT = new FastThreadLocal<>() {
      @Override
      protected HeadBytes initialValue() {
        return new HeadBytes();
      }
    };

    private byte[] bytes = new byte[1024];
    private int length;

    /** This thread's, emptied. */
    static HeadBytes get() {
      HeadBytes h = CURRENT.get();
      h.length = 0;
      return h;
    }

    private void room(int n) {
      if (length + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, length + n));
      }
    }

    HeadBytes put(byte b) {
      room(1);
      bytes[length++] = b;
      return this;
    }

    HeadBytes put(byte[] b) {
      room(b.length);
      System.arraycopy(b, 0, bytes, length, b.length);
      length += b.length;
      return this;
    }

    /** Each char as one byte, as ISO-8859-1: a char above {@code 0xFF} becomes {@code '?'}, as Netty writes ASCII. */
    HeadBytes text(CharSequence s) {
      int n = s.length();
      room(n);
      if (s instanceof AsciiString a) {
        System.arraycopy(a.array(), a.arrayOffset(), bytes, length, n);
      } else {
        for (int i = 0; i < n; i++) {
          bytes[length + i] = AsciiString.c2b(s.charAt(i));
        }
      }
      length += n;
      return this;
    }

    /** A new buffer of these bytes, with room for {@code spare} more. */
    ByteBuf copyTo(ByteBufAllocator alloc, int spare) {
      ByteBuf buf = alloc.buffer(length + spare);
      writeTo(buf);
      return buf;
    }

    void writeTo(ByteBuf buf) {
      buf.writeBytes(bytes, 0, length);
    }
  }
}
