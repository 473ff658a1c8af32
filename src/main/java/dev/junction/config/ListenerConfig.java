package dev.junction.config;

import org.jspecify.annotations.Nullable;

/**
 * How the data-plane listener speaks (its address is {@link JunctionConfig#listen()}).
 *
 * @param tls TLS termination; {@code null} (the default) means cleartext
 * @param http2 whether HTTP/2 is offered: over TLS, ALPN {@code h2} next to {@code http/1.1}
 *     (the default with TLS); over cleartext, h2c by prior knowledge and by {@code Upgrade: h2c}
 *     (off by default: the obs-fold guard cannot see the first request of an h2c-capable
 *     connection). {@code false}: HTTP/1.x only
 * @param backlog connections the system may hold accepted-but-not-yet-taken (the {@code listen(2)}
 *     backlog); {@link #SYSTEM_BACKLOG} (the default): the system's own cap, {@code
 *     net.core.somaxconn} on Linux, which also caps any larger number
 */
public record ListenerConfig(@Nullable TlsConfig tls, boolean http2, int backlog) {
  /** {@link #backlog()}: as many as the system allows. */
  public static final int SYSTEM_BACKLOG = 0;

  public ListenerConfig {
    if (backlog < 0) {
      throw new IllegalArgumentException("backlog: " + backlog + " (expected: >= 1, or 0 for the system's cap)");
    }
  }

  /** With the system's backlog. */
  public ListenerConfig(@Nullable TlsConfig tls, boolean http2) {
    this(tls, http2, SYSTEM_BACKLOG);
  }

  /** Cleartext HTTP/1.x: no h2c unless asked for. */
  public static ListenerConfig defaults() {
    return new ListenerConfig(null, false);
  }

  /** Cleartext with h2c (prior knowledge and {@code Upgrade}). */
  public static ListenerConfig h2c() {
    return new ListenerConfig(null, true);
  }

  /** {@code https} with TLS, else {@code http}. */
  public String scheme() {
    return tls == null ? "http" : "https";
  }
}
