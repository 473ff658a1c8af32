package dev.junction.models;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.alias.AliasStore;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ModelAlias;
import dev.junction.config.Origin;
import dev.junction.routing.ModelAliases;
import io.vertx.core.Future;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The model aliases serving now: the configuration's, and those added at runtime through the admin
 * API, which are saved in the decision store (the SQLite file, or Redis, where other instances pick
 * them up) next to the runtime path aliases, under keys {@code model:NAME} holding {@code {"model":
 * ..., "backend": ...}}. A change is live at once and then saved; a save that fails is made when the
 * store is back. A saved alias that clashes with the configuration is logged and skipped.
 *
 * <p>Conflicts are refused: a name the configuration declares, a name already taken, a name a
 * backend's catalog lists as a real model, an alias whose model is an alias or is aliased (a chain
 * or a cycle: a request is renamed once), an unknown backend.
 */
public final class ModelAliasRegistry {
  /** Where a model alias's key starts in the shared alias store. */
  static final String KEY_PREFIX = "model:";
  private static final Logger LOG = LoggerFactory.getLogger(ModelAliasRegistry.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Origin RUNTIME = new Origin(null, 0, 0);

  /** Why an alias cannot be added or removed; {@link #conflict} tells 409 from 400 and 404. */
  public static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    /** 400, 404 or 409. */
    public final int status;

    Refused(int status, String message) {
      super(message, null, false, false);
      this.status = status;
    }
  }

  private final Supplier<JunctionConfig> config;
  private final AliasStore store;
  private final Supplier<Set<String>> catalogModels;
  private final Map<String, ModelAlias> runtime = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile ModelAliases current;

  /**
   * @param catalogModels the models the backends' catalogs list now (an alias may not hide one)
   */
  public ModelAliasRegistry(Supplier<JunctionConfig> config, AliasStore store, Supplier<Set<String>> catalogModels) {
    this.config = requireNonNull(config, "config");
    this.store = requireNonNull(store, "store");
    this.catalogModels = requireNonNull(catalogModels, "catalogModels");
    this.current = ModelAliases.of(config.get());
    store.onRemoteAliasChange(new AliasStore.Listener() {
      @Override
      public void added(String key, String value) {
        if (key.startsWith(KEY_PREFIX)) {
          apply(key.substring(KEY_PREFIX.length()), value, "from another instance");
        }
      }

      @Override
      public void removed(String key) {
        if (key.startsWith(KEY_PREFIX) && runtime.remove(key.substring(KEY_PREFIX.length())) != null) {
          rebuild();
        }
      }
    });
    store.resyncAliasesFrom(this::saved);
  }

  /** The aliases serving now, configuration and runtime, ready for the pipeline. */
  public ModelAliases current() {
    return current;
  }

  /** Every alias serving now: the configuration's first, then the runtime ones by name. */
  public List<ModelAlias> all() {
    List<ModelAlias> out = new ArrayList<>(config.get().modelAliases());
    runtime.values().stream().sorted(java.util.Comparator.comparing(ModelAlias::name)).forEach(out::add);
    return out;
  }

  /** Whether {@code name} is declared in the configuration. */
  public boolean configured(String name) {
    return config.get().modelAliases().stream().anyMatch(a -> a.name().equals(name));
  }

  /** Loads the saved aliases; a store that fails leaves the configuration's alone. */
  public Future<Void> loadSaved() {
    return store.loadAliases().otherwise(e -> {
      LOG.warn("runtime model aliases could not be loaded from the decision store: {}", e.getMessage());
      return Map.of();
    }).map(saved -> {
      saved.forEach((key, value) -> {
        if (key.startsWith(KEY_PREFIX)) {
          apply(key.substring(KEY_PREFIX.length()), value, "saved");
        }
      });
      return null;
    });
  }

  /** After a reload: the configuration's aliases or backends may have changed. */
  public void reconfigure() {
    runtime.values().removeIf(a -> {
      String problem = conflict(a.name(), a.model(), a.backend(), false);
      if (problem != null) {
        LOG.warn("runtime model alias {} -> {} no longer applies after the reload: {}", a.name(), a.model(), problem);
      }
      return problem != null;
    });
    rebuild();
  }

  /**
   * Adds a runtime alias, live at once, then saved.
   *
   * @throws Refused 400 for an unknown backend, 409 for a conflict
   */
  public Future<ModelAlias> add(String name, String model, @Nullable String backend) {
    ModelAlias alias;
    try {
      alias = new ModelAlias(name, model, backend, RUNTIME);
    } catch (IllegalArgumentException e) {
      throw new Refused(400, e.getMessage());
    }
    if (backend != null && config.get().backend(backend).isEmpty()) {
      throw new Refused(400, "backend: '" + backend + "' (expected: a configured backend)");
    }
    String problem = conflict(name, model, backend, true);
    if (problem != null) {
      throw new Refused(409, problem);
    }
    runtime.put(name, alias);
    rebuild();
    return store.putAlias(KEY_PREFIX + name, encode(alias)).otherwise(e -> {
      LOG.warn("model alias {} -> {} is live but could not be saved yet ({}); it is saved when the store is back", name,
          model, e.getMessage());
      return null;
    }).map(v -> alias);
  }

  /**
   * Removes a runtime alias, at once here, then from the store.
   *
   * @throws Refused 404 when there is no such alias, 409 when the configuration declares it
   */
  public Future<Void> remove(String name) {
    if (configured(name)) {
      throw new Refused(409, "'" + name + "' is declared in the configuration file (expected: edit the file instead)");
    }
    if (runtime.remove(name) == null) {
      throw new Refused(404, "no model alias '" + name + "'");
    }
    rebuild();
    return store.removeAlias(KEY_PREFIX + name).otherwise(e -> {
      LOG.warn("model alias {} is removed here but not yet from the store ({}); it is removed there when the store is "
          + "back", name, e.getMessage());
      return false;
    }).mapEmpty();
  }

  /** Why {@code name -> model} cannot be added now, {@code null} when it can. */
  private @Nullable String conflict(String name, String model, @Nullable String backend, boolean fresh) {
    if (configured(name)) {
      return "'" + name + "' is declared in the configuration file";
    }
    if (fresh && runtime.containsKey(name)) {
      return "'" + name + "' is already an alias (remove it first)";
    }
    if (catalogModels.get().contains(name)) {
      return "'" + name + "' is a model a backend lists: an alias would hide it";
    }
    for (ModelAlias other : all()) {
      if (other.name().equals(name)) {
        continue;
      }
      if (other.name().equals(model)) {
        return "'" + model + "' is itself an alias (expected: the backend's own name: a request is renamed once)";
      }
      if (other.model().equals(name)) {
        return "alias '" + other.name() + "' renames to '" + name + "' (an alias of it would chain or cycle)";
      }
    }
    if (backend != null && config.get().backend(backend).isEmpty()) {
      return "backend '" + backend + "' is no longer configured";
    }
    return null;
  }

  private void apply(String name, String value, String how) {
    ModelAlias a = decode(name, value);
    String problem = a == null ? "not a model alias: " + value : conflict(a.name(), a.model(), a.backend(), false);
    if (problem != null) {
      LOG.warn("model alias {} ({}) skipped: {}", name, how, problem);
      return;
    }
    runtime.put(name, a);
    rebuild();
  }

  private synchronized void rebuild() {
    JunctionConfig c = config.get();
    current = ModelAliases.of(c.withModelAliases(all()));
  }

  /** The runtime aliases as the store holds them, for a store that recovers. */
  private Map<String, String> saved() {
    Map<String, String> out = new LinkedHashMap<>();
    runtime.values().forEach(a -> out.put(KEY_PREFIX + a.name(), encode(a)));
    return out;
  }

  private static String encode(ModelAlias a) {
    ObjectNode o = JSON.createObjectNode();
    o.put("model", a.model());
    if (a.backend() != null) {
      o.put("backend", a.backend());
    }
    return o.toString();
  }

  private static @Nullable ModelAlias decode(String name, String value) {
    try {
      JsonNode o = JSON.readTree(value);
      if (o == null || !o.path("model").isTextual()) {
        return null;
      }
      String backend = o.path("backend").isTextual() ? o.path("backend").textValue() : null;
      return new ModelAlias(name, o.path("model").textValue(), backend, RUNTIME);
    } catch (IOException | IllegalArgumentException e) {
      return null;
    }
  }
}
