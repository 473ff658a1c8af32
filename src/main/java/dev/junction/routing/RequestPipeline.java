package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import dev.junction.alias.AliasTable;
import dev.junction.alias.CanonicalPath;
import dev.junction.config.BackendConfig;
import dev.junction.config.ModelAlias;
import io.vertx.core.Future;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The stages a request goes through before any backend is contacted, in order, with no sockets:
 *
 * <ol>
 *   <li>canonical path (dot segments, percent-encoding; a path that cannot be made canonical is refused),
 *   <li>alias (the central table: an alias becomes its primary path),
 *   <li>Junction's own endpoints (answered locally, never routed),
 *   <li>explicit rules (path, method, host, headers, query, JSON payload; the first match decides, or
 *       asks for the payload),
 *   <li>the catalog (a JSON body naming a model some backend's live model list has goes to that backend),
 *   <li>the decision cache (a remembered backend, when it is still a discovery candidate),
 *   <li>discovery (the candidates in order; the forwarder tries them and remembers the winner).
 * </ol>
 *
 * <p>{@link #resolve} runs stages 1 to 3 and {@link #decide} stages 4 to 7; between them the data
 * plane reads the request's body only when the rules ask for it ({@link RoutingDecision.NeedPayload})
 * and then calls {@link #decide} again. The data plane and {@code POST /routes/explain} call these
 * same two methods, so the explanation cannot drift from real routing. Every component is read once
 * per call, so a config reload or an alias change swaps whole tables, never half of one.
 */
public final class RequestPipeline {
  /**
   * Where a request's path leads after stages 1 to 3.
   *
   * @param canonical the path made canonical, before aliases; {@code null} when the path is refused
   * @param primary the canonical primary path; {@code null} when the path is refused
   * @param alias the alias the client used, {@code null} when none
   * @param problem why the path is refused, {@code null} when it is not
   * @param local whether {@code primary} is one of Junction's own endpoints
   */
  public record Resolution(@Nullable String canonical, @Nullable String primary, @Nullable String alias,
      @Nullable String problem, boolean local) {
    static Resolution refused(String why) {
      return new Resolution(null, null, null, why, false);
    }

    /** Whether the path was made canonical; when not, {@link #problem} says why. */
    public boolean ok() {
      return primary != null;
    }
  }

  private final Supplier<AliasTable> aliases;
  private final Set<String> localPaths;
  private final Supplier<? extends Router> rules;
  private final DecisionMemory remembered;
  private final Supplier<ModelCatalog> catalog;
  private final Supplier<ModelAliases> modelAliases;
  private static final Future<RoutingDecision> NEED_PAYLOAD = Future.succeededFuture(new RoutingDecision.NeedPayload());

  /**
   * @param aliases the alias table now (read once per request)
   * @param localPaths the primary paths Junction answers itself
   * @param rules the rule router now (read once per {@link #decide}; a reload swaps it)
   * @param remembered the decision cache
   * @param catalog the catalog stage's table now (read once per {@link #decide})
   * @param modelAliases the model aliases now (read once per {@link #decide})
   */
  public RequestPipeline(Supplier<AliasTable> aliases, Set<String> localPaths, Supplier<? extends Router> rules,
      DecisionMemory remembered, Supplier<ModelCatalog> catalog, Supplier<ModelAliases> modelAliases) {
    this.modelAliases = requireNonNull(modelAliases, "modelAliases");
    this.aliases = requireNonNull(aliases, "aliases");
    this.localPaths = Set.copyOf(localPaths);
    this.rules = requireNonNull(rules, "rules");
    this.remembered = requireNonNull(remembered, "remembered");
    this.catalog = requireNonNull(catalog, "catalog");
  }

  /** Without a catalog stage. */
  public RequestPipeline(Supplier<AliasTable> aliases, Set<String> localPaths, Supplier<? extends Router> rules,
      DecisionMemory remembered) {
    this(aliases, localPaths, rules, remembered, () -> ModelCatalog.NONE, () -> ModelAliases.NONE);
  }

  /** Stages 1 to 3 for the request target's path exactly as received, without the query. */
  public Resolution resolve(String rawPath) {
    CanonicalPath.Result canonical = CanonicalPath.canonicalize(rawPath); // 1. canonical path
    if (!canonical.ok()) {
      return Resolution.refused(canonical.reason());
    }
    AliasTable.Resolution r = aliases.get().resolve(canonical.path()); // 2. alias
    String alias = r.alias() == null ? null : r.alias().alias();
    return new Resolution(canonical.path(), r.primary(), alias, null, localPaths.contains(r.primary())); // 3. own endpoints
  }

  /**
   * Stages 4 to 7 for a request whose path {@link #resolve} made primary. Completes on the calling
   * thread unless the cache asks a shared store.
   *
   * @param explain the caller is {@code /routes/explain}: the cache is only peeked at
   */
  public Future<RoutingDecision> decide(RoutingRequest request, boolean explain) {
    ModelAliases names = modelAliases.get();
    if (!names.isEmpty() && request.payloadMethod()) { // a model alias renames the request before anything else
      if (request.payload() instanceof Payload.Unread) {
        return NEED_PAYLOAD;
      }
      ModelAlias a = request.payload() instanceof Payload.Json j ? names.lookup(j) : null;
      if (a != null && request.payload() instanceof Payload.Json json) {
        RoutingDecision.Forward pinned = names.pinned(a);
        Future<RoutingDecision> then = pinned != null ? Future.succeededFuture(pinned)
            : decideAfterAliases(request.withPayload(json.withText(names.field(), a.model())), explain);
        return then.map(d -> d instanceof RoutingDecision.Reject ? d
            : new RoutingDecision.Renamed(a.name(), a.model(), names.field(), d));
      }
    }
    return decideAfterAliases(request, explain);
  }

  private Future<RoutingDecision> decideAfterAliases(RoutingRequest request, boolean explain) {
    RoutingDecision d = rules.get().decide(request); // 4. explicit rules (or: read the payload first)
    if ((d instanceof RoutingDecision.Discover || RuleRouter.noBackend(d)) && request.payload() instanceof Payload.Json json) {
      RoutingDecision.Catalog listed = catalog.get().lookup(json); // 5. the catalog
      if (listed != null) {
        return Future.succeededFuture(listed);
      }
    }
    if (!(d instanceof RoutingDecision.Discover discover) || discover.key() == null) {
      return Future.succeededFuture(d);
    }
    CacheKey key = discover.key();
    return remembered.backend(key, explain).map(hit -> { // 6. the decision cache
      BackendConfig b = hit.isEmpty() ? null : candidate(discover, hit.get());
      return b == null ? discover : new RoutingDecision.Cached(b, key, discover); // 7. else discovery
    });
  }

  /** What the rules read of {@code request}'s JSON payload (see {@link Router#projection}). */
  public PayloadProjection projection(RoutingRequest request) {
    return rules.get().projection(request);
  }

  /** A remembered backend counts only while it is still a discovery candidate (the config may have changed). */
  private static @Nullable BackendConfig candidate(RoutingDecision.Discover discover, String name) {
    for (BackendConfig b : discover.candidates()) {
      if (b.name().equals(name)) {
        return b;
      }
    }
    return null;
  }
}
