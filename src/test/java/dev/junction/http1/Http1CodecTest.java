package dev.junction.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Http1Decoder} and {@link Http1Encoder} on an in-memory channel, byte for byte. */
class Http1CodecTest {
  private static final String PIPELINED = "POST /a?x=1 HTTP/1.1\r\nHost: j\r\nContent-Length: 5\r\nX-Case: MiXeD\r\n\r\nhello"
      + "POST /b HTTP/1.1\r\nHost: j\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-T: t\r\n\r\n"
      + "\r\nGET /c HTTP/1.0\r\nHost: j\r\n\r\n";

  private static EmbeddedChannel listener() {
    return new EmbeddedChannel(new Http1Codec(true, 4096, 16 * 1024));
  }

  private static EmbeddedChannel backend() {
    return new EmbeddedChannel(new Http1Codec(false, 8192, 64 * 1024));
  }

  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  /** What the decoder emitted, as text: heads as "METHOD uri version [fields]", bodies as their bytes. */
  private static List<String> drain(EmbeddedChannel ch) {
    List<String> out = new ArrayList<>();
    StringBuilder body = new StringBuilder();
    Object m;
    while ((m = ch.readInbound()) != null) {
      try {
        if (m instanceof HttpObject o && o.decoderResult().isFailure()) {
          out.add("FAILED: " + o.decoderResult().cause().getMessage());
        }
        if (m instanceof HttpRequest r && r.decoderResult().isSuccess()) {
          out.add(r.method() + " " + r.uri() + " " + r.protocolVersion() + " " + r.headers().entries());
        } else if (m instanceof HttpResponse r && r.decoderResult().isSuccess()) {
          out.add(r.status() + " " + r.headers().entries());
        }
        if (m instanceof HttpContent c && c.decoderResult().isSuccess()) {
          body.append(c.content().toString(StandardCharsets.ISO_8859_1));
          if (c instanceof LastHttpContent last) {
            out.add("body[" + body + "] trailers" + last.trailingHeaders().entries());
            body.setLength(0);
          }
        } else if (m instanceof ByteBuf b) {
          out.add("raw[" + b.toString(StandardCharsets.ISO_8859_1) + "]");
        }
      } finally {
        ReferenceCountUtil.release(m);
      }
    }
    return out;
  }

  private static String written(EmbeddedChannel ch) {
    return String.join("", buffers(ch));
  }

  /** Each buffer written out, as text, in order. */
  private static List<String> buffers(EmbeddedChannel ch) {
    List<String> out = new ArrayList<>();
    ByteBuf b;
    while ((b = ch.readOutbound()) != null) {
      out.add(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    return out;
  }

  @Test
  void pipelinedRequestsDecodeTheSameWhereverTheBytesAreSplit() {
    EmbeddedChannel whole = listener();
    whole.writeInbound(ascii(PIPELINED));
    List<String> expected = drain(whole);

    for (int split = 1; split < PIPELINED.length(); split++) {
      EmbeddedChannel ch = listener();
      ch.writeInbound(ascii(PIPELINED.substring(0, split)));
      ch.writeInbound(ascii(PIPELINED.substring(split)));
      assertThat(drain(ch)).as("split at %d", split).isEqualTo(expected);
    }
    assertThat(expected).containsExactly(
        "POST /a?x=1 HTTP/1.1 [Host=j, Content-Length=5, X-Case=MiXeD]", "body[hello] trailers[]",
        "POST /b HTTP/1.1 [Host=j, Transfer-Encoding=chunked]", "body[abcde] trailers[X-T=t]",
        "GET /c HTTP/1.0 [Host=j]", "body[] trailers[]");
  }

  @Test
  void anAnswerToHeadAnd204And304HaveNoBodyWhateverTheirLength() {
    EmbeddedChannel ch = backend();
    ch.writeOutbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.HEAD, "/h", new ArrayHeaders()),
        LastHttpContent.EMPTY_LAST_CONTENT);
    ch.writeOutbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/g", new ArrayHeaders()),
        LastHttpContent.EMPTY_LAST_CONTENT);
    written(ch);

    ch.writeInbound(ascii("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"));

    assertThat(drain(ch)).containsExactly("200 OK [Content-Length=10]", "body[] trailers[]", "204 No Content []",
        "body[] trailers[]");
  }

  @Test
  void interimAnswersEndAtOnceAndA101PassesTheRestThrough() {
    EmbeddedChannel ch = backend();
    ch.writeOutbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/ws", new ArrayHeaders()),
        LastHttpContent.EMPTY_LAST_CONTENT);
    written(ch);

    ch.writeInbound(ascii("HTTP/1.1 103 Early Hints\r\nLink: </s>\r\n\r\nHTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n\u0081\u0002hi"));

    assertThat(drain(ch)).containsExactly("103 Early Hints [Link=</s>]", "body[] trailers[]",
        "101 Switching Protocols [Upgrade=websocket]", "raw[\u0081\u0002hi]");
  }

  @Test
  void anAnswerWithNeitherLengthNorChunksEndsWhenTheConnectionCloses() {
    EmbeddedChannel ch = backend();
    ch.writeOutbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/", new ArrayHeaders()),
        LastHttpContent.EMPTY_LAST_CONTENT);
    written(ch);
    ch.writeInbound(ascii("HTTP/1.0 200 OK\r\n\r\nuntil"));
    ch.writeInbound(ascii(" close"));
    ch.finish();

    assertThat(drain(ch)).containsExactly("200 OK []", "body[until close] trailers[]");
  }

  @Test
  void theEncoderWritesFieldsAsTheyCameAndFramesChunksWithTrailers() {
    EmbeddedChannel in = listener();
    in.writeInbound(ascii("GET / HTTP/1.1\r\nhOsT: j\r\nX-Weird:   spaced value \r\n\r\n"));
    HttpRequest req = in.readInbound();
    ReferenceCountUtil.release(in.readInbound());
    ArrayHeaders answer = new ArrayHeaders();
    answer.addTrusted("Transfer-Encoding", "chunked");
    ArrayHeaders trailers = new ArrayHeaders();
    trailers.addTrusted("X-Trailer", "t");

    in.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, answer),
        new DefaultHttpContent(ascii("abc")), new DefaultLastHttpContent(ascii("de"), trailers));

    assertThat(req.headers().entries().toString()).isEqualTo("[hOsT=j, X-Weird=spaced value]");
    assertThat(written(in)).isEqualTo("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "3\r\nabc\r\n2\r\nde\r\n0\r\nX-Trailer: t\r\n\r\n");
  }

  @Test
  void aRequestHeadIsWrittenAsLatin1AnyHeaderMapAndAnySize() {
    EmbeddedChannel ch = backend();
    DefaultHttpHeaders h = new DefaultHttpHeaders(false);
    h.add("X-Latin", "caf\u00e9 \u20ac"); // a String value: é is one byte, € is not Latin-1
    h.add(AsciiString.of("X-Big"), "v".repeat(5000)); // past the 1 KiB the head starts in
    DefaultHttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PATCH, "/p\u00e4th?q=1", h);

    ch.writeOutbound(req);
    ch.writeOutbound(new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/next", new ArrayHeaders()));

    assertThat(written(ch)).isEqualTo("PATCH /p\u00e4th?q=1 HTTP/1.1\r\nX-Latin: caf\u00e9 ?\r\nX-Big: " + "v".repeat(5000)
        + "\r\n\r\nGET /next HTTP/1.0\r\n\r\n");
  }

  private static EmbeddedChannel answering(String request) {
    EmbeddedChannel ch = listener();
    ch.writeInbound(ascii(request));
    drain(ch);
    return ch;
  }

  private static DefaultHttpResponse ok(String contentLength) {
    ArrayHeaders h = new ArrayHeaders();
    h.addTrusted("Content-Length", contentLength);
    return new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, h);
  }

  @Test
  void aSmallBodyWrittenAfterItsHeadGoesOutInTheHeadsBuffer() {
    EmbeddedChannel ch = answering("GET /a HTTP/1.1\r\nHost: j\r\n\r\nGET /b HTTP/1.1\r\nHost: j\r\n\r\n");

    ch.write(ok("5"), ch.voidPromise());
    ch.write(new DefaultLastHttpContent(ascii("hello")), ch.voidPromise());
    ch.write(ok("3"), ch.voidPromise());
    ch.write(new DefaultHttpContent(ascii("ab")), ch.voidPromise()); // a body in two pieces: the first joins the head
    ch.write(new DefaultLastHttpContent(ascii("c")), ch.voidPromise());
    ch.flush();

    assertThat(buffers(ch)).containsExactly("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
        "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nab", "c");
  }

  @Test
  void aHeadWaitingForItsBodyGoesOutAloneOnAFlushOrAnotherWrite() {
    EmbeddedChannel ch = answering("GET /a HTTP/1.1\r\nHost: j\r\n\r\n");

    ch.write(ok("5"), ch.voidPromise());
    ch.flush();
    List<String> flushed = buffers(ch);
    ch.write(new DefaultLastHttpContent(ascii("hello")), ch.voidPromise());
    ch.flush();

    assertThat(flushed).containsExactly("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n");
    assertThat(buffers(ch)).containsExactly("hello");

    EmbeddedChannel raw = answering("GET /a HTTP/1.1\r\nHost: j\r\n\r\n");
    raw.write(ok("2"), raw.voidPromise());
    raw.write(ascii("already encoded"), raw.voidPromise()); // passes through, after the head
    raw.flush();
    assertThat(buffers(raw)).containsExactly("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", "already encoded");
  }

  @Test
  void aLargeBodyAHeadWithAPromiseAndAChunkedBodyGoOutAsTheirOwnBuffers() {
    EmbeddedChannel ch = answering("GET /a HTTP/1.1\r\nHost: j\r\n\r\nGET /b HTTP/1.1\r\nHost: j\r\n\r\n"
        + "GET /c HTTP/1.1\r\nHost: j\r\n\r\n");
    String big = "x".repeat(Http1Encoder.SMALL_BODY + 1);

    ch.write(ok(Integer.toString(big.length())), ch.voidPromise());
    ch.write(new DefaultLastHttpContent(ascii(big)), ch.voidPromise());
    io.netty.channel.ChannelFuture head = ch.write(ok("2")); // a promise: the head is not held for its body
    ch.write(new DefaultLastHttpContent(ascii("ok")), ch.voidPromise());
    ArrayHeaders chunked = new ArrayHeaders();
    chunked.addTrusted("Transfer-Encoding", "chunked");
    ch.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, chunked), ch.voidPromise());
    ch.write(new DefaultLastHttpContent(ascii("de")), ch.voidPromise());
    ch.flush();

    assertThat(head.isSuccess()).isTrue();
    assertThat(buffers(ch)).containsExactly("HTTP/1.1 200 OK\r\nContent-Length: " + big.length() + "\r\n\r\n", big,
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n", "ok",
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", "2\r\n", "de", "\r\n0\r\n\r\n");
  }

  @Test
  void aHeadStillWaitingWhenTheConnectionClosesIsReleased() {
    // Sees what the codec passes on, as the socket side of the pipeline would.
    List<ByteBuf> passedOn = new ArrayList<>();
    EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
      @Override
      public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        passedOn.add((ByteBuf) msg);
        ctx.write(msg, promise);
      }
    }, new Http1Codec(true, 4096, 16 * 1024));
    ch.writeInbound(ascii("GET /a HTTP/1.1\r\nHost: j\r\n\r\n"));
    drain(ch);
    ch.write(ok("5"), ch.voidPromise());
    boolean heldUntilClose = passedOn.isEmpty();

    ch.close();

    assertThat(heldUntilClose).isTrue();
    assertThat(passedOn).hasSize(1); // the close passes the held head on, as an unflushed write...
    assertThat(passedOn.get(0).refCnt()).as("released").isZero(); // ...which the close fails and releases
    assertThat(buffers(ch)).isEmpty();
    assertThat(ch.isOpen()).isFalse();
  }

  @Test
  void anAnswerToHeadIsWrittenWithoutItsBody() {
    EmbeddedChannel ch = listener();
    ch.writeInbound(ascii("HEAD /x HTTP/1.1\r\nHost: j\r\n\r\n"));
    drain(ch);
    ArrayHeaders h = new ArrayHeaders();
    h.addTrusted("Content-Length", "3");

    ch.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, h), new DefaultLastHttpContent(ascii("abc")));

    assertThat(written(ch)).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n");
  }

  @Test
  void aFailedHeadDropsEverythingAfterIt() {
    EmbeddedChannel ch = listener();
    ch.writeInbound(ascii("GET /a HTTP/1.1\r\nHost : j\r\n\r\nGET /b HTTP/1.1\r\nHost: j\r\n\r\n"));

    assertThat(drain(ch)).containsExactly("FAILED: whitespace between a field name and its colon (RFC 9112 section 5.1)");
  }

  @Test
  void identicalRepeatedContentLengthsAreOneAndDifferentOnesAreRefused() {
    EmbeddedChannel same = listener();
    same.writeInbound(ascii("POST /a HTTP/1.1\r\nHost: j\r\nContent-Length: 2\r\nContent-Length: 2, 2\r\n\r\nok"));
    EmbeddedChannel different = listener();
    different.writeInbound(ascii("POST /a HTTP/1.1\r\nHost: j\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok"));

    assertThat(drain(same)).last().isEqualTo("body[ok] trailers[]");
    assertThat(drain(different)).containsExactly("FAILED: Content-Length with different values (expected: one)");
  }
}
