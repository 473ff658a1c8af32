package dev.junction.routing;

import static java.util.Objects.requireNonNull;

/**
 * What a discovery decision is remembered under: method, canonical path and a fingerprint of the
 * routing-relevant payload. The key fully determines the decision: routing never caches an outcome
 * that depends on anything else (headers, query, fields outside {@code key_fields}).
 *
 * @param method upper-case method
 * @param path canonical path after alias resolution
 * @param fingerprint hex SHA-256 of the canonical JSON of the key fields, or {@code "-"} when the
 *     request has no payload part
 */
public record CacheKey(String method, String path, String fingerprint) {
  public static final String NO_PAYLOAD = "-";

  public CacheKey {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    requireNonNull(fingerprint, "fingerprint");
  }

  /** The stable text form used by persistent stores and the admin API: {@code METHOD path fingerprint}. */
  public String asString() {
    return method + " " + path + " " + fingerprint;
  }

  public static CacheKey parse(String text) {
    int a = text.indexOf(' ');
    int b = text.lastIndexOf(' ');
    if (a <= 0 || b <= a) {
      throw new IllegalArgumentException("cache key: '" + text + "' (expected: METHOD PATH FINGERPRINT)");
    }
    return new CacheKey(text.substring(0, a), text.substring(a + 1, b), text.substring(b + 1));
  }

  @Override
  public String toString() {
    return asString();
  }
}
