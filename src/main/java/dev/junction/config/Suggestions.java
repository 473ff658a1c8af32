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

  /**
   * Edit distance with adjacent transpositions (optimal string alignment): insertions, deletions,
   * substitutions and swaps of two neighbours each count one, so {@code GTE} is one edit from
   * {@code GET}.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
