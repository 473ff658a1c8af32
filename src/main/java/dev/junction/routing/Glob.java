package dev.junction.routing;

import static java.util.Objects.requireNonNull;

/**
 * A compiled glob: {@code *} matches any run of characters (possibly empty), {@code ?} exactly one
 * character (a Unicode code point), everything else itself. There is no escape and no other
 * metacharacter, so a pattern is never interpreted as a regular expression.
 *
 * <p>Matching is greedy with a single backtrack point (the last {@code *} seen), so it runs in
 * O(pattern × text) time at worst and constant extra space, whatever the pattern. Immutable and
 * thread-safe; {@link #matches} does not allocate.
 */
final class Glob {
  private static final int STAR = -1;
  private static final int ONE = -2;

  private final String pattern;
  /** Code points of the pattern, with {@link #STAR} and {@link #ONE} for the metacharacters. */
  private final int[] tokens;

  private Glob(String pattern, int[] tokens) {
    this.pattern = pattern;
    this.tokens = tokens;
  }

  static Glob compile(String pattern) {
    requireNonNull(pattern, "pattern");
    int[] tokens = pattern.codePoints().map(c -> c == '*' ? STAR : c == '?' ? ONE : c).toArray();
    return new Glob(pattern, tokens);
  }

  boolean matches(CharSequence text) {
    requireNonNull(text, "text");
    int p = 0;
    int t = 0;
    int starP = -1;
    int starT = -1;
    while (t < text.length()) {
      int c = Character.codePointAt(text, t);
      if (p < tokens.length && tokens[p] == STAR) {
        starP = p++;
        starT = t;
      } else if (p < tokens.length && (tokens[p] == ONE || tokens[p] == c)) {
        p++;
        t += Character.charCount(c);
      } else if (starP >= 0) {
        // Let the last star absorb one more character and retry from just after it.
        p = starP + 1;
        starT += Character.charCount(Character.codePointAt(text, starT));
        t = starT;
      } else {
        return false;
      }
    }
    while (p < tokens.length && tokens[p] == STAR) {
      p++;
    }
    return p == tokens.length;
  }

  @Override
  public String toString() {
    return pattern;
  }
}
