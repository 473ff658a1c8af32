package dev.junction.alias;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live {@link AliasTable}: readers take {@link #current()} once per request; changes validate a
 * new table and swap it in atomically (compare-and-set, retried when another change won the race),
 * so no change is lost and a reader never sees a half-applied one.
 *
 * <p>Thread-safe and non-blocking: safe to call from event loops. Persistence is the caller's: it
 * calls {@link #add}/{@link #remove}, then persists; changes made by another instance arrive through
 * {@link #applyRemoteAdd}/{@link #applyRemoteRemove}, which tolerate replays and are reported to
 * listeners as remote so they are not persisted or published again.
 */
public final class AliasRegistry {
  private static final Logger log = LoggerFactory.getLogger(AliasRegistry.class);

  /** Told about every swap. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Called after a swap, on the thread that made the change; must not block. Concurrent changes
     * may notify out of order: read {@link AliasRegistry#current()} for the latest table. An
     * exception thrown here is logged and does not undo the change.
     *
     * @param table the table this change produced
     * @param remote true when the change came from another instance
     */
    void aliasesChanged(AliasTable table, boolean remote);
  }

  private final AtomicReference<AliasTable> current;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  public AliasRegistry(AliasTable initial) {
    current = new AtomicReference<>(requireNonNull(initial, "initial"));
  }

  public AliasTable current() {
    return current.get();
  }

  /**
   * Adds a runtime alias; the same alias for the same primary again is a no-op.
   *
   * @return the table now current
   * @throws AliasConflictException as {@link AliasTable#withRuntimeAlias}
   */
  public AliasTable add(String alias, String primary) {
    return update(t -> t.withRuntimeAlias(alias, primary), false);
  }

  /**
   * Removes a runtime alias.
   *
   * @return the table now current
   * @throws UnknownAliasException when there is no such alias
   * @throws AliasConflictException when it is declared in config
   */
  public AliasTable remove(String alias) {
    return update(t -> t.withoutRuntimeAlias(alias), false);
  }

  /**
   * Applies another instance's add. A no-op when this table already maps the alias to the same
   * primary (a replay, an echo of a local add, or the same alias in this instance's config).
   *
   * @throws AliasConflictException when it clashes here; the caller logs it and carries on
   */
  public AliasTable applyRemoteAdd(String alias, String primary) {
    requireNonNull(alias, "alias");
    requireNonNull(primary, "primary");
    return update(t -> t.entry(alias).filter(e -> e.primary().equals(primary)).isPresent()
        ? t
        : t.withRuntimeAlias(alias, primary), true);
  }

  /**
   * Applies another instance's removal. A no-op when the alias is already gone, and when it is
   * declared in this instance's config (the file wins over another instance's runtime state).
   */
  public AliasTable applyRemoteRemove(String alias) {
    requireNonNull(alias, "alias");
    return update(t -> t.entry(alias).filter(e -> e.source() == AliasTable.Source.RUNTIME).isPresent()
        ? t.withoutRuntimeAlias(alias)
        : t, true);
  }

  /**
   * Applies any change, such as {@link AliasTable#withConfig} on a configuration reload. The
   * function may run more than once under contention, so it must be free of side effects;
   * returning its argument changes nothing and notifies no one.
   *
   * @return the table now current
   */
  public AliasTable update(UnaryOperator<AliasTable> change, boolean remote) {
    requireNonNull(change, "change");
    while (true) {
      AliasTable before = current.get();
      AliasTable after = requireNonNull(change.apply(before), "change result");
      if (after == before) {
        return before;
      }
      if (current.compareAndSet(before, after)) {
        notifyListeners(after, remote);
        return after;
      }
    }
  }

  public void addListener(Listener listener) {
    listeners.add(requireNonNull(listener, "listener"));
  }

  public void removeListener(Listener listener) {
    listeners.remove(listener);
  }

  private void notifyListeners(AliasTable table, boolean remote) {
    for (Listener l : listeners) {
      try {
        l.aliasesChanged(table, remote);
      } catch (RuntimeException e) {
        log.warn("alias listener {} failed; the change stands", l, e);
      }
    }
  }
}
