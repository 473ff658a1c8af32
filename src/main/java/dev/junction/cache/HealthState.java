package dev.junction.cache;

import static java.util.Objects.requireNonNull;

import dev.junction.cache.DecisionStore.StoreHealth;

/**
 * The up/down state of one store, shared between the thread that uses the store and whoever reads
 * {@link DecisionStore#health()}. Transitions report the previous phase so the caller logs exactly
 * one WARN per outage and one INFO per recovery. Thread-safe.
 */
final class HealthState {

  /** Where the store stands; {@code STARTING} until the first attempt to use it has finished. */
  enum Phase {
    STARTING,
    UP,
    DOWN
  }

  private final String kind;
  private Phase phase = Phase.STARTING;
  private StoreHealth current;

  HealthState(String kind, String startingDetail) {
    this.kind = requireNonNull(kind, "kind");
    this.current = new StoreHealth(kind, false, requireNonNull(startingDetail, "startingDetail"));
  }

  synchronized StoreHealth get() {
    return current;
  }

  synchronized Phase phase() {
    return phase;
  }

  /** Marks the store usable; returns the phase it was in. */
  synchronized Phase up(String detail) {
    Phase previous = phase;
    phase = Phase.UP;
    current = new StoreHealth(kind, true, detail);
    return previous;
  }

  /** Marks the store unusable with what is wrong; returns the phase it was in. */
  synchronized Phase down(String detail) {
    Phase previous = phase;
    phase = Phase.DOWN;
    current = new StoreHealth(kind, false, detail);
    return previous;
  }
}
