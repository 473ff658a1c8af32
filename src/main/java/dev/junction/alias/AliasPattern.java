package dev.junction.alias;

import org.jspecify.annotations.Nullable;

/**
 * A parsed alias-table path: exact ({@code /audio/speech}) or prefix ({@code /v1/*}, stored as its
 * base {@code /v1/}). A prefix pattern matches every path starting with its base, so {@code /v1/*}
 * matches {@code /v1/} and {@code /v1/x} but neither {@code /v1} nor {@code /v1x}.
 *
 * @param text as declared, e.g. {@code /v1/*}
 * @param base the path itself when exact; without the final {@code *} when prefix (ends in '/')
 */
record AliasPattern(String text, String base, boolean prefix) {

  /** The pattern, or throws {@link IllegalArgumentException} with an {@code expected} text. */
  static AliasPattern parse(String text) {
    String problem = problem(text);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    boolean prefix = text.endsWith("/*");
    return new AliasPattern(text, prefix ? text.substring(0, text.length() - 1) : text, prefix);
  }

  /** What is wrong with {@code text} as a pattern, phrased as an expectation; null when fine. */
  static @Nullable String problem(String text) {
    if (!text.startsWith("/")) {
      return "a path starting with '/'";
    }
    boolean prefix = text.endsWith("/*");
    String base = prefix ? text.substring(0, text.length() - 1) : text;
    if (base.indexOf('*') >= 0) {
      return "'*' only in a final '/*'";
    }
    CanonicalPath.Result canonical = CanonicalPath.canonicalize(base);
    if (!canonical.ok()) {
      return ((CanonicalPath.Invalid) canonical).expected();
    }
    if (!canonical.path().equals(base)) {
      String shown = prefix ? canonical.path() + "*" : canonical.path();
      return "the canonical form '" + shown + "'";
    }
    return null;
  }

  boolean matches(String path) {
    return prefix ? path.startsWith(base) : path.equals(base);
  }

  /** True when some path matches both patterns. */
  boolean overlaps(AliasPattern other) {
    if (prefix && other.prefix) {
      return base.startsWith(other.base) || other.base.startsWith(base);
    }
    return prefix ? matches(other.base) : other.matches(base);
  }

  /**
   * True when this alias takes over {@code primary}: it matches the exact primary path, or every
   * path under the prefix primary. An exact alias under a prefix primary ({@code /tts} under
   * {@code /*}) only carves out one path of it and is allowed.
   */
  boolean shadows(AliasPattern primary) {
    if (!prefix) {
      return !primary.prefix && base.equals(primary.base);
    }
    return primary.base.startsWith(base);
  }

  @Override
  public String toString() {
    return text;
  }
}
