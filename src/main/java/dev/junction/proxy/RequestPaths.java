package dev.junction.proxy;

import org.jspecify.annotations.Nullable;

/**
 * Turns the path a client sent into the one canonical primary path that routing, forwarding and
 * logs use: canonicalization first (dot segments, percent-encoding), then alias resolution.
 */
@FunctionalInterface
public interface RequestPaths {

  /**
   * @param primary the canonical primary path, {@code null} when the path is refused
   * @param alias the alias the client used, {@code null} when none
   * @param problem why the path is refused, {@code null} when it is not
   */
  record Resolution(@Nullable String primary, @Nullable String alias, @Nullable String problem) {
    public static Resolution refused(String why) {
      return new Resolution(null, null, why);
    }

    public static Resolution of(String primary, @Nullable String alias) {
      return new Resolution(primary, alias, null);
    }
  }

  /** {@code rawPath} is the request target's path exactly as received, without the query. */
  Resolution resolve(String rawPath);
}
