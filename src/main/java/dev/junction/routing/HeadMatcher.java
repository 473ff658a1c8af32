package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.config.HeadConditions;
import dev.junction.config.ValueMatcher;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A rule's {@link HeadConditions}, compiled: headers, query parameters and host, all of which must
 * hold. Header and host tests read the request's own characters and allocate nothing; a query test
 * decodes a parameter only when its raw text holds {@code %} or {@code +}. Immutable and thread-safe.
 */
final class HeadMatcher {
  private final Named[] headers;
  private final Named[] query;
  /** Exact hosts, lower case, without a trailing dot. */
  private final String[] hosts;
  /** {@code .example.com} for {@code *.example.com}, lower case, without a trailing dot. */
  private final String[] suffixes;
  private final boolean anyHost;

  private HeadMatcher(Named[] headers, Named[] query, String[] hosts, String[] suffixes) {
    this.headers = headers;
    this.query = query;
    this.hosts = hosts;
    this.suffixes = suffixes;
    this.anyHost = hosts.length == 0 && suffixes.length == 0;
  }

  /** {@code null} when {@code c} has no condition. */
  static @Nullable HeadMatcher compile(HeadConditions c) {
    requireNonNull(c, "conditions");
    if (c.isEmpty()) {
      return null;
    }
    List<String> exact = new ArrayList<>();
    List<String> below = new ArrayList<>();
    for (String h : c.hosts()) {
      String host = h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
      if (host.startsWith("*.")) {
        below.add(host.substring(1));
      } else {
        exact.add(host);
      }
    }
    return new HeadMatcher(named(c.headers()), named(c.query()), exact.toArray(new String[0]), below.toArray(new String[0]));
  }

  private static Named[] named(Map<String, ValueMatcher> conditions) {
    Named[] out = new Named[conditions.size()];
    int i = 0;
    for (Map.Entry<String, ValueMatcher> e : conditions.entrySet()) {
      out[i++] = new Named(e.getKey(), TextTest.of(e.getValue()));
    }
    return out;
  }

  boolean matches(RequestHead head) {
    return hostMatches(head.authority()) && headersMatch(head) && queryMatches(head.rawQuery());
  }

  private boolean headersMatch(RequestHead head) {
    int count = head.headerCount();
    for (Named condition : headers) {
      boolean present = false;
      boolean passed = false;
      for (int i = 0; i < count && !passed; i++) {
        if (equalsIgnoreAsciiCase(head.headerName(i), condition.name)) {
          present = true;
          passed = condition.test.value != null && condition.test.test(head.headerValue(i));
        }
      }
      if (condition.test.value == null ? present != condition.test.present : !passed) {
        return false;
      }
    }
    return true;
  }

  private boolean queryMatches(@Nullable CharSequence raw) {
    for (Named condition : query) {
      boolean present = false;
      boolean passed = false;
      if (raw != null) {
        int start = 0;
        while (start <= raw.length() && !passed) {
          int end = indexOf(raw, '&', start, raw.length());
          int nameEnd = indexOf(raw, '=', start, end);
          if (end > start && decodedEquals(raw, start, nameEnd, condition.name)) {
            present = true;
            if (condition.test.value != null) {
              int valueStart = nameEnd == end ? end : nameEnd + 1;
              passed = condition.test.test(decoded(raw, valueStart, end));
            }
          }
          start = end + 1;
        }
      }
      if (condition.test.value == null ? present != condition.test.present : !passed) {
        return false;
      }
    }
    return true;
  }

  private boolean hostMatches(@Nullable CharSequence authority) {
    if (anyHost) {
      return true;
    }
    if (authority == null) {
      return false;
    }
    int end = authority.length();
    if (end > 0 && authority.charAt(0) == '[') {
      int close = indexOf(authority, ']', 0, end);
      end = close < end ? close + 1 : end;
    } else {
      int colon = indexOf(authority, ':', 0, end);
      end = Math.min(colon, end);
      if (end > 0 && authority.charAt(end - 1) == '.') {
        end--;
      }
    }
    for (String h : hosts) {
      if (end == h.length() && regionEqualsIgnoreCase(authority, 0, h)) {
        return true;
      }
    }
    for (String s : suffixes) {
      if (end > s.length() && regionEqualsIgnoreCase(authority, end - s.length(), s)) {
        return true;
      }
    }
    return false;
  }

  /** The index of {@code c} in {@code s} between {@code from} and {@code to}, or {@code to} when there is none. */
  private static int indexOf(CharSequence s, char c, int from, int to) {
    for (int i = from; i < to; i++) {
      if (s.charAt(i) == c) {
        return i;
      }
    }
    return to;
  }

  static boolean equalsIgnoreAsciiCase(CharSequence a, String lower) {
    return a.length() == lower.length() && regionEqualsIgnoreCase(a, 0, lower);
  }

  /** Whether {@code s} at {@code from} holds {@code lower}, ignoring ASCII case. */
  private static boolean regionEqualsIgnoreCase(CharSequence s, int from, String lower) {
    for (int i = 0; i < lower.length(); i++) {
      char c = s.charAt(from + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean decodedEquals(CharSequence raw, int from, int to, String expected) {
    if (!escaped(raw, from, to)) {
      if (to - from != expected.length()) {
        return false;
      }
      for (int i = 0; i < expected.length(); i++) {
        if (raw.charAt(from + i) != expected.charAt(i)) {
          return false;
        }
      }
      return true;
    }
    return decoded(raw, from, to).equals(expected);
  }

  private static boolean escaped(CharSequence raw, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      if (c == '%' || c == '+') {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code raw[from, to)} percent-decoded as UTF-8, {@code +} as a space; a {@code %} not followed by
   * two hex digits stays as written, and bytes that are not UTF-8 become U+FFFD.
   */
  static CharSequence decoded(CharSequence raw, int from, int to) {
    if (!escaped(raw, from, to)) {
      return raw.subSequence(from, to);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
    for (int i = from; i < to; i++) {
      char c = raw.charAt(i);
      int hi;
      int lo;
      if (c == '+') {
        bytes.write(' ');
      } else if (c == '%' && i + 2 < to
          && (hi = Character.digit(raw.charAt(i + 1), 16)) >= 0 && (lo = Character.digit(raw.charAt(i + 2), 16)) >= 0) {
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** One text test; {@code value == null} for {@code exists}. */
  private static final class TextTest {
    final @Nullable Object value;
    final boolean present;

    private TextTest(@Nullable Object value, boolean present) {
      this.value = value;
      this.present = present;
    }

    static TextTest of(ValueMatcher m) {
      if (m instanceof ValueMatcher.Equals e) {
        return new TextTest(new String[] {e.value().textValue()}, true);
      } else if (m instanceof ValueMatcher.OneOf o) {
        return new TextTest(o.values().stream().map(v -> v.textValue()).toArray(String[]::new), true);
      } else if (m instanceof ValueMatcher.Glob g) {
        return new TextTest(Glob.compile(g.pattern()), true);
      } else if (m instanceof ValueMatcher.Exists x) {
        return new TextTest(null, x.present());
      }
      throw new IllegalArgumentException("matcher: " + m + " (expected: equals, one_of, glob or exists)");
    }

    boolean test(CharSequence v) {
      if (value instanceof Glob g) {
        return g.matches(v);
      }
      for (String s : (String[]) requireNonNull(value)) {
        if (s.contentEquals(v)) {
          return true;
        }
      }
      return false;
    }
  }

  private record Named(String name, TextTest test) {}
}
