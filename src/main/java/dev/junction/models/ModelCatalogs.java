package dev.junction.models;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.junction.config.BackendConfig;
import dev.junction.config.BalanceConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ModelsConfig;
import dev.junction.http1.PeerFailures;
import dev.junction.routing.Balancer;
import dev.junction.routing.ModelCatalog;
import dev.junction.routing.RoutingDecision;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code models.backends} backend's live model list, kept for the catalog stage: fetched at
 * start, again every {@code models.refresh}, at once after a backend chosen by its catalog answered
 * 404 (at most once a second per backend), and whenever the merged list endpoint got it. A failed
 * refresh keeps the last list, marked stale, so a backend that hiccups keeps its models; a backend
 * never fetched lists nothing. Each change builds a new {@link ModelCatalog}: model id to the
 * backends listing it, in {@code models.backends} order, with its balancer.
 *
 * <p>All state changes run on one Vert.x context; {@link #catalog()} is a volatile read.
 */
public final class ModelCatalogs implements RoutingDecision.CatalogFeedback {
  private static final Logger LOG = LoggerFactory.getLogger(ModelCatalogs.class);
  /** The least time between two early refreshes of one backend. */
  private static final long EARLY_REFRESH_GAP_MS = 1_000;

  /**
   * One backend's catalog.
   *
   * @param models the ids it lists, in its order
   * @param fetchedAt when the list was last fetched; {@code null}: never
   * @param stale the last refresh failed: {@code models} is the list from {@code fetchedAt}
   * @param error why the last refresh failed, {@code null} after a success
   */
  public record BackendCatalog(List<String> models, @Nullable Instant fetchedAt, boolean stale, @Nullable String error) {
    public BackendCatalog {
      models = List.copyOf(models);
    }
  }

  private final Vertx vertx;
  private final Supplier<JunctionConfig> config;
  private final ModelListClient client;
  private final Clock clock;
  private final Map<String, BackendCatalog> catalogs = new ConcurrentHashMap<>();
  private final Map<String, Long> lastEarly = new ConcurrentHashMap<>();
  private volatile ModelCatalog current = ModelCatalog.NONE;
  private long timer = -1;
  private volatile boolean closed;
  private volatile Runnable onChange = () -> { };
  private volatile Supplier<List<String>> aliasNames = List::of;
  private final Set<String> hiddenWarned = ConcurrentHashMap.newKeySet();

  /** @param config the configuration serving now (a reload replaces it; see {@link #reconfigure}) */
  public ModelCatalogs(Vertx vertx, Supplier<JunctionConfig> config, Clock clock) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.config = requireNonNull(config, "config");
    this.clock = requireNonNull(clock, "clock");
    this.client = new ModelListClient(vertx, config.get().proxy());
  }

  /** Fetches every catalog now and every {@code models.refresh} after. */
  public void start() {
    client.onContext(() -> {
      schedule();
      refreshAll();
      return Future.succeededFuture();
    });
  }

  /** After a reload: the models section, its backends or the refresh interval may have changed. */
  public void reconfigure() {
    client.onContext(() -> {
      ModelsConfig m = config.get().models();
      catalogs.keySet().removeIf(name -> m == null || !m.backends().contains(name));
      schedule();
      rebuild();
      refreshAll();
      return Future.succeededFuture();
    });
  }

  private void schedule() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
      timer = -1;
    }
    ModelsConfig m = config.get().models();
    if (m != null && !closed) {
      timer = vertx.setPeriodic(m.refresh().toMillis(), id -> refreshAll());
    }
  }

  /**
   * The model alias names serving now: a catalog listing one of them is logged (the alias hides the
   * real model; the admin API refuses such an alias, but the configuration's are known before any
   * catalog, and a backend may start listing a name later).
   */
  public void aliasNames(Supplier<List<String>> names) {
    this.aliasNames = requireNonNull(names, "names");
  }

  /** Runs {@code r} after each change of the models listed (on the catalogs' context). */
  public void onChange(Runnable r) {
    this.onChange = requireNonNull(r, "r");
  }

  /** Every model some catalog lists now, in catalog order. */
  public List<String> listed() {
    return List.copyOf(current.models().keySet());
  }

  /** The catalog stage's table now. */
  public ModelCatalog catalog() {
    return current;
  }

  /** Every backend's catalog now, in {@code models.backends} order. */
  public Map<String, BackendCatalog> catalogs() {
    ModelsConfig m = config.get().models();
    Map<String, BackendCatalog> out = new LinkedHashMap<>();
    if (m != null) {
      for (String name : m.backends()) {
        out.put(name, catalogs.getOrDefault(name, new BackendCatalog(List.of(), null, false, null)));
      }
    }
    return out;
  }

  @Override
  public void notFound(BackendConfig backend, String model) {
    long now = clock.millis();
    Long last = lastEarly.get(backend.name());
    if (last != null && now - last < EARLY_REFRESH_GAP_MS) {
      return;
    }
    lastEarly.put(backend.name(), now);
    LOG.info("backend {} answered 404 for model {}, which its catalog lists: fetching its catalog again", backend.name(),
        model);
    client.onContext(() -> refresh(backend));
  }

  /** A list {@code backend} answered (the merged list endpoint asked it); runs on the client's context. */
  void fetched(String backend, ArrayNode data) {
    List<String> ids = ids(data);
    BackendCatalog before = catalogs.put(backend, new BackendCatalog(ids, clock.instant(), false, null));
    if (before == null || !before.models().equals(ids)) {
      rebuild();
    }
  }

  private void refreshAll() {
    ModelsConfig m = config.get().models();
    if (m == null || closed) {
      return;
    }
    for (BackendConfig b : backends(m)) {
      refresh(b);
    }
  }

  private Future<Void> refresh(BackendConfig b) {
    ModelsConfig m = config.get().models();
    if (m == null || closed) {
      return Future.succeededFuture();
    }
    return client.fetch(b, m.path(), null).transform(ar -> {
      if (ar.succeeded()) {
        fetched(b.name(), ar.result());
      } else {
        failed(b.name(), PeerFailures.describe(ar.cause()));
      }
      return Future.succeededFuture();
    });
  }

  private void failed(String backend, String why) {
    BackendCatalog before = catalogs.get(backend);
    if (before == null || !before.stale()) {
      LOG.warn("model catalog of backend {} not refreshed: {}; {}", backend, why,
          before == null || before.fetchedAt() == null ? "it lists no model until it answers"
              : "keeping the " + before.models().size() + " models fetched at " + before.fetchedAt());
    }
    catalogs.put(backend, before == null ? new BackendCatalog(List.of(), null, true, why)
        : new BackendCatalog(before.models(), before.fetchedAt(), true, why));
  }

  private List<BackendConfig> backends(ModelsConfig m) {
    List<BackendConfig> out = new ArrayList<>();
    for (String name : m.backends()) {
      config.get().backends().stream().filter(b -> b.name().equals(name)).findFirst().ifPresent(out::add);
    }
    return out;
  }

  /** A new table from every catalog now. */
  private void rebuild() {
    ModelsConfig m = config.get().models();
    if (m == null || !m.route()) {
      current = ModelCatalog.NONE;
      return;
    }
    Map<String, List<BackendConfig>> listing = new LinkedHashMap<>();
    for (BackendConfig b : backends(m)) {
      BackendCatalog c = catalogs.get(b.name());
      if (c != null) {
        c.models().forEach(id -> listing.computeIfAbsent(id, k -> new ArrayList<>()).add(b));
      }
    }
    Map<String, RoutingDecision.Catalog> byModel = new LinkedHashMap<>();
    BalanceConfig balance = new BalanceConfig(m.balance(), Map.of());
    listing.forEach((id, backends) -> byModel.put(id,
        new RoutingDecision.Catalog(id, backends, Balancer.create(balance, backends, null), this)));
    for (String alias : aliasNames.get()) {
      List<BackendConfig> hiding = listing.get(alias);
      if (hiding != null && hiddenWarned.add(alias)) {
        LOG.warn("model alias {} hides the model {} that {} lists: requests naming it are renamed (expected: another "
            + "alias name)", alias, alias, hiding.stream().map(BackendConfig::name).toList());
      } else if (hiding == null) {
        hiddenWarned.remove(alias);
      }
    }
    boolean changed = !current.models().keySet().equals(byModel.keySet());
    current = new ModelCatalog(m.field(), byModel);
    if (changed) {
      onChange.run();
    }
  }

  /** The string ids of an OpenAI list's entries, in order, each once. */
  private static List<String> ids(ArrayNode data) {
    Set<String> ids = new LinkedHashSet<>();
    for (JsonNode entry : data) {
      JsonNode id = entry.get("id");
      if (id != null && id.isTextual() && !id.textValue().isEmpty()) {
        ids.add(id.textValue());
      }
    }
    return List.copyOf(ids);
  }

  public Future<Void> close() {
    closed = true;
    return client.onContext(() -> {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
      return client.close();
    });
  }
}
