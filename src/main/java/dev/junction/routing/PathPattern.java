package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A compiled rule path: exact ({@code /audio/speech}) or a template ({@code /v1/{org}/items/{id}})
 * where a {@code {name}} segment matches one whole, non-empty segment.
 *
 * <p>Matching is on the canonical path the caller already normalized and alias-resolved: nothing
 * is decoded, so {@code {id}} matches {@code a%2Fb} as one segment. A trailing slash is literal:
 * {@code /models/} and {@code /models} are different paths. Instances are immutable and thread-safe;
 * {@link #matches} does not allocate.
 */
public final class PathPattern {
  private final String pattern;
  /** One entry per segment: the literal text, or {@code null} for a {@code {name}} segment. */
  private final @Nullable String[] segments;
  private final boolean template;
  private final int literalSegments;

  /**
   * Compiles {@code pattern}.
   *
   * @throws IllegalArgumentException {@code "path: '...' (expected: ...)"} when the pattern does not
   *     start with {@code /}, has an empty segment other than a trailing slash, a query, a fragment,
   *     whitespace, a {@code *}, or braces that are not a whole {@code {name}} segment
   */
  public PathPattern(String pattern) {
    requireNonNull(pattern, "pattern");
    this.pattern = pattern;
    if (!pattern.startsWith("/")) {
      throw invalid(pattern, "starts with /");
    }
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '?' || c == '#') {
        throw invalid(pattern, "no query or fragment");
      }
      if (c == '*') {
        throw invalid(pattern, "an exact path or {name} segments; * is not a wildcard in rule paths");
      }
      if (c <= ' ' || c == 0x7f) {
        throw invalid(pattern, "no whitespace or control characters; percent-encode them");
      }
    }
    String[] parts = pattern.substring(1).split("/", -1);
    segments = new String[parts.length];
    Set<String> names = new HashSet<>();
    int literals = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.isEmpty() && i < parts.length - 1) {
        throw invalid(pattern, "no empty segment");
      }
      if (part.indexOf('{') < 0 && part.indexOf('}') < 0) {
        segments[i] = part;
        literals++;
        continue;
      }
      if (!part.startsWith("{") || !part.endsWith("}") || part.length() < 2) {
        throw invalid(pattern, "{name} as a whole segment");
      }
      String name = part.substring(1, part.length() - 1);
      if (!validName(name)) {
        throw invalid(pattern, "a {name} of letters, digits, '_', '-' or '.'");
      }
      if (!names.add(name)) {
        throw invalid(pattern, "distinct names, '" + name + "' appears twice");
      }
      segments[i] = null;
    }
    this.template = !names.isEmpty();
    this.literalSegments = literals;
  }

  private static boolean validName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '_' || c == '-' || c == '.';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException invalid(String pattern, String expected) {
    return new IllegalArgumentException("path: '" + pattern + "' (expected: " + expected + ")");
  }

  /** Whether {@code path} (canonical, starting with {@code /}) is one this pattern matches. */
  public boolean matches(String path) {
    requireNonNull(path, "path");
    if (!template) {
      return pattern.equals(path);
    }
    int pos = 0;
    for (String literal : segments) {
      if (pos >= path.length() || path.charAt(pos) != '/') {
        return false;
      }
      int start = pos + 1;
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      if (literal == null) {
        if (end == start) {
          return false;
        }
      } else if (end - start != literal.length() || !path.regionMatches(start, literal, 0, literal.length())) {
        return false;
      }
      pos = end;
    }
    return pos == path.length();
  }

  /** True when the pattern has at least one {@code {name}} segment. */
  public boolean isTemplate() {
    return template;
  }

  /**
   * True when every path {@code other} matches, this pattern matches too (used to find rules that
   * can never match). An exact pattern covers only the same exact pattern.
   */
  public boolean covers(PathPattern other) {
    requireNonNull(other, "other");
    if (!template) {
      return !other.template && pattern.equals(other.pattern);
    }
    if (segments.length != other.segments.length) {
      return false;
    }
    for (int i = 0; i < segments.length; i++) {
      String mine = segments[i];
      String theirs = other.segments[i];
      if (mine == null) {
        if (theirs != null && theirs.isEmpty()) {
          return false;
        }
      } else if (!mine.equals(theirs)) {
        return false;
      }
    }
    return true;
  }

  /** The pattern as written. */
  public String pattern() {
    return pattern;
  }

  /** Number of segments a matching path has (its count of {@code /}). */
  int segmentCount() {
    return segments.length;
  }

  /** Number of literal (non-{@code {name}}) segments; more means more specific. */
  int literalSegments() {
    return literalSegments;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof PathPattern p && p.pattern.equals(pattern);
  }

  @Override
  public int hashCode() {
    return pattern.hashCode();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
