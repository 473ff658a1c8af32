package dev.junction.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body into memory up to a limit. A body declared larger than the limit by its
 * {@code Content-Length} is not read at all; a chunked body that grows past the limit is paused
 * where it stands, and what was read so far becomes the prefix of an {@link Body.OverLimit}.
 */
final class BodyReader {
  private BodyReader() {}

  static Future<Body> read(HttpServerRequest req, Body.Unread body, int limit, boolean sendContinue) {
    if (body.contentLength() > limit) {
      return Future.succeededFuture(new Body.OverLimit(Buffer.buffer(), body.contentLength()));
    }
    Promise<Body> done = Promise.promise();
    int initial = body.contentLength() >= 0 ? (int) body.contentLength() : Math.min(limit, 8192);
    Buffer acc = Buffer.buffer(Math.max(initial, 16));
    req.exceptionHandler(done::tryFail);
    req.handler(chunk -> {
      if (acc.length() + chunk.length() > limit) {
        req.pause();
        req.handler(null);
        req.endHandler(null);
        acc.appendBuffer(chunk);
        done.tryComplete(new Body.OverLimit(acc, body.contentLength()));
        return;
      }
      acc.appendBuffer(chunk);
    });
    req.endHandler(v -> done.tryComplete(new Body.Buffered(acc)));
    if (sendContinue) {
      req.response().writeContinue();
    }
    req.resume();
    return done.future();
  }
}
