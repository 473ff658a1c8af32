package dev.junction;

import static java.util.Objects.requireNonNull;

import dev.junction.alias.AliasConflictException;
import dev.junction.alias.AliasRegistry;
import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.config.ConfigException;
import dev.junction.config.ConfigLoader;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.routing.RuleRouter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the config file and, only when all of it is valid, swaps the live routing. Order: load
 * and compile on a worker (the file read and rule compilation never run on an event loop), check the
 * aliases against the runtime ones, give every event loop clients for new backends, swap the alias
 * table, then publish the new {@link RoutingState}. A request reads the state when it is routed, so
 * requests already forwarded finish on the old one. A refused file changes nothing.
 *
 * <p>Thread-safe: reloads are serialized (a second one starts when the first has finished), and may
 * be asked for from any thread.
 */
final class ConfigReloader {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

  private final Vertx vertx;
  private final Path file;
  private final Function<JunctionConfig, RoutingState> prepare;
  private final AtomicReference<RoutingState> state;
  private final AliasRegistry aliases;
  private final Function<List<BackendConfig>, Future<Void>> installBackends;
  private final Clock clock;
  private Future<ReloadOutcome> tail = Future.succeededFuture();
  private volatile @Nullable ReloadOutcome last;
  private final List<Runnable> afterApplied = new java.util.concurrent.CopyOnWriteArrayList<>();

  /**
   * @param prepare turns a loaded file into the state to serve (builder overrides and fallback
   *     backends applied, rules compiled); throws {@link ConfigException} when invalid
   * @param installBackends makes sure every event loop has a client for each backend
   */
  ConfigReloader(Vertx vertx, Path file, Function<JunctionConfig, RoutingState> prepare, AtomicReference<RoutingState> state,
      AliasRegistry aliases, Function<List<BackendConfig>, Future<Void>> installBackends, Clock clock) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.file = requireNonNull(file, "file");
    this.prepare = requireNonNull(prepare, "prepare");
    this.state = requireNonNull(state, "state");
    this.aliases = requireNonNull(aliases, "aliases");
    this.installBackends = requireNonNull(installBackends, "installBackends");
    this.clock = requireNonNull(clock, "clock");
  }

  Path file() {
    return file;
  }

  /**
   * Adds an action to run after every applied reload, in the order added: fetching the backends'
   * OpenAPI documents again, updating the health checks.
   */
  void afterApplied(Runnable action) {
    afterApplied.add(requireNonNull(action, "action"));
  }

  /** The outcome of the latest finished reload; {@code null} before the first. */
  @Nullable ReloadOutcome last() {
    return last;
  }

  /** Reloads once the reloads asked for before have finished. Never fails: a bad file is a REFUSED outcome. */
  synchronized Future<ReloadOutcome> reload(String trigger) {
    requireNonNull(trigger, "trigger");
    Future<ReloadOutcome> next = tail.transform(ignored -> attempt(trigger)).onSuccess(outcome -> {
      if (outcome.status() == ReloadOutcome.Status.APPLIED) {
        for (Runnable action : afterApplied) {
          try {
            action.run();
          } catch (RuntimeException e) {
            LOG.warn("config reload ({}): after applying: {}", trigger, e.toString());
          }
        }
      }
    });
    tail = next;
    return next;
  }

  private Future<ReloadOutcome> attempt(String trigger) {
    RoutingState before = state.get();
    return vertx.<RoutingState>executeBlocking(() -> {
      RoutingState candidate = prepare.apply(ConfigLoader.load(file));
      for (String warning : RuleRouter.lint(candidate.config())) {
        LOG.warn("{}", warning);
      }
      return candidate;
    }, false).transform(ar -> {
      if (ar.failed()) {
        return Future.succeededFuture(refused(trigger, problems(ar.cause())));
      }
      RoutingState next = ar.result();
      if (next.config().equals(before.config())) {
        return Future.succeededFuture(finish(new ReloadOutcome(ReloadOutcome.Status.UNCHANGED, trigger, clock.instant(),
            List.of(), List.of())));
      }
      try {
        aliases.current().withConfig(next.config().aliases());
      } catch (AliasConflictException e) {
        return Future.succeededFuture(refused(trigger, e.messages().stream().map(m -> file + ": aliases: " + m).toList()));
      }
      return installBackends.apply(next.config().backends()).transform(installed -> {
        if (installed.failed()) {
          return Future.succeededFuture(refused(trigger, List.of(file + ": backends: " + installed.cause().getMessage())));
        }
        try {
          aliases.update(t -> t.withConfig(next.config().aliases()), false);
        } catch (AliasConflictException e) {
          // A runtime alias added since the check: the new file clashes with it.
          return Future.succeededFuture(refused(trigger, e.messages().stream().map(m -> file + ": aliases: " + m).toList()));
        }
        state.set(next);
        List<String> restart = restartRequired(before.config(), next.config());
        restart.forEach(r -> LOG.warn("config reload ({}): {}", trigger, r));
        LOG.info("config reloaded from {} ({}): {} backend(s), {} rule(s)", file, trigger, next.config().backends().size(),
            next.config().rules().size());
        return Future.succeededFuture(finish(new ReloadOutcome(ReloadOutcome.Status.APPLIED, trigger, clock.instant(),
            List.of(), restart)));
      });
    });
  }

  private ReloadOutcome refused(String trigger, List<String> problems) {
    LOG.warn("config reload ({}) refused; the previous configuration keeps serving:", trigger);
    problems.forEach(p -> LOG.warn("  {}", p));
    return finish(new ReloadOutcome(ReloadOutcome.Status.REFUSED, trigger, clock.instant(), problems, List.of()));
  }

  private ReloadOutcome finish(ReloadOutcome outcome) {
    last = outcome;
    return outcome;
  }

  private List<String> problems(Throwable cause) {
    if (cause instanceof ConfigException ce) {
      return ce.problems().stream().map(ConfigException.Problem::toString).toList();
    }
    if (cause instanceof AliasConflictException ae) {
      return ae.messages().stream().map(m -> file + ": aliases: " + m).toList();
    }
    LOG.debug("config reload failed", cause);
    return List.of(file + ": " + (cause.getMessage() == null ? cause.toString() : cause.getMessage()));
  }

  /** The settings that changed but are only read at start, each as {@code "<key> changed: restart to apply"}. */
  static List<String> restartRequired(JunctionConfig a, JunctionConfig b) {
    List<String> out = new ArrayList<>();
    check(out, "listen", a.listen(), b.listen());
    check(out, "listen (tls, http2)", a.listener(), b.listener());
    check(out, "admin", a.admin(), b.admin());
    check(out, "proxy", a.proxy(), b.proxy());
    check(out, "openapi", a.openapi(), b.openapi());
    check(out, "models", a.models(), b.models());
    check(out, "access_log", a.accessLog(), b.accessLog());
    CacheConfig ca = a.cache();
    CacheConfig cb = b.cache();
    check(out, "cache.store", ca.store(), cb.store());
    check(out, "cache.path", ca.sqlitePath(), cb.sqlitePath());
    check(out, "cache.redis", ca.redisUri(), cb.redisUri());
    check(out, "cache.ttl", ca.defaultTtl(), cb.defaultTtl());
    check(out, "cache.max_entries", ca.maxEntries(), cb.maxEntries());
    DiscoveryConfig da = a.discovery();
    DiscoveryConfig db = b.discovery();
    check(out, "discovery.deadline", da.deadline(), db.deadline());
    check(out, "discovery.non_idempotent_move_on", da.nonIdempotentMoveOn(), db.nonIdempotentMoveOn());
    // Active health checks follow a reload (HealthChecker.update): nothing to report for them.
    if (!a.backends().equals(b.backends()) && (b.servesMergedOpenapi() || b.models() != null)) {
      // Routing uses the new backends now; these two were built from the list at start.
      out.add("backends changed: the merged OpenAPI document and the models list keep the old backends; restart to apply");
    }
    return out;
  }

  private static void check(List<String> out, String key, @Nullable Object a, @Nullable Object b) {
    if (!Objects.equals(a, b)) {
      out.add(key + " changed: restart to apply");
    }
  }
}
