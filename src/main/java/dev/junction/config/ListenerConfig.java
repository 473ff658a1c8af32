package dev.junction.config;

import org.jspecify.annotations.Nullable;

/**
 * How the data-plane listener speaks (its address is {@link JunctionConfig#listen()}).
 *
 * @param tls TLS termination; {@code null} (the default) means cleartext
 * @param http2 whether HTTP/2 is offered (default {@code true}): over cleartext, h2c by prior
 *     knowledge and by {@code Upgrade: h2c}; over TLS, ALPN {@code h2} next to {@code http/1.1}.
 *     {@code false}: HTTP/1.x only
 */
public record ListenerConfig(@Nullable TlsConfig tls, boolean http2) {
  /** Cleartext, HTTP/2 offered. */
  public static ListenerConfig defaults() {
    return new ListenerConfig(null, true);
  }

  /** {@code https} with TLS, else {@code http}. */
  public String scheme() {
    return tls == null ? "http" : "https";
  }
}
