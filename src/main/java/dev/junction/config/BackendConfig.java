package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * One backend Junction may forward to. Only configured backends are ever contacted.
 *
 * @param name unique name used in rules, logs and problem bodies (the seed format uses the URL)
 * @param url {@code http} or {@code https} base URL; a path, if any, is prefixed to forwarded paths
 * @param cacheTimeout how long a discovery decision for this backend is remembered; {@code null}
 *     means the cache's default TTL
 * @param openapi where the backend serves its OpenAPI document: a path on the backend, prefixed by
 *     the URL's path like forwarded paths (e.g. {@code /openapi.json}); {@code null} means the
 *     backend declares none and contributes nothing to Junction's merged document
 * @param health the active health check; {@code null} means none (only passive ejection applies)
 * @param protocol how Junction talks to it (default {@link Protocol#HTTP1})
 * @param discovery whether discovery probes it when {@code discovery.candidates} is not set
 *     (default true); false for a backend only rules should reach (a speech or WebSocket server)
 * @param responseTimeout how long it has to send a response head; {@code null} means {@code
 *     proxy.response_timeout} (a route's own goes first)
 */
public record BackendConfig(String name, URI url, @Nullable Duration cacheTimeout, @Nullable String openapi,
    @Nullable HealthCheckConfig health, Protocol protocol, boolean discovery, @Nullable Duration responseTimeout) {
  /** The protocol spoken to a backend. */
  public enum Protocol {
    /** HTTP/1.1 over {@code http} or {@code https}. */
    HTTP1("http1"),
    /** HTTP/2 over cleartext by prior knowledge (no Upgrade round trip); needs an {@code http} URL. */
    H2C("h2c"),
    /** HTTP/2 over TLS, negotiated by ALPN (HTTP/1.1 if the backend offers only that); needs an {@code https} URL. */
    H2("h2");

    private final String wireName;

    Protocol(String wireName) {
      this.wireName = wireName;
    }

    /** The name written in configuration files. */
    public String wireName() {
      return wireName;
    }

    @Override
    public String toString() {
      return wireName;
    }
  }

  /** With the global response timeout. */
  public BackendConfig(String name, URI url, @Nullable Duration cacheTimeout, @Nullable String openapi,
      @Nullable HealthCheckConfig health, Protocol protocol, boolean discovery) {
    this(name, url, cacheTimeout, openapi, health, protocol, discovery, null);
  }

  /** A backend discovery probes. */
  public BackendConfig(String name, URI url, @Nullable Duration cacheTimeout, @Nullable String openapi,
      @Nullable HealthCheckConfig health, Protocol protocol) {
    this(name, url, cacheTimeout, openapi, health, protocol, true);
  }

  /** A backend spoken to over HTTP/1.1. */
  public BackendConfig(String name, URI url, @Nullable Duration cacheTimeout, @Nullable String openapi,
      @Nullable HealthCheckConfig health) {
    this(name, url, cacheTimeout, openapi, health, Protocol.HTTP1);
  }

  /** A backend that declares no OpenAPI document. */
  public BackendConfig(String name, URI url, @Nullable Duration cacheTimeout) {
    this(name, url, cacheTimeout, null, null);
  }

  /** A backend without an active health check. */
  public BackendConfig(String name, URI url, @Nullable Duration cacheTimeout, @Nullable String openapi) {
    this(name, url, cacheTimeout, openapi, null);
  }

  /** This backend with {@code health} as its active health check ({@code null}: none). */
  public BackendConfig withHealth(@Nullable HealthCheckConfig health) {
    return new BackendConfig(name, url, cacheTimeout, openapi, health, protocol, discovery, responseTimeout);
  }

  /** This backend spoken to with {@code protocol}. */
  public BackendConfig withProtocol(Protocol protocol) {
    return new BackendConfig(name, url, cacheTimeout, openapi, health, protocol, discovery, responseTimeout);
  }

  public BackendConfig {
    requireNonNull(name, "name");
    requireNonNull(url, "url");
    String scheme = url.getScheme();
    if (scheme == null || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new IllegalArgumentException("url: " + url + " (expected: http:// or https://)");
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("url: " + url + " (expected: a host)");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException("url: " + url + " (expected: no query or fragment)");
    }
    if (cacheTimeout != null && (cacheTimeout.isNegative() || cacheTimeout.isZero())) {
      throw new IllegalArgumentException("cache_timeout: " + cacheTimeout + " (expected: > 0)");
    }
    if (openapi != null && (!openapi.startsWith("/") || openapi.contains("?") || openapi.contains("#")
        || openapi.chars().anyMatch(c -> c <= ' '))) {
      throw new IllegalArgumentException("openapi: " + openapi + " (expected: a path on the backend such as /openapi.json)");
    }
    requireNonNull(protocol, "protocol");
    if (protocol == Protocol.H2 && !scheme.equals("https")) {
      throw new IllegalArgumentException("protocol: h2 (expected: an https:// url, or h2c for cleartext HTTP/2)");
    }
    if (protocol == Protocol.H2C && !scheme.equals("http")) {
      throw new IllegalArgumentException("protocol: h2c (expected: an http:// url, or h2 for HTTP/2 over TLS)");
    }
  }

  public boolean tls() {
    return url.getScheme().equals("https");
  }

  public int port() {
    return url.getPort() != -1 ? url.getPort() : tls() ? 443 : 80;
  }

  /** The path prefix of {@link #url()} without a trailing slash; empty when there is none. */
  public String pathPrefix() {
    String p = url.getRawPath();
    if (p == null || p.isEmpty() || p.equals("/")) {
      return "";
    }
    return p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
  }

  /** {@code host:port} as sent in the {@code Host} header to this backend. */
  public String authority() {
    boolean defaultPort = url.getPort() == -1;
    return defaultPort ? url.getHost() : url.getHost() + ":" + url.getPort();
  }
}
