package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

import io.netty.handler.codec.http.HttpHeaders;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sees every data-plane request: {@link #started} when its head arrives, then {@link #completed}
 * exactly once, when the response to the client has ended or the connection closed first. Metrics,
 * the access log and the recent-requests list are observers ({@code dev.junction.observe}).
 *
 * <p>Both methods run on the request's event loop: they must be cheap and never block. An
 * exception thrown by an observer is logged and does not affect the request or other observers.
 */
public interface ExchangeObserver {
  /** Observes nothing. */
  ExchangeObserver NONE = e -> {};

  /** A request head arrived; nothing is decided yet. Default: nothing. */
  default void started() {}

  /**
   * Whether {@link #trace} may begin traces; the data plane does not ask an observer that says no,
   * so tracing that is off costs nothing per request. Default: false.
   */
  default boolean traces() {
    return false;
  }

  /**
   * A request head arrived ({@code headers} as the client sent them; read, never kept or changed):
   * its trace, or {@code null} when it is not traced. Called only when {@link #traces}, right after
   * {@link #started}.
   */
  default @Nullable ExchangeTrace trace(HttpHeaders headers, String method, String scheme, String protocolVersion,
      String client) {
    return null;
  }

  /** The request is over; called once per {@link #started} call. */
  void completed(CompletedExchange exchange);

  /** Which client-side limit ended a connection or a request. */
  enum ClientTimeout {
    /** {@code request_head_timeout}: a head never completed, or a new connection never sent one. */
    REQUEST_HEAD("request_head"),
    /** {@code request_body_timeout}: a request body stalled. */
    REQUEST_BODY("request_body"),
    /** {@code client_idle_timeout}: a keep-alive connection (HTTP/2: one with no open stream) sat idle. */
    CLIENT_IDLE("client_idle"),
    /** {@code client_idle_timeout}: a client took none of its answer. */
    ANSWER_NOT_TAKEN("answer_not_taken");

    private final String slug;

    ClientTimeout(String slug) {
      this.slug = slug;
    }

    /** Its name as a metric label. */
    public String slug() {
      return slug;
    }
  }

  /**
   * A client-side limit ended a connection or a request: most have no exchange behind them (a head
   * that never completed), so they are told here. Runs on the event loop. Default: nothing.
   */
  default void clientTimedOut(ClientTimeout which) {}

  /** Every one of {@code observers}, in order. */
  static ExchangeObserver all(List<ExchangeObserver> observers) {
    List<ExchangeObserver> list = List.copyOf(observers);
    if (list.size() == 1) {
      return list.get(0);
    }
    ExchangeObserver[] each = list.toArray(new ExchangeObserver[0]); // an array: no iterator per request
    ExchangeObserver tracer = list.stream().filter(ExchangeObserver::traces).findFirst().orElse(null);
    return new ExchangeObserver() {
      @Override
      public void started() {
        for (ExchangeObserver o : each) {
          o.started();
        }
      }

      @Override
      public boolean traces() {
        return tracer != null;
      }

      @Override
      public @Nullable ExchangeTrace trace(HttpHeaders headers, String method, String scheme, String protocolVersion,
          String client) {
        return tracer == null ? null : tracer.trace(headers, method, scheme, protocolVersion, client);
      }

      @Override
      public void clientTimedOut(ClientTimeout which) {
        for (ExchangeObserver o : each) {
          try {
            o.clientTimedOut(which);
          } catch (RuntimeException e) {
            Failures.LOG.warn("exchange observer {} failed: {}", o, e.toString());
          }
        }
      }

      @Override
      public void completed(CompletedExchange exchange) {
        requireNonNull(exchange, "exchange");
        for (ExchangeObserver o : each) {
          try {
            o.completed(exchange);
          } catch (RuntimeException e) {
            Failures.LOG.warn("exchange observer {} failed: {}", o, e.toString());
          }
        }
      }
    };
  }

  /** Holder of the logger, interfaces cannot have private static fields. */
  final class Failures {
    static final Logger LOG = LoggerFactory.getLogger(ExchangeObserver.class);

    private Failures() {}
  }
}
