package dev.junction.alias;

import static java.util.Objects.requireNonNull;

import io.vertx.core.Future;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Aliases added at runtime (admin API, other instances), kept in an {@link AliasStore}: a change is
 * live at once in the {@link AliasRegistry} and then saved; a save that fails is logged and made when
 * the store is back. Saved aliases join the config's at start, and other instances' changes as they
 * come; one that now clashes with the config is logged and skipped, never fatal.
 */
public final class RuntimeAliases {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeAliases.class);

  private final AliasRegistry registry;
  private final AliasStore store;

  /** Listens to {@code store} for other instances' changes and lets it resync from {@code registry}. */
  public RuntimeAliases(AliasRegistry registry, AliasStore store) {
    this.registry = requireNonNull(registry, "registry");
    this.store = requireNonNull(store, "store");
    store.onRemoteAliasChange(new AliasStore.Listener() {
      @Override
      public void added(String alias, String primary) {
        if (isPath(alias)) {
          applyRemote(() -> registry.applyRemoteAdd(alias, primary));
        }
      }

      @Override
      public void removed(String alias) {
        if (isPath(alias)) {
          applyRemote(() -> registry.applyRemoteRemove(alias));
        }
      }
    });
    store.resyncAliasesFrom(this::runtime);
  }

  /** Loads the saved aliases into the registry, one at a time; a store that fails leaves the config's alone. */
  public Future<Void> loadSaved() {
    return store.loadAliases().otherwise(e -> {
      LOG.warn("runtime aliases could not be loaded from the decision store: {}", e.getMessage());
      return Map.of();
    }).map(saved -> {
      saved.forEach((alias, primary) -> {
        if (!isPath(alias)) {
          return; // a model alias, kept in the same store under its own keys
        }
        try {
          registry.applyRemoteAdd(alias, primary);
        } catch (RuntimeException e) {
          LOG.warn("saved alias {} -> {} skipped: {}", alias, primary, e.getMessage());
        }
      });
      return null;
    });
  }

  /**
   * Adds an alias, live at once, then saved; the future fails only when the registry refuses it.
   *
   * @throws AliasConflictException when the alias clashes with the table (nothing changed)
   */
  public Future<AliasTable> add(String alias, String primary) {
    AliasTable table = registry.add(alias, primary);
    return store.putAlias(alias, primary)
        .otherwise(e -> {
          LOG.warn("alias {} -> {} is live but could not be saved yet ({}); it is saved when the store is back",
              alias, primary, e.getMessage());
          return null;
        })
        .map(v -> table);
  }

  /**
   * Removes an alias, at once here, then from the store.
   *
   * @throws UnknownAliasException when there is no such alias
   * @throws AliasConflictException when it is the config's, not a runtime one
   */
  public Future<Void> remove(String alias) {
    registry.remove(alias);
    return store.removeAlias(alias)
        .otherwise(e -> {
          LOG.warn("alias {} is removed here but not yet from the store ({}); it is removed there when the store is back",
              alias, e.getMessage());
          return false;
        })
        .mapEmpty();
  }

  /** The aliases added at runtime, not the config's: what the store should hold. */
  Map<String, String> runtime() {
    Map<String, String> runtime = new HashMap<>();
    for (AliasTable.Entry e : registry.current().entries()) {
      if (e.source() == AliasTable.Source.RUNTIME) {
        runtime.put(e.alias(), e.primary());
      }
    }
    return runtime;
  }

  /** Whether a store key is a path alias's: other keys (model aliases) share the store. */
  static boolean isPath(String key) {
    return key.startsWith("/");
  }

  private static void applyRemote(Runnable change) {
    try {
      change.run();
    } catch (RuntimeException e) {
      LOG.warn("alias change from another instance not applied: {}", e.getMessage());
    }
  }
}
