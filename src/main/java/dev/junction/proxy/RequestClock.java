package dev.junction.proxy;

import org.jspecify.annotations.Nullable;

/**
 * What one {@link ClientConnection} waits for from its client, and since when, as its loop's {@link
 * ClientSweep} sees it. The connection only counts its exchanges and marks that it read something;
 * each look derives the wait from that and the current exchange:
 *
 * <ul>
 *   <li>a request (no exchange current): the connection's first one is timed by {@code
 *       request_head_timeout} from the accept, and closed quietly when nothing came, answered 408
 *       otherwise; a later one is idle ({@code client_idle_timeout}, then closed quietly) until bytes
 *       come, then a head ({@code request_head_timeout} from then, then 408);
 *   <li>a body (the current request's body has not ended, and the client is not waiting for a
 *       {@code 100 Continue}): {@code request_body_timeout} without a byte while Junction reads;
 *       time during which the connection holds reading back does not count;
 *   <li>nothing: the answer is Junction's to give, under the backend timeouts; but a client that
 *       takes none of it while Junction holds bytes for it (its connection stays unwritable and not
 *       one byte more leaves for the client) for {@code client_idle_timeout} is cut off, so that a
 *       client that never reads cannot hold a backend connection until the backend's {@code
 *       idle_timeout}; one that reads slowly is not;
 *   <li>the close: the connection is finished and closes once its last answer is written; a client
 *       that does not take that answer within {@code client_idle_timeout} is cut off.
 * </ul>
 *
 * <p>A wait's clock starts when a look first sees it, or sees that exchanges came and went since the
 * last one. Bytes read in a look's interval that saw an exchange end may belong to that exchange,
 * so they start no head: at worst a slow head is then timed as idle first. An HTTP/2 stream is
 * watched from its head until its answer ended (its body, then a client that takes none of the
 * answer: a window kept shut); its connection's waits are a {@link ConnectionWatch}'s.
 */
final class RequestClock extends ClientSweep.Watched {
  private enum Wait { REQUEST, BODY, NOTHING, CLOSE }

  private final ClientConnection conn;
  private final ClientSweep sweep;
  private Wait wait = Wait.REQUEST;
  private int exchangesSeen;
  private boolean headStarted;
  private long since;
  /** NOTHING: the client was seen taking none of its answer since {@link #since}, at {@link #bytesOut} taken. */
  private boolean stuck;
  private long bytesOut;

  /** @param since when the wait for the first request began (the accept) */
  RequestClock(ClientConnection conn, ClientSweep sweep, long since) {
    this.conn = conn;
    this.sweep = sweep;
    this.since = since;
  }

  @Override
  void check(long now) {
    boolean read = conn.takeRead();
    Exchange ex = conn.current();
    Wait w = conn.finished() ? Wait.CLOSE
        : ex == null ? Wait.REQUEST : conn.readingBody(ex) ? Wait.BODY : Wait.NOTHING;
    if (conn.stream && w != Wait.BODY && w != Wait.NOTHING) {
      sweep.unwatch(this); // a stream has one request: once it is answered, nothing more is timed here
      return;
    }
    int n = conn.exchanges();
    if (n != exchangesSeen || w != wait) {
      exchangesSeen = n;
      wait = w;
      headStarted = false;
      stuck = false;
      since = now;
      return;
    }
    switch (w) {
      case REQUEST -> request(now, read, n == 0);
      case BODY -> body(now, read, ex);
      case NOTHING -> answering(now, ex);
      case CLOSE -> {
        if (now - since >= sweep.idleNanos) {
          conn.closeNow();
        }
      }
    }
  }

  private void request(long now, boolean read, boolean first) {
    if (read && !headStarted) {
      headStarted = true;
      if (!first) {
        since = now; // the first request's head is timed from the accept
      }
    }
    boolean head = headStarted || first;
    if (now - since < (head ? sweep.headNanos : sweep.idleNanos)) {
      return;
    }
    if (headStarted) {
      sweep.fired(ExchangeObserver.ClientTimeout.REQUEST_HEAD);
      conn.headTimedOut(sweep.limits.requestHead().toMillis());
    } else {
      sweep.fired(first ? ExchangeObserver.ClientTimeout.REQUEST_HEAD : ExchangeObserver.ClientTimeout.CLIENT_IDLE);
      conn.closeQuietly();
    }
  }

  private void answering(long now, @Nullable Exchange ex) {
    if (ex == null || conn.writable()) {
      stuck = false;
      return;
    }
    // bytes handed to the connection less those still queued in it: grows with every byte the
    // client takes, however slowly
    long out = ex.bytesOut() - conn.queuedBeyondLowWater();
    if (!stuck || out != bytesOut) {
      stuck = true; // unwritable from now, or the client took some bytes since: the wait starts over
      bytesOut = out;
      since = now;
    } else if (now - since >= sweep.idleNanos) {
      sweep.fired(ExchangeObserver.ClientTimeout.ANSWER_NOT_TAKEN);
      conn.answerNotTaken(ex, sweep.limits.clientIdle().toMillis());
    }
  }

  private void body(long now, boolean read, @Nullable Exchange ex) {
    if (read || conn.readingPaused()) {
      since = now; // bytes came, or Junction itself is not reading: the wait starts over
    } else if (now - since >= sweep.bodyNanos && ex != null) {
      sweep.fired(ExchangeObserver.ClientTimeout.REQUEST_BODY);
      ex.requestTimedOut(sweep.limits.requestBody().toMillis());
    }
  }
}
