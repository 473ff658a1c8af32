package dev.junction.proxy;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads a request body into memory up to a limit. A body declared larger than the limit by its
 * {@code Content-Length} is not read at all; a chunked body that grows past the limit stops where it
 * stands, and what was read so far becomes the prefix of an {@link Body.OverLimit} (the rest waits
 * in the {@link RequestBody}, paused). Trailers of a buffered body are not kept.
 */
final class BodyReader {
  private BodyReader() {}

  /**
   * Reads {@code ex}'s body and calls {@code done} once, on the event loop, unless the client goes
   * away first. Answers {@code 100 Continue} first when the client asked for it.
   */
  static void read(Exchange ex, Body.Unread body, int limit, Consumer<Body> done) {
    if (body.contentLength() > limit) {
      done.accept(new Body.OverLimit(new byte[0], body.contentLength()));
      return;
    }
    if (ex.expectContinue) {
      ex.conn.writeContinue(ex);
    }
    int expected = body.contentLength() >= 0 ? (int) body.contentLength() : Math.min(limit, 8192);
    ex.inbound.consume(new RequestBody.Sink() {
      private byte[] bytes = new byte[expected];
      private int length;
      private boolean finished;

      @Override
      public void piece(HttpContent piece) {
        try {
          if (finished) {
            return; // cannot happen: the body is paused once finished, and the next consumer takes over
          }
          int n = piece.content().readableBytes();
          boolean over = length + n > limit;
          if (length + n > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(length + n, Math.min(Math.max(bytes.length * 2, 1024), over ? length + n : limit)));
          }
          piece.content().getBytes(piece.content().readerIndex(), bytes, length, n);
          length += n;
          if (over) {
            finished = true;
            ex.inbound.pause();
            done.accept(new Body.OverLimit(Arrays.copyOf(bytes, length), body.contentLength()));
          } else if (piece instanceof LastHttpContent) {
            finished = true;
            done.accept(new Body.Buffered(length == bytes.length ? bytes : Arrays.copyOf(bytes, length)));
          }
        } finally {
          piece.release();
        }
      }
    });
  }
}
