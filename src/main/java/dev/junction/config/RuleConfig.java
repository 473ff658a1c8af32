package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An explicit routing rule. Rules are tried in config order; the first that matches decides.
 *
 * @param id stable name for logs, {@code routes/explain} and metrics ({@code route-N} when unnamed)
 * @param path exact path ({@code /audio/speech}) or template ({@code /models/{id}}; a segment
 *     {@code {name}} matches one non-empty segment)
 * @param methods upper-case methods this rule applies to; empty means any method
 * @param payload alternatives over the JSON payload; empty means the payload is not looked at.
 *     Payload is only read for POST, PUT and PATCH; other methods never match a payload rule
 * @param backends backend names, in order; the first healthy one is used
 * @param success statuses that count as success for this route's discovery; {@code null} means
 *     the discovery default
 * @param origin where the rule was declared
 */
public record RuleConfig(
    String id,
    String path,
    Set<String> methods,
    List<PayloadCondition> payload,
    List<String> backends,
    @Nullable StatusSet success,
    Origin origin) {

  public RuleConfig {
    requireNonNull(id, "id");
    requireNonNull(path, "path");
    requireNonNull(origin, "origin");
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path: '" + path + "' (expected: starts with /)");
    }
    methods = Set.copyOf(methods);
    payload = List.copyOf(payload);
    backends = List.copyOf(backends);
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("backends: empty (expected: at least one backend)");
    }
  }

  public boolean hasPayload() {
    return !payload.isEmpty();
  }
}
