package dev.junction.cli;

import dev.junction.admin.cache.CacheEntry;
import dev.junction.cache.CachedDecision;
import dev.junction.cache.DecisionStore;
import dev.junction.cache.DecisionStores;
import dev.junction.config.CacheConfig;
import dev.junction.config.ConfigException;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code junction cache clean|list}: the persistent decision store. A running Junction holds its
 * decisions in memory too, so while one answers on the config's admin listener (and uses the same
 * store) the commands go through its admin API; otherwise they read the store, and change it only
 * with {@code --offline}.
 */
@Command(name = "cache", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Inspect or clear the persistent decision cache (SQLite file or Redis) named by the config.",
    subcommands = {CacheCommand.Clean.class, CacheCommand.ListCmd.class})
final class CacheCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  abstract static class StoreCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE",
        description = "Config file naming the store and the admin listener (default: SQLite file junction-cache.db in "
            + "the working directory, admin 127.0.0.1:8001).")
    @Nullable Path config;

    @Option(names = "--token", paramLabel = "TOKEN",
        description = "Admin token for the running Junction (default: the config's admin.token, else the "
            + "JUNCTION_ADMIN_TOKEN environment variable).")
    @Nullable String token;

    /** The config read, for the store and the admin listener. */
    JunctionConfig loaded = JunctionConfig.defaults();

    @Override
    public Integer call() {
      try {
        loaded = config == null ? JunctionConfig.defaults() : ConfigLoader.load(config);
      } catch (ConfigException e) {
        System.err.println("junction: invalid configuration:");
        e.problems().forEach(p -> System.err.println("  " + p));
        return Main.INVALID;
      }
      CacheConfig cache = loaded.cache();
      String adminToken = token != null ? token : loaded.admin().token() != null ? loaded.admin().token()
          : System.getenv("JUNCTION_ADMIN_TOKEN");
      try {
        RunningJunction running = RunningJunction.find(loaded.admin(), adminToken);
        if (running != null && running.sameStore(cache)) {
          return viaApi(running, describe(cache));
        }
        return direct(cache, running);
      } catch (Exception e) {
        System.err.println("junction: " + ServeCommand.rootMessage(e));
        return Main.FAILED;
      }
    }

    /** No running Junction uses this store (or none answers): work on the store itself, when that is safe. */
    private Integer direct(CacheConfig cache, @Nullable RunningJunction running) throws Exception {
      Integer refused = beforeDirect(cache, running);
      if (refused != null) {
        return refused;
      }
      Vertx vertx = Vertx.vertx();
      try (DecisionStore store = DecisionStores.open(vertx, cache)) {
        int code = run(store, describe(cache));
        DecisionStore.StoreHealth h = store.health();
        if (!h.up()) {
          System.err.println("junction: store " + h.kind() + " is not usable: " + h.detail());
          return Main.FAILED;
        }
        return code;
      } finally {
        vertx.close();
      }
    }

    static String describe(CacheConfig c) {
      return switch (c.store()) {
        case SQLITE -> "sqlite " + c.sqlitePath();
        case REDIS -> "redis " + (c.redisUri() == null ? "" : c.redisUri().getHost() + ":" + c.redisUri().getPort());
        case MEMORY -> "memory";
      };
    }

    /**
     * What to do before opening the store directly; {@code null} to go ahead, else the exit code
     * (the reason printed). {@code running}: a Junction answers on the admin listener, with another store.
     */
    abstract @Nullable Integer beforeDirect(CacheConfig cache, @Nullable RunningJunction running);

    /** Through the running Junction's admin API, which uses this store and holds its decisions in memory. */
    abstract int viaApi(RunningJunction running, String where) throws Exception;

    abstract int run(DecisionStore store, String where) throws Exception;
  }

  @Command(name = "clean", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      description = {"Remove every remembered decision (aliases are kept).",
          "Through the running Junction's admin API when it answers; on the store itself only with --offline."})
  static final class Clean extends StoreCommand {
    @Option(names = "--offline",
        description = "No Junction runs: change the store itself. A Junction running with the admin listener off "
            + "would keep using the decisions it holds in memory.")
    boolean offline;

    @Override
    @Nullable Integer beforeDirect(CacheConfig cache, @Nullable RunningJunction running) {
      if (offline) {
        if (running != null) {
          System.err.println("junction: note: the Junction at " + running.base() + " uses another store ("
              + running.store() + "); changing " + describe(cache) + " directly");
        }
        return null;
      }
      System.err.println("junction: " + (running != null
          ? "the Junction at " + running.base() + " uses another store (" + running.store() + ")"
          : loaded.admin().enabled()
              ? "no running Junction answers on the admin listener (" + RunningJunction.where(loaded.admin().listen()) + ")"
              : "the config turns the admin listener off, so a running Junction cannot be asked")
          + "; to change " + describe(cache) + " directly, add --offline (a Junction running without its admin "
          + "listener would keep the decisions it holds in memory)");
      return Main.FAILED;
    }

    @Override
    int viaApi(RunningJunction running, String where) throws Exception {
      long n = running.clear();
      System.out.println("removed " + n + " decision(s) from " + where + " through the running Junction at "
          + running.base());
      return Main.OK;
    }

    @Override
    int run(DecisionStore store, String where) throws Exception {
      long n = store.clear().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println("removed " + n + " decision(s) from " + where);
      return Main.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      description = {"List remembered decisions: key, backend, expiry.",
          "From the running Junction's admin API when it answers (what it holds now), else from the store; "
              + "never creates a store file."})
  static final class ListCmd extends StoreCommand {
    @Override
    @Nullable Integer beforeDirect(CacheConfig cache, @Nullable RunningJunction running) {
      if (cache.store() == CacheConfig.Store.SQLITE && !Files.exists(cache.sqlitePath())) {
        System.out.println("0 decision(s) in " + describe(cache) + " (no such file: nothing was remembered there yet)");
        return Main.OK;
      }
      return null;
    }

    @Override
    int viaApi(RunningJunction running, String where) throws Exception {
      List<CacheEntry> all = running.list();
      System.out.println(all.size() + " decision(s) in " + where + ", as the running Junction at " + running.base()
          + " holds them");
      all.stream().sorted(Comparator.comparing(CacheEntry::key)).forEach(d -> System.out.println(
          d.method() + "\t" + d.path() + "\t" + d.fingerprint() + "\t-> " + d.backend() + "\tuntil " + d.expiresAt()));
      return Main.OK;
    }

    @Override
    int run(DecisionStore store, String where) throws Exception {
      List<CachedDecision> all = store.loadAll().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println(all.size() + " decision(s) in " + where);
      all.stream().sorted(Comparator.comparing(d -> d.key().asString())).forEach(d ->
          System.out.println(d.key().method() + "\t" + d.key().path() + "\t" + d.key().fingerprint() + "\t-> " + d.backend()
              + "\tuntil " + d.expiresAt()));
      return Main.OK;
    }
  }
}
