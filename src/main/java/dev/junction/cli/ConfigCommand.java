package dev.junction.cli;

import dev.junction.config.ConfigException;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.routing.RuleRouter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code junction config check FILE}. */
@Command(name = "config", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Work with configuration files.", subcommands = {ConfigCommand.Check.class})
final class ConfigCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "check", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
      description = "Validate a config file: exit 0 when valid (warnings for rules that can never match), 2 with every error otherwise.")
  static final class Check implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "The config file.")
    Path file;

    @Option(names = "--strict", description = "Treat warnings (shadowed rules) as errors.")
    boolean strict;

    @Override
    public Integer call() {
      JunctionConfig config;
      try {
        config = ConfigLoader.load(file);
      } catch (ConfigException e) {
        System.out.println(file + ": invalid (" + e.problems().size() + " problem" + (e.problems().size() == 1 ? "" : "s") + ")");
        e.problems().forEach(p -> System.out.println("  error: " + p));
        return Main.INVALID;
      }
      List<String> warnings = RuleRouter.lint(config);
      warnings.forEach(w -> System.out.println("  warning: " + w));
      System.out.println(file + ": " + (warnings.isEmpty() || !strict ? "ok" : "invalid (--strict)") + " - "
          + config.backends().size() + " backend(s), " + config.rules().size() + " rule(s), "
          + config.aliases().values().stream().mapToInt(List::size).sum() + " alias(es), cache store "
          + config.cache().store().name().toLowerCase(java.util.Locale.ROOT)
          + (warnings.isEmpty() ? "" : ", " + warnings.size() + " warning(s)"));
      return warnings.isEmpty() || !strict ? Main.OK : Main.INVALID;
    }
  }
}
