package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
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
 * @param backends backend names, in order; with {@link BalanceStrategy#FIRST} the first healthy one
 *     is used, the others only when it cannot be reached
 * @param success statuses that count as success for this route's discovery; {@code null} means
 *     the discovery default. A balanced rule (see {@code balance}) moves on from a backend whose
 *     status is not in it; without it, from a 5xx
 * @param origin where the rule was declared
 * @param balance how the backends share requests (default {@link BalanceConfig#FIRST}); its weights
 *     name only backends of this rule
 * @param responseTimeout how long each backend of this rule has to send a response head; {@code
 *     null} means the backend's, else {@code proxy.response_timeout}
 * @param retryNonIdempotentOnTimeout a POST (or other non-idempotent request) whose response head
 *     did not come in time goes to the next backend (opt-in: the first backend may still act on it)
 * @param head conditions on headers, query parameters and host; all must hold, for any method
 */
public record RuleConfig(
    String id,
    String path,
    Set<String> methods,
    List<PayloadCondition> payload,
    List<String> backends,
    @Nullable StatusSet success,
    Origin origin,
    BalanceConfig balance,
    @Nullable Duration responseTimeout,
    boolean retryNonIdempotentOnTimeout,
    HeadConditions head) {

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
    requireNonNull(balance, "balance");
    requireNonNull(head, "head");
    if (responseTimeout != null && (responseTimeout.isNegative() || responseTimeout.isZero())) {
      throw new IllegalArgumentException("response_timeout: " + responseTimeout + " (expected: > 0)");
    }
    for (String name : balance.weights().keySet()) {
      if (!backends.contains(name)) {
        throw new IllegalArgumentException("weights: backend '" + name + "' (expected: one of " + backends + ")");
      }
    }
  }

  /** A rule without conditions on headers, query or host. */
  public RuleConfig(String id, String path, Set<String> methods, List<PayloadCondition> payload, List<String> backends,
      @Nullable StatusSet success, Origin origin, BalanceConfig balance, @Nullable Duration responseTimeout,
      boolean retryNonIdempotentOnTimeout) {
    this(id, path, methods, payload, backends, success, origin, balance, responseTimeout, retryNonIdempotentOnTimeout,
        HeadConditions.NONE);
  }

  /** A rule with the backends' (or the global) response timeout, and no move-on after a timeout for POST. */
  public RuleConfig(String id, String path, Set<String> methods, List<PayloadCondition> payload, List<String> backends,
      @Nullable StatusSet success, Origin origin, BalanceConfig balance) {
    this(id, path, methods, payload, backends, success, origin, balance, null, false, HeadConditions.NONE);
  }

  /** A rule with {@link BalanceConfig#FIRST}: backends tried in the order written. */
  public RuleConfig(String id, String path, Set<String> methods, List<PayloadCondition> payload, List<String> backends,
      @Nullable StatusSet success, Origin origin) {
    this(id, path, methods, payload, backends, success, origin, BalanceConfig.FIRST);
  }

  public boolean hasPayload() {
    return !payload.isEmpty();
  }
}
