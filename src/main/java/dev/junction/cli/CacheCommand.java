package dev.junction.cli;

import dev.junction.cache.CachedDecision;
import dev.junction.cache.DecisionStore;
import dev.junction.cache.DecisionStores;
import dev.junction.config.CacheConfig;
import dev.junction.config.ConfigException;
import dev.junction.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code junction cache clean|list}: the persistent decision store, without a running Junction. */
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
        description = "Config file naming the store (default: SQLite file junction-cache.db in the working directory).")
    @Nullable Path config;

    @Override
    public Integer call() {
      CacheConfig cache;
      try {
        cache = config == null ? CacheConfig.defaults() : ConfigLoader.load(config).cache();
      } catch (ConfigException e) {
        System.err.println("junction: invalid configuration:");
        e.problems().forEach(p -> System.err.println("  " + p));
        return Main.INVALID;
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
      } catch (Exception e) {
        System.err.println("junction: " + ServeCommand.rootMessage(e));
        return Main.FAILED;
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

    abstract int run(DecisionStore store, String where) throws Exception;
  }

  @Command(name = "clean", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      description = "Remove every remembered decision (aliases are kept).")
  static final class Clean extends StoreCommand {
    @Override
    int run(DecisionStore store, String where) throws Exception {
      long n = store.clear().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      System.out.println("removed " + n + " decision(s) from " + where);
      return Main.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      description = "List remembered decisions: key, backend, expiry.")
  static final class ListCmd extends StoreCommand {
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
