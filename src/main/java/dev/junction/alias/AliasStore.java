package dev.junction.alias;

import io.vertx.core.Future;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where runtime aliases are kept across restarts and shared between instances: the decision store
 * (a SQLite file or Redis), which holds them next to the remembered decisions. Implemented by the
 * decision cache; {@link RuntimeAliases} is its only user.
 */
public interface AliasStore {
  /** Told about alias changes another instance made; called on an event loop, must not block. */
  interface Listener {
    void added(String alias, String primary);

    void removed(String alias);
  }

  /** The runtime aliases saved (alias path to primary path); fails when the store does. */
  Future<Map<String, String>> loadAliases();

  /** Saves one; on failure it is written when the store recovers, if still in {@link #resyncAliasesFrom}. */
  Future<Void> putAlias(String alias, String primary);

  /** Removes one; true when it was there; on failure it is removed when the store recovers. */
  Future<Boolean> removeAlias(String alias);

  /** The one listener for other instances' changes (replacing any earlier one). */
  void onRemoteAliasChange(Listener listener);

  /** Where this instance's runtime aliases are held, so a recovering store gets back those it lacks. */
  void resyncAliasesFrom(Supplier<Map<String, String>> runtimeAliases);
}
