package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How long Junction waits on a client that is slow or silent, so that a connection nobody uses, or
 * one fed a byte at a time, cannot be held open for ever. None of these limits the answer: a stream
 * may run as long as it flows.
 *
 * @param requestHead from a request head's first byte (for a connection's first request: from the
 *     accept, the TLS handshake and HTTP/2 preface included) to the head's end (default 10 s). Past
 *     it: 408 problem+json and the connection closes, or only the close when nothing was received
 * @param requestBody no byte of a request body for this long while Junction is ready to read it
 *     (default 60 s); time during which Junction itself holds reading back (a slow backend, requests
 *     waiting in a pipeline) does not count. Past it: 408 problem+json and the connection closes, the
 *     backend request is aborted; when the answer had already started, the connection (or HTTP/2
 *     stream) is reset instead
 * @param clientIdle a keep-alive connection with no request in progress, or an HTTP/2 connection
 *     with no open stream, for this long is closed (default 60 s): quietly, or after a GOAWAY. A
 *     client (or HTTP/2 stream) that takes not one byte of its answer for this long, while Junction
 *     holds bytes for it, is cut off with the backend connection
 */
public record ClientTimeouts(Duration requestHead, Duration requestBody, Duration clientIdle) {
  public ClientTimeouts {
    positive(requireNonNull(requestHead, "requestHead"), "request_head_timeout");
    positive(requireNonNull(requestBody, "requestBody"), "request_body_timeout");
    positive(requireNonNull(clientIdle, "clientIdle"), "client_idle_timeout");
  }

  private static void positive(Duration d, String key) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + ": " + d + " (expected: > 0)");
    }
  }

  public static ClientTimeouts defaults() {
    return new ClientTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(60), Duration.ofSeconds(60));
  }

  /** The shortest of the three. */
  public Duration shortest() {
    Duration m = requestHead.compareTo(requestBody) < 0 ? requestHead : requestBody;
    return m.compareTo(clientIdle) < 0 ? m : clientIdle;
  }
}
