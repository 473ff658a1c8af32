package dev.junction.proxy;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/**
 * What a backend pool and a {@link BackendConnection} tell the {@link Attempt} bound to them: one
 * request to one backend as its connection sees it. Told when a connection (or HTTP/2 stream) is
 * ready or cannot be had, then fed the answer's head and pieces in order. Every method runs on the
 * connection's event loop, which is the exchange's.
 */
interface ConnectionListener {
  /** A connection is bound to this listener: send the request now. */
  void connected(BackendConnection link);

  /** No connection could be had: nothing reached the backend. */
  void unavailable(AttemptResult.Outcome outcome, String why);

  /** The answer's head (interim 1xx answers other than 101 are not passed on). */
  void head(HttpResponse head);

  /** A piece of the answer's body, owned by the callee; the last is a {@code LastHttpContent}. */
  void content(HttpContent piece);

  /** The backend connection's read batch is over: flush what was relayed. */
  default void readComplete() {}

  /** The connection broke (or timed out idle) before the answer ended. */
  void broken(Throwable cause);

  /** The backend connection can take writes again (a streamed request body may go on). */
  default void writable() {}
}
