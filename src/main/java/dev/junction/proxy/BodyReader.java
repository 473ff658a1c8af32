package dev.junction.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import org.jspecify.annotations.Nullable;

/**
 * Reads a request body into memory up to a limit. A body declared larger than the limit by its
 * {@code Content-Length} is not read at all; a chunked body that grows past the limit is paused
 * where it stands, and what was read so far becomes the prefix of an {@link Body.OverLimit}.
 *
 * <p>A body that arrives in one piece (the common case for a JSON request) is kept as the buffer
 * Vert.x delivered, which is already a copy the handler owns; only a second piece starts an
 * accumulating copy.
 */
final class BodyReader {
  private BodyReader() {}

  static Future<Body> read(HttpServerRequest req, Body.Unread body, int limit, boolean sendContinue) {
    if (body.contentLength() > limit) {
      return Future.succeededFuture(new Body.OverLimit(Buffer.buffer(), body.contentLength()));
    }
    Promise<Body> done = Promise.promise();
    Pieces pieces = new Pieces(body.contentLength() >= 0 ? (int) body.contentLength() : Math.min(limit, 8192));
    req.exceptionHandler(done::tryFail);
    req.handler(chunk -> {
      if (pieces.length + chunk.length() > limit) {
        req.pause();
        req.handler(null);
        req.endHandler(null);
        pieces.add(chunk);
        done.tryComplete(new Body.OverLimit(pieces.bytes(), body.contentLength()));
        return;
      }
      pieces.add(chunk);
    });
    req.endHandler(v -> done.tryComplete(new Body.Buffered(pieces.bytes())));
    if (sendContinue) {
      req.response().writeContinue();
    }
    req.resume();
    return done.future();
  }

  /** The pieces read so far: the first one as delivered, a copy only once there are two. */
  private static final class Pieces {
    private final int expected;
    private @Nullable Buffer single;
    private @Nullable Buffer joined;
    int length;

    Pieces(int expected) {
      this.expected = expected;
    }

    void add(Buffer chunk) {
      length += chunk.length();
      if (joined != null) {
        joined.appendBuffer(chunk);
      } else if (single == null) {
        single = chunk;
      } else {
        joined = Buffer.buffer(Math.max(expected, length));
        joined.appendBuffer(single).appendBuffer(chunk);
        single = null;
      }
    }

    Buffer bytes() {
      return joined != null ? joined : single != null ? single : Buffer.buffer();
    }
  }
}
