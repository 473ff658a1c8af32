package dev.junction.http1;




import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;

/**
 * Coverage-guided fuzzing of {@link Http1Decoder} on the backend side: one request (GET or HEAD) is
 * sent, then a backend's bytes arrive in random slices. Whatever they are, the decoder never throws,
 * yields at most one final answer for the one request (what follows its end is never read as a
 * second answer), never yields body bytes beyond what was read, and after {@link
 * Http1Decoder#OVERRUN} yields nothing more.
 */
class Http1AnswerDecoderFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void anyBackendBytesYieldAtMostOneFinalAnswerPerRequest(FuzzedDataProvider data) {
    boolean[] overrun = {false};
    EmbeddedChannel ch = new EmbeddedChannel(new Http1Codec(false, 256, 1024), new ChannelInboundHandlerAdapter() {
      @Override
      public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt == Http1Decoder.OVERRUN) {
          overrun[0] = true;
        }
      }
    });
    HttpMethod method = data.consumeBoolean() ? HttpMethod.HEAD : HttpMethod.GET;
    ch.writeOutbound(new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, "/", new ArrayHeaders()),
        LastHttpContent.EMPTY_LAST_CONTENT);
    Object written;
    while ((written = ch.readOutbound()) != null) {
      ReferenceCountUtil.release(written);
    }
    long sent = 0;
    long bodyBytes = 0;
    int finals = 0;
    boolean ended = false;
    boolean interim = false;
    while (data.remainingBytes() > 0) {
      byte[] piece = data.consumeBytes(data.consumeInt(1, 64));
      sent += piece.length;
      boolean overrunBefore = overrun[0];
      ch.writeInbound(Unpooled.wrappedBuffer(piece));
      Object m;
      while ((m = ch.readInbound()) != null) {
        try {
          assertThat(m).isInstanceOfAny(HttpObject.class, ByteBuf.class);
          assertThat(overrunBefore).as("a message after the overrun: %s", m).isFalse();
          if (m instanceof HttpResponse r && r.decoderResult().isSuccess()) {
            int code = r.status().code();
            interim = code < 200 && code != 101;
            if (!interim) {
              finals++;
              assertThat(finals).as("final answers to one request").isEqualTo(1);
            }
          }
          if (m instanceof HttpContent c) {
            bodyBytes += c.content().readableBytes();
            if (c instanceof LastHttpContent && c.decoderResult().isSuccess() && !interim) {
              assertThat(ended).as("two ends of one answer").isFalse();
              ended = true;
            }
            if (c instanceof LastHttpContent) {
              interim = false;
            }
          }
        } finally {
          ReferenceCountUtil.release(m);
        }
      }
      ch.checkException();
    }
    assertThat(bodyBytes).isLessThanOrEqualTo(sent);
    ch.finishAndReleaseAll();
  }
}
