package dev.junction.proxy;

import dev.junction.health.InFlight;
import dev.junction.http1.ArrayHeaders;
import dev.junction.http1.PeerFailures;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams one backend answer to the client, with backpressure both ways: the backend connection
 * stops reading while the client connection cannot take more, and resumes when it drains. What a
 * backend read batch brought is flushed at the end of that batch, so an event stream's events go
 * out one by one and a small answer in one write.
 *
 * <p>A stream that breaks (the backend fails, the client goes away) is never made to look complete:
 * the client answer is reset unless it already ended, and the backend connection is closed. The
 * client head, and the body pieces that came with it, are held until the answer ends or the read
 * batch that brought them is over, so that an answer that breaks within that batch (a reset right
 * after the head, a malformed first chunk) is still answered 502 problem+json instead of a head and a
 * cut. Confined to the exchange's event loop.
 */
final class Relay implements Attempt.BodyConsumer {
  private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

  private final Exchange ex;
  private final BackendConnection link;
  private final InFlight.Lease lease;
  private final DecisionHeader decision;
  /** Trailers can reach the client: a chunked HTTP/1.1 answer, or HTTP/2. */
  private final boolean trailers;
  private boolean finished;
  /** The client head, until it is written ({@link #writeHead}). */
  private @Nullable HttpResponse head;
  private boolean framed;
  /** Body pieces read in the head's batch, held with it; allocated only when there are any. */
  private @Nullable ArrayList<ByteBuf> held;

  private Relay(Exchange ex, BackendConnection link, InFlight.Lease lease, DecisionHeader decision, boolean trailers) {
    this.ex = ex;
    this.link = link;
    this.lease = lease;
    this.decision = decision;
    this.trailers = trailers;
  }

  /**
   * Writes the client head for {@code resp} and starts relaying its body.
   *
   * @param decision how the backend was chosen, for the log and, when its plan shows it, for
   *     {@link DecisionHeader#NAME}
   */
  static Relay start(Exchange ex, BackendConnection link, InFlight.Lease lease, HttpResponse resp,
      DecisionHeader decision) {
    if (ex.over()) {
      link.done(false);
      lease.end();
      return new Relay(ex, link, lease, decision, false);
    }
    int status = resp.status().code();
    // the backend's header map becomes the client's, in place: no copy
    HttpHeaders h = resp.headers();
    Hop.stripForClient(h);
    h.add(Hop.VIA_NAME, Hop.VIA);
    String shown = decision.value();
    if (shown != null) {
      h.set(DecisionHeader.NAME, shown);
    }
    CharSequence length = ArrayHeaders.raw(h, HttpHeaderNames.CONTENT_LENGTH);
    boolean noBody = ex.method.equals("HEAD") || status == 204 || status == 304 || status < 200;
    boolean chunked = false;
    boolean framed = true;
    if (length != null && status == 204) {
      h.remove(HttpHeaderNames.CONTENT_LENGTH);
    } else if (length == null && !noBody) {
      if (ex.conn.stream) {
        chunked = true; // HTTP/2 frames the body itself
      } else if (ex.version() == HttpVersion.HTTP_1_1) {
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        chunked = true;
      } else {
        framed = false; // HTTP/1.0: the body ends when the connection closes
      }
    }
    HttpResponseStatus st = resp.status();
    DefaultHttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, st, h);
    Relay r = new Relay(ex, link, lease, decision, chunked && !noBody);
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} -> {} ({})", ex.method, ex.path, status, decision);
    }
    ex.onClientGone(r::clientGone);
    ex.onClientWritable(() -> link.reading(true));
    r.head = head;
    r.framed = framed;
    if (resp instanceof LastHttpContent last) {
      r.content(last.retain()); // an HTTP/2 answer without a body; the caller releases resp
    }
    return r;
  }

  /** Writes the held client head and the pieces held with it, once. */
  private void writeHead() {
    HttpResponse h = head;
    if (h != null) {
      head = null;
      ex.head(h, framed);
      ArrayList<ByteBuf> pieces = held;
      if (pieces != null) {
        held = null;
        pieces.forEach(ex::write);
      }
    }
  }

  private void releaseHeld() {
    ArrayList<ByteBuf> pieces = held;
    if (pieces != null) {
      held = null;
      pieces.forEach(ByteBuf::release);
    }
  }

  @Override
  public void content(HttpContent piece) {
    if (finished) {
      piece.release();
      return;
    }
    if (head != null && !(piece instanceof LastHttpContent)) {
      ArrayList<ByteBuf> pieces = held;
      if (pieces == null) {
        pieces = held = new ArrayList<>(4);
      }
      pieces.add(piece.content());
      return;
    }
    writeHead();
    if (piece instanceof LastHttpContent last) {
      finished = true;
      // the lease first: whoever reads in-flight counts is settled before the client sees the end
      lease.end();
      ex.end(clientLast(last));
      link.done(true);
      return;
    }
    ex.write(piece.content());
    if (!ex.clientWritable()) {
      // stop first: the flush may drain the connection at once, and its writability event must
      // then find reading stopped, to start it again
      link.reading(false);
      ex.flush();
    }
  }

  /** The last piece for the client: the same bytes, with the trailers that may pass. */
  private LastHttpContent clientLast(LastHttpContent last) {
    HttpHeaders t = last.trailingHeaders();
    if (t.isEmpty()) {
      return last;
    }
    if (!trailers) {
      LastHttpContent plain = Hop.lastPiece(last.content().retain());
      last.release();
      return plain;
    }
    HttpHeaders copy = Hop.newHeaders();
    Hop.copyEndToEnd(t, copy);
    copy.remove(HttpHeaderNames.CONTENT_LENGTH);
    LastHttpContent withTrailers = new DefaultLastHttpContent(last.content().retain(), copy);
    last.release();
    return withTrailers;
  }

  @Override
  public void readComplete() {
    if (!finished) {
      writeHead();
      ex.flush();
    }
  }

  @Override
  public void broken(Throwable cause) {
    if (finished) {
      return;
    }
    finished = true;
    lease.end();
    link.done(false);
    String why = PeerFailures.describe(cause);
    if (head != null) {
      // nothing of this answer reached the client: say what happened instead of a cut
      head = null;
      releaseHeld();
      LOG.warn("{} {}: answer from {} broke before its head was relayed, after {} ms: {}", ex.method, ex.path,
          decision.backend(), ex.elapsedMs(), why);
      ex.seen.aborted(CompletedExchange.Abort.BACKEND);
      ProblemAnswers.send(ex, 502, "backend-failed", "Backend failed",
          "backend '" + decision.backend() + "' broke its answer: " + why, ex.path);
      return;
    }
    ex.abort(CompletedExchange.Abort.BACKEND);
    LOG.warn("{} {}: stream aborted after {} ms ({}): {}", ex.method, ex.path, ex.elapsedMs(), decision, why);
  }

  private void clientGone() {
    if (!finished) {
      finished = true;
      head = null;
      releaseHeld();
      lease.end();
      link.done(false);
    }
  }
}
