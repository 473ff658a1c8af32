package dev.junction.proxy;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers requests the HTTP decoder could not frame (bad request line, header syntax, ambiguous
 * {@code Content-Length}/{@code Transfer-Encoding}, obs-fold, oversized head) with problem+json,
 * then closes the connection: the rest of its bytes cannot be trusted. Such a request never reaches
 * routing. A client's fault is logged at DEBUG only. Runs on the event loop.
 */
final class InvalidRequests {
  private static final Logger LOG = LoggerFactory.getLogger(InvalidRequests.class);

  private InvalidRequests() {}

  static void answer(Exchange ex, @Nullable Throwable cause) {
    LOG.debug("invalid request from {}: {}", ex.clientAddress(), cause == null ? "unknown" : cause.toString());
    ex.conn.closeWhenIdle();
    if (cause instanceof TooLongHttpHeaderException) {
      ProblemAnswers.send(ex, 431, "header-fields-too-large", "Request header fields too large",
          "the request head is larger than max_header_size", null);
    } else if (cause instanceof TooLongHttpLineException) {
      ProblemAnswers.send(ex, 414, "uri-too-long", "URI too long", "the request line is longer than Junction accepts", null);
    } else {
      ProblemAnswers.send(ex, 400, "malformed-request", "Malformed request",
          "the request could not be parsed as HTTP/1.1 (" + describe(cause) + ")", null);
    }
  }

  /** The decoder's reason without class names or stack; it names only what the client sent. */
  private static String describe(@Nullable Throwable cause) {
    if (cause == null || cause.getMessage() == null || cause.getMessage().isBlank()) {
      return "framing error";
    }
    String m = cause.getMessage();
    return m.length() > 200 ? m.substring(0, 200) + "..." : m;
  }
}
