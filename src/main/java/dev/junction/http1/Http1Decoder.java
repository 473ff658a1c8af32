package dev.junction.http1;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AsciiString;
import java.util.ArrayDeque;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A strict HTTP/1.1 decoder (RFC 9112) for both sides of the proxy: requests from clients, answers
 * from backends. It emits Netty's message types (a head, then body pieces ending with a {@link
 * LastHttpContent}), but reads each head with one copy and no per-field objects beyond two views
 * ({@link ArrayHeaders}), and body pieces are slices of what was read.
 *
 * <p>What it refuses, with a failed {@link DecoderResult} on the message (after which the rest of
 * the connection's bytes are dropped): a line ending in a bare LF; obs-fold (a field line starting
 * with SP or HTAB); whitespace between a field name and its colon; control characters in a value; a
 * request line or version it cannot parse; {@code Transfer-Encoding} other than exactly {@code
 * chunked}; {@code Transfer-Encoding} with {@code Content-Length}; a {@code Content-Length} that is
 * not one non-negative integer (identical repeats are one); a bad chunk size or chunk end. A request
 * line longer than {@code maxLine} fails with {@link TooLongHttpLineException} (414), a field block
 * larger than {@code maxFields} with {@link TooLongHttpHeaderException} (431).
 *
 * <p>On the backend side it needs the methods of the requests it answers ({@link #sent}): the
 * answer to a {@code HEAD} has no body. After a {@code 101} the bytes pass through untouched. Junction
 * sends a backend one request at a time, so a backend's bytes past the end of a final answer, read
 * before the next request went out, are a protocol violation: the decoder fires {@link #OVERRUN}
 * (before the answer's last piece) and drops every later byte, so that they can never be read as the
 * answer to another client's request; an answer head that arrives when no request is outstanding
 * fails like a malformed one.
 */
public final class Http1Decoder extends ByteToMessageDecoder {
  private enum State { HEAD, FIXED, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, UNTIL_CLOSE, UPGRADED, BAD }

  /** Why a request or answer is refused; its message names what the peer sent. */
  static class FramingException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    FramingException(String message) {
      super(message, null);
    }
  }

  /** Why a folded head is refused; its message reaches the client in the problem detail. */
  static final class ObsFoldException extends FramingException {
    private static final long serialVersionUID = 1L;

    ObsFoldException() {
      super("obs-fold: a header line starts with a space or tab (expected: one line per header, RFC 9112 section 5.2)");
    }
  }

  private static final AsciiString CONTENT_LENGTH = AsciiString.cached("content-length");
  private static final AsciiString TRANSFER_ENCODING = AsciiString.cached("transfer-encoding");
  private static final AsciiString CHUNKED = AsciiString.cached("chunked");
  private static final int MAX_CHUNK_LINE = 4096;

  /**
   * Fired (as a user event, backend side) when bytes follow the end of a final answer in what was
   * read: the connection must not carry another exchange. Fired before that answer's last piece.
   */
  public static final Object OVERRUN = new Object() {
    @Override
    public String toString() {
      return "bytes after the end of the answer";
    }
  };

  private final boolean requests;
  private final int maxLine;
  private final int maxFields;
  /** Backend side: methods of the requests sent, oldest first, that no final answer has matched yet. */
  final ArrayDeque<HttpMethod> sent = new ArrayDeque<>(2);
  /** Client side: methods of the requests read, oldest first, that no final answer has been written for. */
  final ArrayDeque<HttpMethod> read = new ArrayDeque<>(2);
  private State state = State.HEAD;
  private long remaining;
  /** Backend side: a byte arrived since the last request was written (the encoder clears it). */
  public boolean heard;

  /**
   * @param requests true to decode requests (the listener), false to decode answers (backends)
   * @param maxLine the longest request or status line, in bytes
   * @param maxFields the largest field block (and trailer block), in bytes
   */
  Http1Decoder(boolean requests, int maxLine, int maxFields) {
    this.requests = requests;
    this.maxLine = maxLine;
    this.maxFields = maxFields;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (!requests) {
      heard = true;
    }
    switch (state) {
      case HEAD -> readHead(ctx, in, out);
      case FIXED -> {
        int n = (int) Math.min(remaining, in.readableBytes());
        if (n == 0) {
          return;
        }
        ByteBuf piece = in.readRetainedSlice(n);
        remaining -= n;
        if (remaining == 0) {
          state = State.HEAD;
          answerEnded(ctx, in);
          out.add(new io.netty.handler.codec.http.DefaultLastHttpContent(piece, io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE));
        } else {
          out.add(new DefaultHttpContent(piece));
        }
      }
      case CHUNK_SIZE -> readChunkSize(in, out);
      case CHUNK_DATA -> {
        int n = (int) Math.min(remaining, in.readableBytes());
        if (n == 0) {
          return;
        }
        out.add(new DefaultHttpContent(in.readRetainedSlice(n)));
        remaining -= n;
        if (remaining == 0) {
          state = State.CHUNK_END;
        }
      }
      case CHUNK_END -> {
        if (in.readableBytes() < 2) {
          return;
        }
        if (in.getByte(in.readerIndex()) != '\r' || in.getByte(in.readerIndex() + 1) != '\n') {
          bodyFailed(in, out, "chunk data not followed by CRLF");
          return;
        }
        in.skipBytes(2);
        state = State.CHUNK_SIZE;
      }
      case TRAILERS -> readTrailers(ctx, in, out);
      case UNTIL_CLOSE -> out.add(new DefaultHttpContent(in.readRetainedSlice(in.readableBytes())));
      case UPGRADED -> out.add(in.readRetainedSlice(in.readableBytes()));
      case BAD -> in.skipBytes(in.readableBytes());
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws Exception {
    super.decodeLast(ctx, in, out);
    if (state == State.UNTIL_CLOSE) {
      state = State.HEAD;
      out.add(LastHttpContent.EMPTY_LAST_CONTENT); // the connection closing ends this body
    }
  }

  /** Finds a whole head, parses it, and sets up the body. Waits (returns) while the head is incomplete. */
  private void readHead(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int start = in.readerIndex();
    int limit = in.writerIndex();
    // RFC 9112 section 2.2: empty lines before a request line are ignored
    while (requests && start + 1 < limit && in.getByte(start) == '\r' && in.getByte(start + 1) == '\n') {
      start += 2;
    }
    in.readerIndex(start);
    if (start == limit) {
      return;
    }
    int lineStart = start;
    int fieldsStart = -1;
    int headEnd = -1;
    while (true) {
      int lf = in.indexOf(lineStart, limit, (byte) '\n');
      if (lf < 0) {
        int pending = limit - lineStart;
        // a CR must be followed by LF: a bare CR would otherwise hold the head open until its limit
        int cr = in.indexOf(lineStart, limit - 1, (byte) '\r');
        if (cr >= 0) {
          headFailed(in, out, new FramingException("a bare CR in the head (expected: CRLF line endings)"));
          return;
        }
        if (fieldsStart < 0 && pending > maxLine) {
          headFailed(in, out, new TooLongHttpLineException(firstLine() + " is longer than " + maxLine + " bytes"));
        } else if (fieldsStart >= 0 && limit - fieldsStart > maxFields) {
          headFailed(in, out, new TooLongHttpHeaderException("the header fields are larger than " + maxFields + " bytes"));
        }
        return;
      }
      if (fieldsStart >= 0 && lf > lineStart && (in.getByte(lineStart) == ' ' || in.getByte(lineStart) == '\t')) {
        headFailed(in, out, new ObsFoldException()); // before anything else is said about its fields
        return;
      }
      if (lf == lineStart || in.getByte(lf - 1) != '\r') {
        byte next = lf + 1 < limit ? in.getByte(lf + 1) : 0;
        headFailed(in, out, fieldsStart >= 0 && (next == ' ' || next == '\t') ? new ObsFoldException()
            : new FramingException("a line ends with a bare LF (expected: CRLF)"));
        return;
      }
      if (fieldsStart < 0) {
        if (lf - 1 - start > maxLine) {
          headFailed(in, out, new TooLongHttpLineException(firstLine() + " is longer than " + maxLine + " bytes"));
          return;
        }
        if (!versionLooksRight(in, start, lf - 1)) {
          // HTTP/0.9 ("GET /") or noise: refused at its first line, not after a head that never comes
          headFailed(in, out, new FramingException(requests ? "a request line that is not METHOD SP target SP HTTP/1.x"
              : "a status line that is not HTTP/1.x SP status SP reason"));
          return;
        }
        fieldsStart = lf + 1;
      } else if (lf - 1 == lineStart) {
        headEnd = lf + 1;
        break;
      } else if (lf + 1 - fieldsStart > maxFields) {
        headFailed(in, out, new TooLongHttpHeaderException("the header fields are larger than " + maxFields + " bytes"));
        return;
      }
      lineStart = lf + 1;
    }
    if (!requests && sent.isEmpty()) {
      headFailed(in, out, new FramingException("an answer when no request was outstanding"));
      return;
    }
    byte[] head = new byte[headEnd - start];
    in.getBytes(start, head);
    in.readerIndex(headEnd);
    int lineLength = fieldsStart - start - 2;
    try {
      ArrayHeaders fields = new ArrayHeaders(12);
      long framing = parseFields(head, fieldsStart - start, head.length - 2, fields);
      HttpMessage message = requests ? request(head, lineLength, fields) : response(head, lineLength, fields);
      out.add(message);
      bodyOf(ctx, in, message, framing, out);
    } catch (FramingException e) {
      in.readerIndex(start); // for the version of the refusal; every byte is dropped anyway
      headFailed(in, out, e);
    }
  }

  /** {@link #parseFields}' answer for a chunked body; otherwise it is the Content-Length, or -1 for none. */
  private static final long CHUNKED_BODY = -2;

  /**
   * Parses field lines {@code [from, to)} of {@code head} into {@code fields}; reads the framing
   * fields on the way: the answer is {@link #CHUNKED_BODY}, the Content-Length, or -1 for neither.
   */
  private static long parseFields(byte[] head, int from, int to, ArrayHeaders fields) {
    boolean chunked = false;
    boolean anyTransferEncoding = false;
    long length = -1;
    /** Content-Length came as repeated lines or a list of (identical) values: one is passed on. */
    boolean lengthRepeated = false;
    int i = from;
    while (i < to) {
      int eol = i;
      while (head[eol] != '\n') {
        eol++;
      }
      eol--; // the CR before it: every line was checked to end in CRLF; a CR inside is refused below
      byte first = head[i];
      if (first == ' ' || first == '\t') {
        throw new ObsFoldException();
      }
      int colon = i;
      while (colon < eol && isTchar(head[colon])) {
        colon++;
      }
      if (colon == i || colon == eol || head[colon] != ':') {
        throw new FramingException(colon < eol && (head[colon] == ' ' || head[colon] == '\t')
            ? "whitespace between a field name and its colon (RFC 9112 section 5.1)"
            : "a field line that is not name:value");
      }
      int vs = colon + 1;
      while (vs < eol && (head[vs] == ' ' || head[vs] == '\t')) {
        vs++;
      }
      int ve = eol;
      while (ve > vs && (head[ve - 1] == ' ' || head[ve - 1] == '\t')) {
        ve--;
      }
      for (int k = vs; k < ve; k++) {
        int c = head[k] & 0xff;
        if ((c < 0x20 && c != '\t') || c == 0x7f) {
          throw new FramingException("a control character in a field value");
        }
      }
      AsciiString name = FieldNames.of(head, i, colon - i);
      AsciiString value = new AsciiString(head, vs, ve - vs, false);
      if (name.length() == 17 && name.contentEqualsIgnoreCase(TRANSFER_ENCODING)) {
        if (anyTransferEncoding || !value.contentEqualsIgnoreCase(CHUNKED)) {
          throw new FramingException("Transfer-Encoding: " + value + " (expected: chunked, once)");
        }
        anyTransferEncoding = true;
        chunked = true;
      } else if (name.length() == 14 && name.contentEqualsIgnoreCase(CONTENT_LENGTH)) {
        lengthRepeated |= length >= 0 || value.indexOf((char) ',', 0) >= 0;
        length = contentLength(value, length);
      }
      fields.addTrusted(name, value);
      i = eol + 2;
    }
    if (anyTransferEncoding && length >= 0) {
      throw new FramingException("both Transfer-Encoding and Content-Length (RFC 9112 section 6.1)");
    }
    if (lengthRepeated) {
      fields.set(CONTENT_LENGTH, new AsciiString(Long.toString(length))); // never "5, 5" to the next hop
    }
    return chunked ? CHUNKED_BODY : length;
  }

  /** One Content-Length field (a comma list of identical values is one value); {@code was} is an earlier one, -1 if none. */
  private static long contentLength(AsciiString value, long was) {
    long n = -1;
    int k = 0;
    int len = value.length();
    while (k <= len) {
      int e = value.indexOf(',', k);
      if (e < 0) {
        e = len;
      }
      int a = k;
      int b = e;
      while (a < b && (value.charAt(a) == ' ' || value.charAt(a) == '\t')) {
        a++;
      }
      while (b > a && (value.charAt(b - 1) == ' ' || value.charAt(b - 1) == '\t')) {
        b--;
      }
      if (a == b || b - a > 18) {
        throw new FramingException("Content-Length: " + value + " (expected: one non-negative integer)");
      }
      long v = 0;
      for (int d = a; d < b; d++) {
        char c = value.charAt(d);
        if (c < '0' || c > '9') {
          throw new FramingException("Content-Length: " + value + " (expected: one non-negative integer)");
        }
        v = v * 10 + (c - '0');
      }
      if ((n >= 0 && v != n) || (was >= 0 && v != was)) {
        throw new FramingException("Content-Length with different values (expected: one)");
      }
      n = v;
      k = e + 1;
    }
    return n;
  }

  private static boolean isTchar(byte b) {
    int c = b & 0xff;
    if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
      return true;
    }
    return switch (c) {
      case '!', '#', '$', '%', '&', '\'', '*', '+', '-', '.', '^', '_', '`', '|', '~' -> true;
      default -> false;
    };
  }

  private HttpMessage request(byte[] head, int lineLength, ArrayHeaders fields) {
    int sp1 = 0;
    while (sp1 < lineLength && isTchar(head[sp1])) {
      sp1++;
    }
    if (sp1 == 0 || sp1 >= lineLength || head[sp1] != ' ') {
      throw new FramingException("a request line that is not METHOD SP target SP version");
    }
    int sp2 = sp1 + 1;
    while (sp2 < lineLength && (head[sp2] & 0xff) > 0x20 && head[sp2] != 0x7f) {
      sp2++;
    }
    if (sp2 == sp1 + 1 || sp2 >= lineLength || head[sp2] != ' ') {
      throw new FramingException("a request line that is not METHOD SP target SP version");
    }
    HttpVersion version = version(head, sp2 + 1, lineLength);
    HttpMethod method = method(head, sp1);
    String uri = new String(head, sp1 + 1, sp2 - sp1 - 1, java.nio.charset.StandardCharsets.ISO_8859_1);
    read.add(method);
    return new DefaultHttpRequest(version, method, uri, fields);
  }

  private HttpMessage response(byte[] head, int lineLength, ArrayHeaders fields) {
    if (lineLength < 12 || head[8] != ' ') {
      throw new FramingException("a status line that is not version SP status SP reason");
    }
    HttpVersion version = version(head, 0, 8);
    int code = 0;
    for (int k = 9; k < 12; k++) {
      int d = head[k] - '0';
      if (d < 0 || d > 9) {
        throw new FramingException("a status code that is not three digits");
      }
      code = code * 10 + d;
    }
    if (lineLength > 12 && head[12] != ' ') {
      throw new FramingException("a status line that is not version SP status SP reason");
    }
    HttpResponseStatus status = HttpResponseStatus.valueOf(code);
    int rs = Math.min(13, lineLength);
    for (int k = rs; k < lineLength; k++) {
      int c = head[k] & 0xff;
      if ((c < 0x20 && c != '\t') || c == 0x7f) { // reason-phrase: HTAB, SP, VCHAR, obs-text (RFC 9112 section 4)
        throw new FramingException("a control character in the status line's reason phrase");
      }
    }
    String reason = new String(head, rs, lineLength - rs, java.nio.charset.StandardCharsets.ISO_8859_1);
    if (!reason.equals(status.reasonPhrase())) {
      status = new HttpResponseStatus(code, reason);
    }
    return new DefaultHttpResponse(version, status, fields);
  }

  private static HttpVersion version(byte[] head, int from, int to) {
    if (to - from == 8 && head[from] == 'H' && head[from + 1] == 'T' && head[from + 2] == 'T' && head[from + 3] == 'P'
        && head[from + 4] == '/' && head[from + 5] == '1' && head[from + 6] == '.') {
      if (head[from + 7] == '1') {
        return HttpVersion.HTTP_1_1;
      }
      if (head[from + 7] == '0') {
        return HttpVersion.HTTP_1_0;
      }
    }
    throw new FramingException("an HTTP version other than HTTP/1.1 or HTTP/1.0");
  }

  private static HttpMethod method(byte[] head, int length) {
    switch (length) {
      case 3:
        if (head[0] == 'G' && head[1] == 'E' && head[2] == 'T') {
          return HttpMethod.GET;
        }
        if (head[0] == 'P' && head[1] == 'U' && head[2] == 'T') {
          return HttpMethod.PUT;
        }
        break;
      case 4:
        if (head[0] == 'P' && head[1] == 'O' && head[2] == 'S' && head[3] == 'T') {
          return HttpMethod.POST;
        }
        if (head[0] == 'H' && head[1] == 'E' && head[2] == 'A' && head[3] == 'D') {
          return HttpMethod.HEAD;
        }
        break;
      default:
        break;
    }
    return HttpMethod.valueOf(new String(head, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1));
  }

  /** Emits the body's framing for a parsed head: none, a length, chunks, until close, or a tunnel. */
  private void bodyOf(ChannelHandlerContext ctx, ByteBuf in, HttpMessage message, long framing, List<Object> out) {
    boolean chunked = framing == CHUNKED_BODY;
    if (!requests) {
      int code = ((io.netty.handler.codec.http.HttpResponse) message).status().code();
      if (code == 101) {
        sent.poll();
        state = State.UPGRADED;
        return;
      }
      if (code < 200) {
        out.add(LastHttpContent.EMPTY_LAST_CONTENT); // interim: the final answer follows
        return;
      }
      HttpMethod method = sent.poll();
      if (method == HttpMethod.HEAD || code == 204 || code == 304) {
        // no body whatever the head says: a body sent anyway is bytes past the answer's end
        answerEnded(ctx, in);
        out.add(LastHttpContent.EMPTY_LAST_CONTENT);
        return;
      }
      if (framing == -1) {
        state = State.UNTIL_CLOSE;
        return;
      }
    }
    if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (framing > 0) {
      remaining = framing;
      state = State.FIXED;
    } else {
      if (!requests) {
        answerEnded(ctx, in);
      }
      out.add(LastHttpContent.EMPTY_LAST_CONTENT);
    }
  }

  /**
   * Backend side, a final answer's end has been read: bytes already read beyond it were sent before
   * the next request could have been (Junction never pipelines to a backend), so they are no answer to
   * anything. Fires {@link #OVERRUN} and drops them and everything after. A no-op on the client side,
   * where what follows is the next pipelined request.
   */
  private void answerEnded(ChannelHandlerContext ctx, ByteBuf in) {
    if (requests || !in.isReadable() || !sent.isEmpty()) {
      return; // nothing more read, or the next answer is due (requests were pipelined: tests do)
    }
    state = State.BAD;
    in.skipBytes(in.readableBytes());
    ctx.fireUserEventTriggered(OVERRUN);
  }

  private void readChunkSize(ByteBuf in, List<Object> out) {
    int start = in.readerIndex();
    int lf = in.indexOf(start, Math.min(in.writerIndex(), start + MAX_CHUNK_LINE), (byte) '\n');
    if (lf < 0) {
      if (in.readableBytes() >= MAX_CHUNK_LINE) {
        bodyFailed(in, out, "a chunk size line longer than " + MAX_CHUNK_LINE + " bytes");
      }
      return;
    }
    if (lf == start || in.getByte(lf - 1) != '\r') {
      bodyFailed(in, out, "a chunk size line ending in a bare LF");
      return;
    }
    long size = 0;
    int k = start;
    int end = lf - 1;
    for (; k < end; k++) {
      int d = Character.digit(in.getByte(k), 16);
      if (d < 0) {
        break;
      }
      if (size > (Long.MAX_VALUE >> 5)) {
        bodyFailed(in, out, "a chunk size too large");
        return;
      }
      size = size * 16 + d;
    }
    if (k == start) {
      bodyFailed(in, out, "a chunk size that is not hexadecimal");
      return;
    }
    // chunk extensions: BWS ";" ...; ignored, but no control characters. Only whitespace may stand
    // between the size and the ";": "5 0" or "5 junk" is refused, not read as 5
    int ext = k;
    while (ext < end && (in.getByte(ext) == ' ' || in.getByte(ext) == '\t')) {
      ext++;
    }
    if (ext < end && in.getByte(ext) != ';') {
      bodyFailed(in, out, "a chunk size followed by something other than an extension");
      return;
    }
    for (int j = ext; j < end; j++) {
      int c = in.getByte(j) & 0xff;
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        bodyFailed(in, out, "a control character in a chunk extension");
        return;
      }
    }
    in.readerIndex(lf + 1);
    if (size == 0) {
      state = State.TRAILERS;
    } else {
      remaining = size;
      state = State.CHUNK_DATA;
    }
  }

  private void readTrailers(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    int start = in.readerIndex();
    int limit = in.writerIndex();
    int lineStart = start;
    int end = -1;
    while (true) {
      int lf = in.indexOf(lineStart, limit, (byte) '\n');
      if (lf < 0) {
        if (limit - start > maxFields) {
          bodyFailed(in, out, "trailer fields larger than " + maxFields + " bytes");
        }
        return;
      }
      if (lf == lineStart || in.getByte(lf - 1) != '\r') {
        bodyFailed(in, out, "a trailer line ending in a bare LF");
        return;
      }
      if (lf - 1 == lineStart) {
        end = lf + 1;
        break;
      }
      lineStart = lf + 1;
    }
    state = State.HEAD;
    if (end - start == 2) {
      in.readerIndex(end);
      answerEnded(ctx, in);
      out.add(LastHttpContent.EMPTY_LAST_CONTENT);
      return;
    }
    byte[] block = new byte[end - start];
    in.getBytes(start, block);
    in.readerIndex(end);
    ArrayHeaders trailers = new ArrayHeaders(4);
    try {
      parseFields(block, 0, block.length - 2, trailers);
    } catch (FramingException e) {
      state = State.CHUNK_SIZE; // for bodyFailed's sake: the body is what failed
      bodyFailed(in, out, "a malformed trailer field: " + e.getMessage());
      return;
    }
    answerEnded(ctx, in);
    out.add(new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER, trailers));
  }

  /** The head could not be read: a failed message, then every later byte is dropped. */
  private void headFailed(ByteBuf in, List<Object> out, RuntimeException cause) {
    state = State.BAD;
    boolean http10 = requests && saysHttp10(in);
    in.skipBytes(in.readableBytes());
    HttpMessage m;
    if (requests) {
      read.add(HttpMethod.GET);
      // answered in the client's version when its request line says HTTP/1.0, else HTTP/1.1
      m = new DefaultHttpRequest(http10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1, HttpMethod.GET, "/bad-request",
          new ArrayHeaders(2));
    } else {
      m = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.BAD_GATEWAY, new ArrayHeaders(2));
    }
    m.setDecoderResult(DecoderResult.failure(cause));
    out.add(m);
  }

  private String firstLine() {
    return requests ? "the request line" : "the status line";
  }

  /** Client side: true when the first line of what is readable ends in {@code HTTP/1.0}. */
  private boolean saysHttp10(ByteBuf in) {
    int start = in.readerIndex();
    int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
    int end = lf > start && in.getByte(lf - 1) == '\r' ? lf - 1 : lf;
    return lf >= 0 && versionLooksRight(in, start, end) && in.getByte(end - 1) == '0';
  }

  /**
   * A cheap early look at a first line {@code [from, to)}: a request line ends in {@code HTTP/1.}
   * and a digit, a status line starts with {@code HTTP/1.}. The full parse comes with the head.
   */
  private boolean versionLooksRight(ByteBuf in, int from, int to) {
    if (to - from < 8) {
      return false;
    }
    int v = requests ? to - 8 : from;
    return in.getByte(v) == 'H' && in.getByte(v + 1) == 'T' && in.getByte(v + 2) == 'T' && in.getByte(v + 3) == 'P'
        && in.getByte(v + 4) == '/' && in.getByte(v + 5) == '1' && in.getByte(v + 6) == '.';
  }

  /** The body broke: a failed last piece, then every later byte is dropped. */
  private void bodyFailed(ByteBuf in, List<Object> out, String why) {
    state = State.BAD;
    in.skipBytes(in.readableBytes());
    LastHttpContent last = new DefaultLastHttpContent(Unpooled.EMPTY_BUFFER);
    last.setDecoderResult(DecoderResult.failure(new FramingException(why)));
    out.add(last);
  }

  /** For the encoder on the listener side: the method of the oldest request not answered yet. */
  @Nullable HttpMethod answering() {
    return read.poll();
  }
}
