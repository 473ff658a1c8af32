package dev.junction.proxy;

import dev.junction.config.BackendConfig;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * One client request's trace, as the data plane sees it: begun by {@link ExchangeObserver#trace}
 * when the request head arrives, given one {@link AttemptTrace} per backend attempt, and ended once
 * with what Junction knows about the finished request. Confined to the request's event loop, like
 * the exchange; an implementation must not block and must keep its export off that loop.
 */
public interface ExchangeTrace {
  /** The trace id, 32 lowercase hex digits, for the access log and {@code /requests/recent}. */
  String traceId();

  /**
   * A backend attempt begins: {@code number} counts the attempts actually made for this request
   * from 1 (candidates passed over are not attempts).
   */
  AttemptTrace attempt(BackendConfig backend, int number, String method, String target);

  /** The request is over; called once, before the exchange observers see {@code done}. */
  void end(CompletedExchange done);

  /** One backend attempt's part of the trace. */
  interface AttemptTrace {
    /**
     * Puts this attempt's trace context into the backend request's headers ({@code traceparent},
     * {@code tracestate}), replacing whatever the client sent: the backend's parent is the attempt.
     */
    void inject(HttpHeaders backendRequest);

    /**
     * The attempt's result is known; {@code over}: nothing more comes of it (it is not the answer
     * relayed to the client, which ends with the request).
     */
    void result(AttemptResult result, boolean over);
  }
}
