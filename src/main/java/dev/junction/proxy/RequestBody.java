package dev.junction.proxy;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * The body of one request as it arrives from the client: held until a consumer takes it, then
 * handed over piece by piece, with backpressure. While nobody consumes it, or the consumer has
 * {@link #pause paused} it, at most {@link #HIGH_WATER} bytes wait here before the client connection
 * stops reading; nothing is ever dropped unless the body is {@link #discard discarded}.
 *
 * <p>Confined to the connection's event loop. Pieces are reference counted: the consumer owns each
 * piece it is given; what is still held here is released by {@link #release}.
 */
final class RequestBody {
  /** Bytes held before reading from the client stops. */
  static final int HIGH_WATER = 64 * 1024;

  /** Takes the body's pieces. */
  interface Sink {
    /** One piece, owned by the sink; the last one is a {@link LastHttpContent} (it may carry trailers). */
    void piece(HttpContent piece);

    /** The client connection's read batch is over: a good moment to flush what was written. */
    default void batchEnd() {}
  }

  private final ClientConnection conn;
  private final Exchange ex;
  private final ArrayDeque<HttpContent> held = new ArrayDeque<>(2);
  private int heldBytes;
  private @Nullable Sink sink;
  private boolean paused;
  private boolean ended;
  private boolean discarding;
  private long bytesRead;

  RequestBody(ClientConnection conn, Exchange ex) {
    this.conn = conn;
    this.ex = ex;
  }

  /**
   * A piece from the client, in order. A piece the decoder could not frame (a bad chunk size...)
   * breaks the request: it never reaches a consumer, and the exchange is told.
   */
  void offer(HttpContent piece) {
    if (piece.decoderResult().isFailure()) {
      Throwable cause = piece.decoderResult().cause();
      piece.release();
      ended = true;
      ex.requestBroken(cause);
      return;
    }
    int n = piece.content().readableBytes();
    bytesRead += n;
    if (piece instanceof LastHttpContent) {
      ended = true;
    }
    if (discarding) {
      piece.release();
      return;
    }
    Sink s = sink;
    if (s != null && !paused && held.isEmpty()) {
      s.piece(piece);
      return;
    }
    held.add(piece);
    heldBytes += n;
    if (heldBytes > HIGH_WATER) {
      conn.pauseReading(ClientConnection.BODY);
    }
  }

  /** Hands everything held and every later piece to {@code s}. */
  void consume(Sink s) {
    this.sink = s;
    this.paused = false;
    drain();
  }

  /** The consumer cannot take more for now: pieces are held, and reading stops once enough is held. */
  void pause() {
    paused = true;
  }

  /** The consumer takes pieces again. */
  void resume() {
    if (paused) {
      paused = false;
      drain();
    }
  }

  private void drain() {
    HttpContent c;
    while (!paused && sink != null && (c = held.poll()) != null) {
      heldBytes -= c.content().readableBytes();
      sink.piece(c);
    }
    if (heldBytes <= HIGH_WATER / 2) {
      conn.resumeReading(ClientConnection.BODY);
    }
  }

  /** The rest of the body is not wanted: read and drop it. */
  void discard() {
    discarding = true;
    sink = null;
    release();
    conn.resumeReading(ClientConnection.BODY);
  }

  void batchEnd() {
    Sink s = sink;
    if (s != null && !paused) {
      s.batchEnd();
    }
  }

  /** True once the client sent the whole body (its last piece arrived). */
  boolean ended() {
    return ended;
  }

  /** Body bytes received from the client so far. */
  long bytesRead() {
    return bytesRead;
  }

  /** Releases whatever is held; called when the exchange is over. */
  void release() {
    HttpContent c;
    while ((c = held.poll()) != null) {
      c.release();
    }
    heldBytes = 0;
  }
}
