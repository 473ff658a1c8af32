package dev.junction.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code junction}: the entry point of the shaded jar. */
@Command(
    name = "junction",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "One HTTP endpoint in front of many backends.",
    subcommands = {ServeCommand.class, DemoCommand.class, ConfigCommand.class, CacheCommand.class})
public final class Main implements Runnable {
  static final int OK = 0;
  static final int FAILED = 1;
  static final int INVALID = 2;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs a command line and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    return new CommandLine(new Main()).execute(args); // picocli exits 2 on invalid usage
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the build, for every command's {@code --version}. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"junction " + dev.junction.Version.get(), "Java " + Runtime.version()};
    }
  }
}
