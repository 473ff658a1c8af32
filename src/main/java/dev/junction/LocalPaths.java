package dev.junction;

import dev.junction.admin.ApiRegistry;
import java.util.Set;
import java.util.TreeSet;

/**
 * Paths Junction answers itself: {@code /health} on the data plane, and the admin API's paths. They
 * can have aliases but can never be aliases.
 */
final class LocalPaths {
  static final String HEALTH = "/health";

  private LocalPaths() {}

  /** The paths no alias may take: data-plane local paths and the admin API's fixed paths. */
  static Set<String> reserved(ApiRegistry admin) {
    Set<String> out = new TreeSet<>();
    out.add(HEALTH);
    out.add("/openapi.json");
    out.add("/docs");
    for (String p : admin.paths()) {
      if (!p.contains("{")) {
        out.add(p);
      }
    }
    return out;
  }
}
