package dev.junction.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Header rules for one hop (RFC 9110 section 7.6.1): hop-by-hop headers and every header named in
 * {@code Connection} are dropped in both directions; everything else passes unchanged, repeated
 * headers stay separate lines in their order.
 *
 * <p>Runs for every request and response: header names are compared without lower-casing copies,
 * and headers the other side sets itself are skipped while copying rather than removed after.
 */
final class Hop {
  static final String VIA = "1.1 junction";

  private Hop() {}

  /** Always hop-by-hop, whether or not {@code Connection} names them (RFC 9110 7.6.1, RFC 9112). */
  static boolean isHopByHop(String name) {
    switch (name.length()) {
      case 2:
        return name.equalsIgnoreCase("te");
      case 7:
        return name.equalsIgnoreCase("trailer") || name.equalsIgnoreCase("upgrade");
      case 10:
        return name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
      case 16:
        return name.equalsIgnoreCase("proxy-connection");
      case 17:
        return name.equalsIgnoreCase("transfer-encoding");
      case 18:
        return name.equalsIgnoreCase("proxy-authenticate");
      case 19:
        return name.equalsIgnoreCase("proxy-authorization");
      default:
        return false;
    }
  }

  /** Copies end-to-end headers from {@code from} to {@code to}, dropping hop-by-hop ones. */
  static void copyEndToEnd(MultiMap from, MultiMap to) {
    copy(from, to, null, null, null);
  }

  /**
   * Copies end-to-end headers, also leaving out the headers named {@code skip1..3} (compared
   * ignoring case; null for none).
   */
  private static void copy(MultiMap from, MultiMap to, @Nullable String skip1, @Nullable String skip2, @Nullable String skip3) {
    Set<String> named = connectionNamed(from);
    for (Map.Entry<String, String> e : from) {
      String name = e.getKey();
      if (isHopByHop(name)
          || (skip1 != null && name.equalsIgnoreCase(skip1))
          || (skip2 != null && name.equalsIgnoreCase(skip2))
          || (skip3 != null && name.equalsIgnoreCase(skip3))
          || (named != null && named.contains(name.toLowerCase(Locale.ROOT)))) {
        continue;
      }
      to.add(name, e.getValue());
    }
  }

  /**
   * The lower-cased header names listed in {@code Connection} that are not hop-by-hop anyway, or
   * {@code null} when there are none: the usual {@code Connection: keep-alive} leaves nothing to
   * remember.
   */
  static @Nullable Set<String> connectionNamed(MultiMap headers) {
    if (!headers.contains(HttpHeaders.CONNECTION)) {
      return null;
    }
    Set<String> out = null;
    for (String value : headers.getAll(HttpHeaders.CONNECTION)) {
      for (String token : value.split(",")) {
        String t = token.trim().toLowerCase(Locale.ROOT);
        if (!t.isEmpty() && !isHopByHop(t)) {
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
    copy(client, backend, "host", "expect", "content-length");
    backend.add("X-Forwarded-For", clientAddress);
    backend.add("X-Forwarded-Proto", scheme);
    if (host != null) {
      backend.add("X-Forwarded-Host", host);
    }
    backend.add("Via", VIA);
  }

  /** Headers for the client response: end-to-end headers of the backend response plus {@code Via}. */
  static void toClient(MultiMap backend, MultiMap client) {
    copy(backend, client, "content-length", null, null);
    client.add("Via", VIA);
  }
}
