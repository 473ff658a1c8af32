package dev.junction.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Header rules for one hop (RFC 9110 section 7.6.1): hop-by-hop headers and every header named in
 * {@code Connection} are dropped in both directions; everything else passes unchanged, repeated
 * headers stay separate lines in their order.
 */
final class Hop {
  /** Always hop-by-hop, whether or not {@code Connection} names them. */
  private static final Set<String> HOP_BY_HOP = Set.of(
      "connection", "keep-alive", "proxy-connection", "proxy-authenticate", "proxy-authorization",
      "te", "trailer", "transfer-encoding", "upgrade");

  static final String VIA = "1.1 junction";

  private Hop() {}

  /** Copies end-to-end headers from {@code from} to {@code to}, dropping hop-by-hop ones. */
  static void copyEndToEnd(MultiMap from, MultiMap to) {
    Set<String> named = connectionNamed(from);
    for (var e : from) {
      String lower = e.getKey().toLowerCase(Locale.ROOT);
      if (HOP_BY_HOP.contains(lower) || (named != null && named.contains(lower))) {
        continue;
      }
      to.add(e.getKey(), e.getValue());
    }
  }

  /** The lower-cased header names listed in {@code Connection}, or {@code null} when there are none. */
  static @Nullable Set<String> connectionNamed(MultiMap headers) {
    Set<String> out = null;
    for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
      for (String token : value.split(",")) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (!t.isEmpty()) {
          if (out == null) {
            out = new HashSet<>();
          }
          out.add(t);
        }
      }
    }
    return out;
  }

  /**
   * Headers for the backend request: end-to-end headers of the client request, minus
   * {@code Host}, {@code Expect} (Junction answers 100-continue itself) and framing headers (the
   * backend request sets its own), plus forwarding information appended to what the client sent.
   */
  static void toBackend(MultiMap client, MultiMap backend, String clientAddress, String scheme, @Nullable String host) {
    copyEndToEnd(client, backend);
    backend.remove(HttpHeaders.HOST);
    backend.remove(HttpHeaders.EXPECT);
    backend.remove(HttpHeaders.CONTENT_LENGTH);
    backend.add("X-Forwarded-For", clientAddress);
    backend.add("X-Forwarded-Proto", scheme);
    if (host != null) {
      backend.add("X-Forwarded-Host", host);
    }
    backend.add("Via", VIA);
  }

  /** Headers for the client response: end-to-end headers of the backend response plus {@code Via}. */
  static void toClient(MultiMap backend, MultiMap client) {
    copyEndToEnd(backend, client);
    client.remove(HttpHeaders.CONTENT_LENGTH);
    client.add("Via", VIA);
  }
}
