package dev.junction.config;

import java.util.Collection;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** "Did you mean" hints for unknown keys and names: the closest candidate by edit distance. */
final class Suggestions {
  private Suggestions() {}

  /**
   * {@code (expected one of: a, b, c)} followed by {@code  - did you mean 'b'?} when one candidate
   * is close to {@code actual}.
   */
  static String expectedOneOf(String actual, Collection<String> candidates) {
    String expected = candidates.isEmpty() ? "(expected: a defined name, but none is defined)"
        : "(expected one of: " + String.join(", ", candidates) + ")";
    String close = closest(actual, candidates);
    return close == null ? expected : expected + " - did you mean '" + close + "'?";
  }

  /**
   * The candidate nearest to {@code actual}, ignoring case, if it is at most 1 edit away for
   * short words and 2 for words of 5 characters or more, and keeps at least one character of
   * {@code actual}; {@code null} when none is that close.
   */
  static @Nullable String closest(String actual, Collection<String> candidates) {
    String a = actual.toLowerCase(Locale.ROOT);
    int limit = a.length() >= 5 ? 2 : 1;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(a, c.toLowerCase(Locale.ROOT));
      if (d <= limit && d < a.length() && d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Levenshtein distance (insertions, deletions, substitutions). */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
