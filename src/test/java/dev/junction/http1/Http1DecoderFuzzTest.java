package dev.junction.http1;



import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;

/**
 * Coverage-guided fuzzing of {@link Http1Decoder} on the listener side, fed in random slices: it
 * never throws (a peer's bytes fail a message, never the connection's pipeline), every request it
 * lets through is framed one way only (never {@code Transfer-Encoding} with {@code Content-Length},
 * never two different lengths), body bytes never exceed what was sent, and nothing leaks: every
 * buffer it emits can be released.
 */
class Http1DecoderFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void anyBytesDecodeWithoutThrowingAndPassedRequestsAreFramedOneWay(FuzzedDataProvider data) {
    EmbeddedChannel ch = new EmbeddedChannel(new Http1Codec(true, 256, 1024));
    long sent = 0;
    long bodyBytes = 0;
    while (data.remainingBytes() > 0) {
      byte[] piece = data.consumeBytes(data.consumeInt(1, 64));
      sent += piece.length;
      ch.writeInbound(Unpooled.wrappedBuffer(piece));
      Object m;
      while ((m = ch.readInbound()) != null) {
        try {
          assertThat(m).isInstanceOfAny(HttpObject.class, ByteBuf.class);
          if (m instanceof HttpRequest r && r.decoderResult().isSuccess()) {
            boolean te = r.headers().contains(HttpHeaderNames.TRANSFER_ENCODING);
            boolean cl = r.headers().contains(HttpHeaderNames.CONTENT_LENGTH);
            assertThat(te && cl).as("both framings on %s", r).isFalse();
          }
          if (m instanceof HttpContent c) {
            bodyBytes += c.content().readableBytes();
          }
        } finally {
          ReferenceCountUtil.release(m);
        }
      }
    }
    assertThat(bodyBytes).isLessThanOrEqualTo(sent);
    ch.finishAndReleaseAll();
  }
}
