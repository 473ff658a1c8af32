package dev.junction.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;

/**
 * Refuses obs-fold (a header line that starts with SP or HTAB, continuing the previous one; RFC 9112
 * section 5.2) with 400 instead of letting Netty's decoder unfold it. Netty has no option for this,
 * so a scanner sits in front of the decoder ({@code httpDecoder}) and looks at the bytes of each
 * request head only: it follows the framing the decoder itself chose for the body (Content-Length,
 * chunked) by reading the decoded head from a second handler placed right after the codec, and
 * skips bodies in bulk. A folded head is still decoded, then marked failed, so the listener hands it
 * to {@link InvalidRequests} (400 problem+json, connection closed) in pipeline order; it never
 * reaches routing.
 *
 * <p>Installed on HTTP/1.x connections, cleartext or TLS. A cleartext listener with h2c on does not
 * have it: there the first bytes may be an HTTP/2 preface rather than a head. After a
 * WebSocket {@code Upgrade} or a {@code CONNECT} request, or when the decoder rejects a message, the
 * bytes may no longer be HTTP/1 heads and pass untouched.
 *
 * <p>Threading: confined to the connection's event loop, like the pipeline.
 */
final class ObsFoldGuard {
  static final String SCANNER = "junctionObsFoldScanner";
  static final String MARKER = "junctionObsFoldMarker";

  /** Why a folded request is refused; its message reaches the client in the problem detail. */
  static final class ObsFoldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    ObsFoldException() {
      super("obs-fold: a header line starts with a space or tab (expected: one line per header, RFC 9112 section 5.2)");
    }
  }

  private ObsFoldGuard() {}

  /**
   * Installs the guard around the HTTP/1.x codec named {@code codec} of a connection whose codec has
   * not seen a byte yet.
   */
  static void install(ChannelPipeline pipeline, String codec) {
    Scanner scanner = new Scanner();
    pipeline.addBefore(codec, SCANNER, scanner);
    pipeline.addAfter(codec, MARKER, new Marker(scanner));
  }

  private enum Mode {
    HEAD_START, REQUEST_LINE, LINE_START, HEADER_LINE, HEAD_CR,
    FIXED_BODY, CHUNK_SIZE, CHUNK_EXTENSION, CHUNK_DATA, CHUNK_DATA_END,
    TRAILER_LINE_START, TRAILER_LINE, TRAILER_CR,
    PASS
  }

  /** In front of the decoder: scans heads, splits the input at the end of each head. */
  static final class Scanner extends ChannelInboundHandlerAdapter {
    private Mode mode = Mode.HEAD_START;
    private long remaining;
    private boolean sawDigit;
    private boolean folded;
    private Mode afterHead = Mode.PASS;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof ByteBuf in) || mode == Mode.PASS) {
        ctx.fireChannelRead(msg);
        return;
      }
      int end = in.writerIndex();
      int start = in.readerIndex();
      boolean split = false;
      int i = start;
      while (i < end && mode != Mode.PASS) {
        switch (mode) {
          case FIXED_BODY, CHUNK_DATA -> {
            int take = (int) Math.min(remaining, end - i);
            i += take;
            remaining -= take;
            if (remaining == 0) {
              mode = mode == Mode.FIXED_BODY ? Mode.HEAD_START : Mode.CHUNK_DATA_END;
            }
          }
          case REQUEST_LINE, HEADER_LINE, CHUNK_EXTENSION, CHUNK_DATA_END, TRAILER_LINE -> {
            int lf = in.indexOf(i, end, (byte) '\n');
            if (lf < 0) {
              i = end;
            } else {
              i = lf + 1;
              mode = switch (mode) {
                case REQUEST_LINE, HEADER_LINE -> Mode.LINE_START;
                case CHUNK_EXTENSION -> chunkSizeRead();
                case CHUNK_DATA_END -> Mode.CHUNK_SIZE;
                default -> Mode.TRAILER_LINE_START;
              };
            }
          }
          default -> {
            byte b = in.getByte(i++);
            if (headEnds(b)) {
              afterHead = Mode.PASS;
              if (!split && i == end && start == in.readerIndex()) {
                // The common case: the buffer is exactly one head. The decoder gets it as it is.
                ctx.fireChannelRead(in);
                mode = afterHead;
                return;
              }
              // Let the decoder see exactly this head, so the marker learns its framing before the body.
              ctx.fireChannelRead(in.retainedSlice(start, i - start));
              split = true;
              start = i;
              mode = afterHead;
            }
          }
        }
      }
      if (!split) {
        ctx.fireChannelRead(in);
        return;
      }
      try {
        if (start < end) {
          ctx.fireChannelRead(in.retainedSlice(start, end - start));
        }
      } finally {
        in.release();
      }
    }

    /** One byte in a byte-wise mode; true when it ends a request head. */
    private boolean headEnds(byte b) {
      switch (mode) {
        case HEAD_START -> {
          // The decoder skips control characters and whitespace before a request line.
          int c = b & 0xff;
          if (c > ' ' && (c < 0x7f || c > 0x9f)) {
            mode = Mode.REQUEST_LINE;
          }
        }
        case LINE_START -> {
          if (b == ' ' || b == '\t') {
            folded = true;
            mode = Mode.HEADER_LINE;
          } else if (b == '\r') {
            mode = Mode.HEAD_CR;
          } else if (b == '\n') {
            return true;
          } else {
            mode = Mode.HEADER_LINE;
          }
        }
        case HEAD_CR -> {
          if (b == '\n') {
            return true;
          }
          mode = Mode.HEADER_LINE;
        }
        case CHUNK_SIZE -> chunkSizeByte(b);
        case TRAILER_LINE_START -> {
          mode = b == '\n' ? Mode.HEAD_START : b == '\r' ? Mode.TRAILER_CR : Mode.TRAILER_LINE;
        }
        case TRAILER_CR -> mode = b == '\n' ? Mode.HEAD_START : Mode.TRAILER_LINE;
        default -> throw new IllegalStateException("mode: " + mode);
      }
      return false;
    }

    /** The chunk size in hex, as the decoder reads it: leading blanks, digits, then anything to LF. */
    private void chunkSizeByte(byte b) {
      int digit = Character.digit(b, 16);
      if (digit >= 0) {
        sawDigit = true;
        remaining = remaining * 16 + digit;
        if (remaining > Integer.MAX_VALUE) {
          mode = Mode.PASS; // the decoder refuses it
        }
      } else if (b == '\n') {
        mode = chunkSizeRead();
      } else if (sawDigit || (b != ' ' && b != '\t')) {
        mode = sawDigit ? Mode.CHUNK_EXTENSION : Mode.PASS;
      }
    }

    private Mode chunkSizeRead() {
      if (!sawDigit) {
        return Mode.PASS; // the decoder refuses it
      }
      sawDigit = false;
      return remaining == 0 ? Mode.TRAILER_LINE_START : Mode.CHUNK_DATA;
    }

    /**
     * Called by the marker, normally inside the fireChannelRead of the head's slice. A head the
     * decoder refuses early (too long) may arrive in the middle of the scan: nothing after it is
     * decoded, so the scan stops at once.
     */
    void headDecoded(HttpRequest request) {
      remaining = 0;
      sawDigit = false;
      if (request.decoderResult().isFailure()) {
        mode = Mode.PASS;
      }
      if (folded) {
        folded = false;
        request.setDecoderResult(DecoderResult.failure(new ObsFoldException()));
        afterHead = Mode.PASS; // refused and closed: nothing after it is read
      } else if (request.decoderResult().isFailure() || request.method() == HttpMethod.CONNECT
          || request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
        // A WebSocket handshake may switch the connection to frames: no more heads to scan.
        afterHead = Mode.PASS;
      } else if (HttpUtil.isTransferEncodingChunked(request)) {
        afterHead = Mode.CHUNK_SIZE;
      } else {
        long length;
        try {
          length = HttpUtil.getContentLength(request, 0L);
        } catch (NumberFormatException e) {
          length = -1;
        }
        remaining = Math.max(length, 0);
        afterHead = length < 0 ? Mode.PASS : length == 0 ? Mode.HEAD_START : Mode.FIXED_BODY;
      }
    }
  }

  /** Right after the decoder: tells the scanner how the head it just let through was framed. */
  static final class Marker extends ChannelInboundHandlerAdapter {
    private final Scanner scanner;

    Marker(Scanner scanner) {
      this.scanner = scanner;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request) {
        scanner.headDecoded(request);
      }
      ctx.fireChannelRead(msg);
    }
  }
}
