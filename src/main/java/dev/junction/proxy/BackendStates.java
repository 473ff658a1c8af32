package dev.junction.proxy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * What the forwarder has seen of each backend: whether the last exchange reached it and how many
 * connection-level failures came in a row. A status code, even 5xx, counts as reached: health here
 * is about whether the backend answers at all. Thread-safe; updated from every event loop.
 */
public final class BackendStates {
  /** One backend's state; {@code reached} is null until the first exchange. */
  public record State(@Nullable Boolean reached, @Nullable String lastFailure, int consecutiveFailures) {}

  private static final State UNKNOWN = new State(null, null, 0);
  private final Map<String, State> states = new ConcurrentHashMap<>();

  public State get(String backend) {
    return states.getOrDefault(backend, UNKNOWN);
  }

  void reached(String backend) {
    State s = states.get(backend);
    if (s == null || !Boolean.TRUE.equals(s.reached()) || s.consecutiveFailures() != 0) {
      states.put(backend, new State(true, s == null ? null : s.lastFailure(), 0));
    }
  }

  void failed(String backend, String why) {
    states.compute(backend, (k, s) -> new State(false, why, s == null ? 1 : s.consecutiveFailures() + 1));
  }
}
