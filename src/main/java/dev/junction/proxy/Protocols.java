package dev.junction.proxy;

import dev.junction.config.BackendConfig;
import dev.junction.config.ListenerConfig;
import dev.junction.config.TlsConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.net.PemKeyCertOptions;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * HTTP/2 and TLS on both sides of the proxy: listener and client options, and the few header rules
 * that differ between HTTP/1.1 and HTTP/2 (RFC 9113 section 8). Framing itself ({@code
 * Transfer-Encoding}, chunks, {@code END_STREAM}) is left to Vert.x per side; {@link Hop} already
 * drops every connection-specific header HTTP/2 forbids.
 *
 * <p>Stateless; the methods run on the exchange's event loop and never block.
 */
final class Protocols {
  /** TLS versions offered by the listener and the backend clients. */
  static final Set<String> TLS_VERSIONS = Set.of("TLSv1.2", "TLSv1.3");
  /** Concurrent streams Junction opens on one HTTP/2 backend connection, at most. */
  static final int STREAMS_PER_CONNECTION = 100;

  private Protocols() {}

  /**
   * Sets the listener's protocols: h2c (prior knowledge and {@code Upgrade}) on cleartext, or TLS
   * 1.2+ with ALPN {@code h2, http/1.1}; HTTP/1.x only when {@code http2} is off. No client
   * certificates are asked for. Each HTTP/2 connection allows 100 concurrent streams and header
   * lists of {@code proxy.max_header_size} (at least 8 KiB).
   */
  static HttpServerOptions listener(HttpServerOptions options, ListenerConfig listener, int maxHeaderSize) {
    options.setHttp2ClearTextEnabled(listener.http2())
        .setInitialSettings(new Http2Settings()
            .setMaxConcurrentStreams(HttpServerOptions.DEFAULT_INITIAL_SETTINGS_MAX_CONCURRENT_STREAMS)
            .setMaxHeaderListSize(Math.max(8192, maxHeaderSize)));
    TlsConfig tls = listener.tls();
    if (tls != null) {
      options.setSsl(true)
          .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls.cert().toString()).setKeyPath(tls.key().toString()))
          .setEnabledSecureTransportProtocols(TLS_VERSIONS)
          .setUseAlpn(listener.http2())
          .setAlpnVersions(listener.http2() ? List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1) : List.of(HttpVersion.HTTP_1_1));
    }
    return options;
  }

  /**
   * Sets a backend client's protocol. HTTP/2 backends share few connections: {@code maxConcurrent}
   * (this event loop's share of {@code max_connections_per_backend}) bounds concurrent streams, over
   * {@code ceil(maxConcurrent / 100)} connections.
   */
  static void backend(HttpClientOptions options, PoolOptions pool, BackendConfig backend, int maxConcurrent) {
    if (backend.tls()) {
      options.setEnabledSecureTransportProtocols(TLS_VERSIONS);
    }
    BackendConfig.Protocol protocol = backend.protocol();
    if (protocol == BackendConfig.Protocol.HTTP1) {
      return;
    }
    int streams = Math.min(maxConcurrent, STREAMS_PER_CONNECTION);
    options.setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2MultiplexingLimit(streams);
    pool.setHttp2MaxSize((maxConcurrent + streams - 1) / streams);
    if (protocol == BackendConfig.Protocol.H2C) {
      options.setHttp2ClearTextUpgrade(false); // prior knowledge: no Upgrade round trip
    } else {
      options.setUseAlpn(true).setAlpnVersions(List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1));
    }
  }

  /**
   * Backend request headers that depend on the backend's protocol, after {@link Hop#toBackend}:
   * {@code TE: trailers} passes to an HTTP/2 backend when the client sent it (gRPC needs it; it is
   * the only {@code TE} HTTP/2 allows), and {@code Cookie} lines, which HTTP/2 clients may split,
   * are joined with {@code "; "} (RFC 9113 section 8.2.3), which HTTP/1.1 servers expect.
   */
  static void toBackend(MultiMap client, MultiMap backend, BackendConfig target) {
    if (target.protocol() != BackendConfig.Protocol.HTTP1 && acceptsTrailers(client)) {
      backend.set("te", "trailers");
    }
    List<String> cookies = backend.getAll(HttpHeaders.COOKIE);
    if (cookies.size() > 1) {
      backend.set(HttpHeaders.COOKIE, String.join("; ", cookies));
    }
  }

  private static boolean acceptsTrailers(MultiMap headers) {
    for (String value : headers.getAll("te")) {
      for (String token : value.split(",")) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        int semi = t.indexOf(';');
        if ((semi < 0 ? t : t.substring(0, semi).trim()).equals("trailers")) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Resets a backend request (a stream in HTTP/2, the connection in HTTP/1.1) because the client side
   * went away. A body pipe that failed has removed the request's exception handler, and Vert.x logs
   * a reset without one at ERROR: an expected reset is not an error.
   */
  static void resetQuietly(HttpClientRequest r) {
    try {
      r.exceptionHandler(e -> {});
    } catch (IllegalStateException alreadySent) {
      // the request is complete: its reset fails nothing and logs nothing
    }
    r.reset();
  }

  /**
   * Copies the backend response's trailers to the client response before it ends, when the client
   * side can carry them (HTTP/2, or a chunked HTTP/1.1 response); framing and hop-by-hop fields are
   * never copied. Call once the backend response has ended.
   */
  static void copyTrailers(HttpClientResponse from, HttpServerResponse to, HttpVersion clientVersion) {
    MultiMap trailers = from.trailers();
    if (trailers.isEmpty() || (clientVersion != HttpVersion.HTTP_2 && !to.isChunked())) {
      return;
    }
    MultiMap copy = MultiMap.caseInsensitiveMultiMap();
    Hop.copyEndToEnd(trailers, copy);
    copy.remove(HttpHeaders.CONTENT_LENGTH);
    to.trailers().addAll(copy);
  }
}
