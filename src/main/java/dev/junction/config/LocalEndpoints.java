package dev.junction.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The data-plane paths Junction answers itself because of configuration ({@code openapi.path},
 * {@code openapi.docs_path} when a backend declares a document, {@code models.path}). A local path is never forwarded, so a rule that
 * could match it would be shadowed silently: that is a configuration error, fixed by moving the
 * local path or disabling it.
 */
final class LocalEndpoints {
  private LocalEndpoints() {}

  /** Adds a problem for every rule whose path (or template) matches one of the local paths. */
  static void checkClashes(OpenApiConfig openapi, boolean servesOpenapi, @Nullable ModelsConfig models, List<RuleConfig> rules, LoadProblems problems) {
    Map<String, String> local = new LinkedHashMap<>();
    if (servesOpenapi) {
      local.put(openapi.path(), "junction.openapi.path");
      local.put(openapi.docsPath(), "junction.openapi.docs_path");
    }
    if (models != null) {
      local.put(models.path(), "junction.models.path");
    }
    for (int i = 0; i < rules.size(); i++) {
      RuleConfig rule = rules.get(i);
      for (Map.Entry<String, String> e : local.entrySet()) {
        if (matches(rule.path(), e.getKey())) {
          problems.add(rule.origin(), "junction.routes[" + i + "].path", "'" + rule.path() + "' matches " + e.getKey()
              + ", which Junction answers itself (expected: another path, or move " + e.getValue()
              + (e.getValue().startsWith("junction.openapi") ? ", or set junction.openapi.enabled: false)" : ")"));
        }
      }
    }
  }

  /** Whether rule path {@code template} ({@code {x}} = one non-empty segment) matches {@code path}. */
  static boolean matches(String template, String path) {
    String[] t = template.split("/", -1);
    String[] p = path.split("/", -1);
    if (t.length != p.length) {
      return false;
    }
    for (int i = 0; i < t.length; i++) {
      boolean variable = t[i].length() > 2 && t[i].startsWith("{") && t[i].endsWith("}");
      if (variable ? p[i].isEmpty() : !t[i].equals(p[i])) {
        return false;
      }
    }
    return true;
  }
}
