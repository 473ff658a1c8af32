package dev.junction.proxy;

import dev.junction.config.BackendConfig;
import dev.junction.config.ListenerConfig;
import dev.junction.config.TlsConfig;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * HTTP/2 and TLS on both sides of the proxy: the listener's and the backends' TLS contexts and
 * HTTP/2 settings, and the few header rules that differ between HTTP/1.1 and HTTP/2 (RFC 9113
 * section 8). Framing itself ({@code Transfer-Encoding}, chunks, {@code END_STREAM}) is left to the
 * codec of each side; {@link Hop} already drops every connection-specific header HTTP/2 forbids.
 *
 * <p>Stateless; the per-request methods run on the exchange's event loop and never block.
 */
final class Protocols {
  /** TLS versions offered by the listener and to backends. */
  static final String[] TLS_VERSIONS = {"TLSv1.3", "TLSv1.2"};
  /** Concurrent streams per HTTP/2 connection, each way. */
  static final int STREAMS_PER_CONNECTION = 100;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Protocols.class);
  /**
   * Who does TLS, on both sides: OpenSSL (the BoringSSL that netty-tcnative bundles for Linux x86-64)
   * when it loads, else the JDK's provider, said once in the log. OpenSSL's handshakes cost a
   * fraction of the JDK's (docs/benchmarks.md); both resume sessions (tickets, session cache).
   */
  static final SslProvider PROVIDER = provider();

  private static SslProvider provider() {
    if (OpenSsl.isAvailable()) {
      return SslProvider.OPENSSL;
    }
    Throwable why = OpenSsl.unavailabilityCause();
    LOG.warn("TLS through the JDK's provider: OpenSSL (netty-tcnative) is not available here ({})",
        why == null || why.getMessage() == null ? "no reason given" : why.getMessage());
    return SslProvider.JDK;
  }

  /** The TLS library in use, as the start-up line names it. */
  static String tlsName() {
    return PROVIDER == SslProvider.OPENSSL ? "OpenSSL (" + OpenSsl.versionString() + ")" : "JDK";
  }

  private Protocols() {}

  /**
   * The listener's TLS context: TLS 1.2+, ALPN {@code h2, http/1.1} (only {@code http/1.1} when
   * {@code http2} is off), no client certificates. Reads the PEM files with the parser the config
   * check uses (blocking: call it off the event loops), so a file the check accepted is read the
   * same way here: PKCS#8, PKCS#1 RSA and SEC1 EC keys.
   */
  static SslContext listenerTls(TlsConfig tls, boolean http2) throws Exception {
    List<String> alpn = http2 ? List.of(ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1)
        : List.of(ApplicationProtocolNames.HTTP_1_1);
    return SslContextBuilder.forServer(tls.privateKey(), tls.chain())
        .sslProvider(PROVIDER)
        .protocols(TLS_VERSIONS)
        .applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, alpn))
        .build();
  }

  /**
   * A backend's TLS context: TLS 1.2+, the JDK's trust store ({@code javax.net.ssl.trustStore} when
   * set), ALPN {@code h2} for HTTP/2 backends. Host names are verified by the handler ({@link
   * #verifyHost}).
   */
  static SslContext backendTls(boolean h2) throws SSLException {
    SslContextBuilder b = SslContextBuilder.forClient().sslProvider(PROVIDER).protocols(TLS_VERSIONS);
    if (h2) {
      b.applicationProtocolConfig(new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
          ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
          ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, ApplicationProtocolNames.HTTP_2));
    }
    return b.build();
  }

  /** Makes a client-side TLS engine check the backend's certificate against its host name (RFC 2818). */
  static void verifyHost(javax.net.ssl.SSLEngine engine) {
    javax.net.ssl.SSLParameters p = engine.getSSLParameters();
    p.setEndpointIdentificationAlgorithm("HTTPS");
    engine.setSSLParameters(p);
  }

  /** HTTP/2 settings Junction announces: 100 concurrent streams, header lists up to {@code maxHeaderSize} (at least 8 KiB). */
  static Http2Settings settings(int maxHeaderSize, boolean server) {
    Http2Settings s = Http2Settings.defaultSettings()
        .maxConcurrentStreams(STREAMS_PER_CONNECTION)
        .maxHeaderListSize(Math.max(8192, maxHeaderSize));
    if (!server) {
      s.pushEnabled(false);
    }
    return s;
  }

  /** The {@code Host} of requests to {@code backend}: its host, and its port when the URL names one. */
  static String authority(BackendConfig backend) {
    String host = backend.url().getHost();
    if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
      host = "[" + host + "]";
    }
    return backend.url().getPort() == -1 ? host : host + ":" + backend.url().getPort();
  }

  /** The scheme a listener's clients use. */
  static String scheme(ListenerConfig listener) {
    return listener.tls() != null ? "https" : "http";
  }

  /**
   * {@code Cookie} lines, which HTTP/2 clients may split, joined with {@code "; "} (RFC 9113 section
   * 8.2.3), as HTTP/1.1 servers expect.
   */
  static void joinCookies(HttpHeaders h) {
    if (h.contains(HttpHeaderNames.COOKIE)) {
      List<String> cookies = h.getAll(HttpHeaderNames.COOKIE);
      if (cookies.size() > 1) {
        h.set(HttpHeaderNames.COOKIE, String.join("; ", cookies));
      }
    }
  }

  /**
   * True when the client sent {@code TE: trailers}: it passes to an HTTP/2 backend (gRPC needs it; it
   * is the only {@code TE} HTTP/2 allows), never to an HTTP/1.1 one.
   */
  static boolean acceptsTrailers(HttpHeaders headers) {
    if (!headers.contains(HttpHeaderNames.TE)) {
      return false;
    }
    for (String value : headers.getAll(HttpHeaderNames.TE)) {
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
}
