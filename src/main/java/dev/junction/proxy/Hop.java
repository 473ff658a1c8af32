package dev.junction.proxy;

import dev.junction.http1.ArrayHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Header rules for one hop (RFC 9110 section 7.6.1): hop-by-hop headers and every header named in
 * {@code Connection} are dropped in both directions; everything else passes unchanged, repeated
 * headers stay separate lines in their order.
 *
 * <p>Runs for every request and response: the decoded header maps are edited in place (most
 * messages carry nothing to drop, so that is one pass over the names), names are compared without
 * lower-casing copies and values are never converted. Maps Junction builds itself skip validation:
 * every name and value comes from a decoder that already validated it, or from Junction.
 */
final class Hop {
  static final String VIA = "1.1 junction";
  static final AsciiString VIA_NAME = HttpHeaderNames.VIA;
  static final AsciiString X_FORWARDED_FOR = AsciiString.cached("X-Forwarded-For");
  static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("X-Forwarded-Proto");
  static final AsciiString X_FORWARDED_HOST = AsciiString.cached("X-Forwarded-Host");
  /** Headers Junction builds itself: no validation needed (see the class comment). */
  static final HttpHeadersFactory OUTBOUND = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
  /** Netty's HTTP/2 to HTTP/1 conversion adds these ({@code x-http2-stream-id}...): never forwarded. */
  private static final String HTTP2_EXTENSION = "x-http2-";

  private Hop() {}

  /** Always hop-by-hop, whether or not {@code Connection} names them (RFC 9110 7.6.1, RFC 9112). */
  static boolean isHopByHop(CharSequence name) {
    return isHopByHop(name, 0, name.length());
  }

  /** {@link #isHopByHop(CharSequence)} for the characters {@code [from, to)} of {@code s}. */
  static boolean isHopByHop(CharSequence s, int from, int to) {
    switch (to - from) {
      case 2:
        return is(s, from, "te");
      case 7:
        return is(s, from, "trailer") || is(s, from, "upgrade");
      case 10:
        return is(s, from, "connection") || is(s, from, "keep-alive");
      case 16:
        return is(s, from, "proxy-connection");
      case 17:
        return is(s, from, "transfer-encoding");
      case 18:
        return is(s, from, "proxy-authenticate");
      case 19:
        return is(s, from, "proxy-authorization");
      default:
        return false;
    }
  }

  private static boolean is(CharSequence s, int from, String lowerCaseName) {
    return AsciiString.regionMatches(s, true, from, lowerCaseName, 0, lowerCaseName.length());
  }

  /** A new, empty header set for a message Junction writes. */
  static HttpHeaders newHeaders() {
    return OUTBOUND.newHeaders();
  }

  /**
   * The last piece of a body, without trailers. Netty's own constructor gives every last piece a
   * fresh (empty) trailer map, one of the larger objects of an exchange; Junction only ever reads
   * the trailers of a piece (a piece with trailers is built with its own map), so these share the
   * immutable empty one.
   */
  static LastHttpContent lastPiece(ByteBuf content) {
    return new DefaultLastHttpContent(content, EmptyHttpHeaders.INSTANCE);
  }

  /** Copies end-to-end headers from {@code from} to {@code to}, dropping hop-by-hop ones. */
  static void copyEndToEnd(HttpHeaders from, HttpHeaders to) {
    copy(from, to, null, null, null);
  }

  /**
   * Copies end-to-end headers, also leaving out the headers named {@code skip1..3} (compared
   * ignoring case; null for none) and Netty's {@code x-http2-*} conversion headers.
   */
  private static void copy(HttpHeaders from, HttpHeaders to, @Nullable String skip1, @Nullable String skip2,
      @Nullable String skip3) {
    Set<String> named = connectionNamed(from);
    Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence();
    while (it.hasNext()) {
      Map.Entry<CharSequence, CharSequence> e = it.next();
      if (!dropped(e.getKey(), named, skip1, skip2, skip3)) {
        to.add(e.getKey(), e.getValue());
      }
    }
  }

  /**
   * The lower-cased header names listed in {@code Connection} that are not hop-by-hop anyway, or
   * {@code null} when there are none: the usual {@code Connection: keep-alive} leaves nothing to
   * remember.
   */
  static @Nullable Set<String> connectionNamed(HttpHeaders headers) {
    if (headers instanceof ArrayHeaders a && onlyHopByHopListed(a)) {
      return null; // the usual case, Connection: keep-alive or close, checked without a copy
    }
    if (!headers.contains(HttpHeaderNames.CONNECTION)) {
      return null;
    }
    Set<String> out = null;
    for (String value : headers.getAll(HttpHeaderNames.CONNECTION)) {
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

  /** True when every Connection field of {@code h} lists only hop-by-hop names (or there is none). */
  private static boolean onlyHopByHopListed(ArrayHeaders h) {
    return !h.anyElement(HttpHeaderNames.CONNECTION, (v, from, to) -> to > from && !isHopByHop(v, from, to));
  }

  /**
   * Turns a client request's headers, in place, into the end-to-end part of the backend request's:
   * drops hop-by-hop headers, those named in {@code Connection}, {@code Host}, {@code Expect},
   * {@code Content-Length} (each attempt sets its own host and framing) and Netty's {@code
   * x-http2-*} conversion headers. Read whatever of those is needed first. Most requests carry none
   * of them: one pass over the names, no copy.
   */
  static void stripForBackend(HttpHeaders h) {
    strip(h, "host", "expect", "content-length");
  }

  /**
   * Turns a backend answer's headers, in place, into the client answer's end-to-end headers: drops
   * hop-by-hop headers, those named in {@code Connection}, and Netty's {@code x-http2-*} conversion
   * headers. {@code Content-Length} stays: the relay decides the framing.
   */
  static void stripForClient(HttpHeaders h) {
    strip(h, null, null, null);
  }

  private static void strip(HttpHeaders h, @Nullable String skip1, @Nullable String skip2, @Nullable String skip3) {
    Set<String> named = connectionNamed(h);
    if (h instanceof ArrayHeaders a) { // the decoders' maps: by index, no entry objects
      for (int i = a.size() - 1; i >= 0; i--) {
        if (dropped(a.nameAt(i), named, skip1, skip2, skip3)) {
          a.removeAt(i);
        }
      }
      return;
    }
    java.util.List<CharSequence> drop = null;
    Iterator<Map.Entry<CharSequence, CharSequence>> it = h.iteratorCharSequence();
    while (it.hasNext()) {
      CharSequence name = it.next().getKey();
      if (dropped(name, named, skip1, skip2, skip3)) {
        if (drop == null) {
          drop = new java.util.ArrayList<>(4);
        }
        drop.add(name);
      }
    }
    if (drop != null) {
      for (CharSequence name : drop) {
        h.remove(name);
      }
    }
  }

  private static boolean dropped(CharSequence name, @Nullable Set<String> named, @Nullable String skip1,
      @Nullable String skip2, @Nullable String skip3) {
    return isHopByHop(name)
        || (skip1 != null && AsciiString.contentEqualsIgnoreCase(name, skip1))
        || (skip2 != null && AsciiString.contentEqualsIgnoreCase(name, skip2))
        || (skip3 != null && AsciiString.contentEqualsIgnoreCase(name, skip3))
        || (name.length() > 8 && name.charAt(0) == 'x' && AsciiString.regionMatches(name, true, 0, HTTP2_EXTENSION, 0, 8))
        || (named != null && named.contains(name.toString().toLowerCase(Locale.ROOT)));
  }

  /** Headers for the client response: end-to-end headers of the backend response plus {@code Via}. */
  static void toClient(HttpHeaders backend, HttpHeaders client) {
    copy(backend, client, "content-length", null, null);
    client.add(VIA_NAME, VIA);
  }
}
