package dev.junction.config;

import java.net.URI;
import java.net.URISyntaxException;
import org.jspecify.annotations.Nullable;

/** Parsing of backend and Redis URLs. Stateless. */
final class Urls {
  static final String EXPECTED = "an http:// or https:// URL such as http://127.0.0.1:3000";
  static final String EXPECTED_REDIS = "redis://HOST:PORT[/DB] or rediss://HOST:PORT[/DB]";

  private Urls() {}

  /** {@code text} as an http(s) URL with a host, or {@code null} when it is not one. */
  static @Nullable URI backend(String text) {
    return parse(text, "http", "https");
  }

  /**
   * Why the http(s) URL {@code url} cannot name a backend, or {@code null} when it can. Credentials
   * are refused: Junction would not send them, and a log line would show them.
   */
  static @Nullable String backendProblem(URI url) {
    return url.getRawUserInfo() == null ? null : "user info in URL (expected: " + EXPECTED + ", without user:password@)";
  }

  /** {@code text} as a redis(s) URL with a host, or {@code null} when it is not one. */
  static @Nullable URI redis(String text) {
    return parse(text, "redis", "rediss");
  }

  private static @Nullable URI parse(String text, String scheme, String secureScheme) {
    try {
      URI uri = new URI(text);
      boolean schemeOk = scheme.equals(uri.getScheme()) || secureScheme.equals(uri.getScheme());
      return schemeOk && uri.getHost() != null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
