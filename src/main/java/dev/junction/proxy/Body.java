package dev.junction.proxy;

import static java.util.Objects.requireNonNull;

/** Where a request body stands when the forwarder gets it. */
sealed interface Body {

  /** No body: no {@code Content-Length} (or zero) and no {@code Transfer-Encoding}. */
  record None() implements Body {}

  /** Still in the client connection, unread: it can be sent once. */
  record Unread(long contentLength) implements Body {}

  /** Read whole: it can be replayed byte-identical to any number of backends. Never modified. */
  record Buffered(byte[] bytes) implements Body {
    public Buffered {
      requireNonNull(bytes, "bytes");
    }
  }

  /**
   * Larger than the buffer limit: {@code prefix} was read (possibly empty), the rest is still in the
   * connection. It can be sent once.
   */
  record OverLimit(byte[] prefix, long contentLength) implements Body {
    public OverLimit {
      requireNonNull(prefix, "prefix");
    }
  }

  Body NONE = new None();

  /** True when the body can be sent again to another backend. */
  static boolean replayable(Body b) {
    return b instanceof None || b instanceof Buffered;
  }
}
