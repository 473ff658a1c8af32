package dev.junction.alias;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.Deque;
import org.jspecify.annotations.Nullable;

/**
 * The one canonical form of a request path, shared by aliasing, routing, caching and forwarding,
 * so that two spellings of the same resource can never take different routes.
 *
 * <p>{@link #canonicalize} takes the path of the request-target exactly as received
 * (percent-encoded, without the query) and:
 *
 * <ol>
 *   <li>decodes percent-encoded <em>unreserved</em> characters only ({@code ALPHA DIGIT - . _ ~}):
 *       {@code %2e} becomes {@code .}, {@code %41} becomes {@code A}. Every other escape is kept
 *       with upper-case hex digits: {@code %2f} becomes {@code %2F}, and an encoded slash is never a
 *       segment separator;
 *   <li>removes dot segments (RFC 3986 section 5.2.4): {@code /a/./b/../c} becomes {@code /a/c};
 *       a path whose {@code ..} would climb above the root is rejected, never clamped;
 *   <li>changes nothing else: empty segments ({@code //}) and a trailing slash are kept, because
 *       backends may give them meaning and a gateway must not guess.
 * </ol>
 *
 * <p>Rejected: an empty path or one not starting with {@code /} (the asterisk form {@code *} of
 * {@code OPTIONS} is the caller's to handle before calling), control characters (U+0000 to U+001F,
 * U+007F), characters above U+007F (raw non-ASCII bytes), characters that RFC 3986 does not allow
 * in a path ({@code space " # < > ? [ \ ] ^ ` { | }}; a {@code ?} means the query was not split
 * off), malformed escapes ({@code %zz}, {@code %4}) and the encoded NUL {@code %00}.
 *
 * <p>Thread-safe and allocation-light: a path without {@code %} and without dot segments is
 * returned as the same {@code String} instance, with only the {@link Result} allocated.
 */
public final class CanonicalPath {
  private static final int SHOWN_MAX = 120;
  private static final boolean[] PATH_CHARS = new boolean[128];

  static {
    for (char c = 'a'; c <= 'z'; c++) {
      PATH_CHARS[c] = true;
      PATH_CHARS[Character.toUpperCase(c)] = true;
    }
    for (char c = '0'; c <= '9'; c++) {
      PATH_CHARS[c] = true;
    }
    for (char c : "-._~!$&'()*+,;=:@/".toCharArray()) {
      PATH_CHARS[c] = true;
    }
  }

  private CanonicalPath() {}

  /**
   * The outcome: a canonical path ({@link #ok()}) or a rejected one with its {@link #reason()}.
   * Only this class creates results, so an ok result always holds a canonical path.
   */
  public sealed interface Result permits Valid, Invalid {
    boolean ok();

    /** The canonical path; throws {@link IllegalStateException} when not {@link #ok()}. */
    String path();

    /** Why the path was rejected; throws {@link IllegalStateException} when {@link #ok()}. */
    String reason();
  }

  /** A canonical path. */
  record Valid(String path) implements Result {
    Valid {
      requireNonNull(path, "path");
    }

    @Override
    public boolean ok() {
      return true;
    }

    @Override
    public String reason() {
      throw new IllegalStateException("reason: none (expected: an invalid result; path '" + path + "' is valid)");
    }
  }

  /**
   * A rejected path.
   *
   * @param rawPath the path as given
   * @param expected what a valid path would have had instead, for the {@code (expected: ...)} part
   */
  record Invalid(String rawPath, String expected) implements Result {
    Invalid {
      requireNonNull(rawPath, "rawPath");
      requireNonNull(expected, "expected");
    }

    @Override
    public boolean ok() {
      return false;
    }

    @Override
    public String path() {
      throw new IllegalStateException("path: invalid (" + reason() + ")");
    }

    /**
     * {@code path: '<raw>' (expected: ...)}, the raw path shown with control and non-ASCII
     * characters escaped as {@code \}{@code uXXXX} and cut after 120 characters, so it is safe to log.
     */
    @Override
    public String reason() {
      return "path: '" + shown(rawPath) + "' (expected: " + expected + ")";
    }
  }

  /**
   * Canonicalizes a request path.
   *
   * @param rawPath the request-target's path as received: percent-encoded, no query, not null
   * @return the canonical path, or why it was rejected; never throws for bad input
   */
  public static Result canonicalize(String rawPath) {
    requireNonNull(rawPath, "rawPath");
    int n = rawPath.length();
    if (n == 0 || rawPath.charAt(0) != '/') {
      return new Invalid(rawPath, rawPath.equals("*")
          ? "starts with '/'; the asterisk form of OPTIONS is handled before canonicalization"
          : "starts with '/'");
    }
    boolean simple = true;
    for (int i = 0; i < n; i++) {
      char c = rawPath.charAt(i);
      if (c == '%') {
        if (i + 2 >= n || hex(rawPath.charAt(i + 1)) < 0 || hex(rawPath.charAt(i + 2)) < 0) {
          return new Invalid(rawPath, "'%' followed by two hex digits at index " + i);
        }
        if (rawPath.charAt(i + 1) == '0' && rawPath.charAt(i + 2) == '0') {
          return new Invalid(rawPath, "no encoded NUL '%00', found at index " + i);
        }
        simple = false;
        i += 2;
      } else if (c < 0x20 || c == 0x7f) {
        return new Invalid(rawPath, "no control character, found " + codePoint(c) + " at index " + i);
      } else if (c >= 0x80) {
        return new Invalid(rawPath, "ASCII only (percent-encode other characters), found "
            + codePoint(c) + " at index " + i);
      } else if (!PATH_CHARS[c]) {
        return new Invalid(rawPath, "only characters allowed in a URI path, found '" + c + "' at index " + i);
      } else if (c == '.' && simple && isDotSegment(rawPath, i)) {
        simple = false;
      }
    }
    if (simple) {
      return new Valid(rawPath);
    }
    String result = removeDotSegments(decodeUnreserved(rawPath));
    if (result == null) {
      return new Invalid(rawPath, "no '..' segment climbing above the root");
    }
    return new Valid(result.equals(rawPath) ? rawPath : result);
  }

  /** True when the '.' at {@code i} starts a "." or ".." segment; {@code i > 0} (path starts with '/'). */
  private static boolean isDotSegment(String p, int i) {
    if (p.charAt(i - 1) != '/') {
      return false;
    }
    int end = i + 1 < p.length() && p.charAt(i + 1) == '.' ? i + 2 : i + 1;
    return end == p.length() || p.charAt(end) == '/';
  }

  /** Input already checked: every '%' has two hex digits. */
  private static String decodeUnreserved(String p) {
    StringBuilder out = new StringBuilder(p.length());
    for (int i = 0; i < p.length(); i++) {
      char c = p.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      char hi = p.charAt(i + 1);
      char lo = p.charAt(i + 2);
      char decoded = (char) (hex(hi) * 16 + hex(lo));
      if (isUnreserved(decoded)) {
        out.append(decoded);
      } else {
        out.append('%').append(Character.toUpperCase(hi)).append(Character.toUpperCase(lo));
      }
      i += 2;
    }
    return out.toString();
  }

  /** RFC 3986 5.2.4 on a path starting with '/'; null when a ".." would climb above the root. */
  private static @Nullable String removeDotSegments(String p) {
    StringBuilder out = new StringBuilder(p.length());
    Deque<Integer> segmentStarts = new ArrayDeque<>();
    int i = 0;
    while (i < p.length()) {
      int end = p.indexOf('/', i + 1);
      if (end < 0) {
        end = p.length();
      }
      boolean last = end == p.length();
      int len = end - i - 1;
      if (len == 1 && p.charAt(i + 1) == '.') {
        if (last) {
          out.append('/');
        }
      } else if (len == 2 && p.charAt(i + 1) == '.' && p.charAt(i + 2) == '.') {
        if (segmentStarts.isEmpty()) {
          return null;
        }
        out.setLength(segmentStarts.pop());
        if (last) {
          out.append('/');
        }
      } else {
        segmentStarts.push(out.length());
        out.append(p, i, end);
      }
      i = end;
    }
    return out.toString();
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || c == '-' || c == '.' || c == '_' || c == '~';
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static String codePoint(char c) {
    return String.format("U+%04X", (int) c);
  }

  static String shown(String raw) {
    StringBuilder out = new StringBuilder(Math.min(raw.length(), SHOWN_MAX) + 8);
    for (int i = 0; i < raw.length() && i < SHOWN_MAX; i++) {
      char c = raw.charAt(i);
      if (c < 0x20 || c >= 0x7f) {
        out.append(String.format("\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    if (raw.length() > SHOWN_MAX) {
      out.append("...");
    }
    return out.toString();
  }
}
