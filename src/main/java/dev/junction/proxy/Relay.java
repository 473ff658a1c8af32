package dev.junction.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one backend response body to the client with backpressure: what {@code resp.pipe().to(out)}
 * does, without a pipe, promise and listener per response, and with one difference in how the body
 * ends: when a body with a declared {@code Content-Length} has fully arrived, its last chunk ends the
 * client response in the same write instead of a write followed by an empty end.
 *
 * <p>A stream that breaks (the backend fails, the client goes away) is never made to look complete:
 * the client response is reset unless it already ended, and the backend request is reset. Confined
 * to the exchange's event loop.
 */
final class Relay {
  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

  private final Exchange ex;
  private final HttpClientResponse resp;
  private final HttpServerResponse out;
  private final String decision;
  /** Declared body bytes not yet received; -1 when the length is not declared. */
  private long remaining;
  /** The client response was ended (whole body) or the relay failed: nothing more is written. */
  private boolean finished;
  /** Completes (never fails) once the stream is over, whole or broken. */
  private final Promise<Void> done = Promise.promise();

  private Relay(Exchange ex, HttpClientResponse resp, HttpServerResponse out, String decision, long declaredLength) {
    this.ex = ex;
    this.resp = resp;
    this.out = out;
    this.decision = decision;
    this.remaining = declaredLength;
  }

  /**
   * Starts streaming; the response head must be set on {@code out} already.
   *
   * @param declaredLength the body length the head declares, -1 when it declares none (chunked,
   *     or a body delimited by the connection closing)
   * @return completes, never fails, once the body was relayed whole (just before its last write, so
   *     that whatever waits on it is settled before the client sees the end) or the stream broke
   */
  static Future<Void> start(Exchange ex, HttpClientResponse resp, HttpServerResponse out, String decision, long declaredLength) {
    Relay r = new Relay(ex, resp, out, decision, declaredLength);
    resp.exceptionHandler(r::fail);
    out.exceptionHandler(r::fail);
    resp.endHandler(v -> r.end());
    resp.handler(r::chunk);
    resp.resume();
    return r.done.future();
  }

  private void chunk(Buffer b) {
    if (finished) {
      return;
    }
    if (remaining > 0) {
      remaining -= b.length();
      if (remaining == 0) {
        finished = true;
        // done first: whoever waits on it (the in-flight lease) is settled before the client can
        // see the end and ask about it
        done.complete();
        out.end(b);
        return;
      }
    }
    out.write(b);
    if (out.writeQueueFull()) {
      resp.pause();
      out.drainHandler(v -> resp.resume());
    }
  }

  private void end() {
    if (!finished) {
      finished = true;
      Protocols.copyTrailers(resp, out, ex.req.version());
      done.complete();
      out.end();
    }
  }

  private void fail(Throwable cause) {
    if (finished) {
      return;
    }
    finished = true;
    // Never let a broken stream look complete: no terminating chunk, connection closed.
    if (!out.ended()) {
      out.reset();
    }
    resp.exceptionHandler(e -> {});
    Protocols.resetQuietly(resp.request());
    done.complete();
    LOG.warn("{} {}: stream aborted after {} ms ({}): {}", ex.method, ex.path, ex.elapsedMs(), decision, Forwarder.describe(cause));
  }
}
