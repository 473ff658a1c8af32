package dev.junction.cli;

import java.io.PrintStream;
import java.util.function.IntSupplier;
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
    // Netty's own JFR events (buffer allocations) are for debugging Netty itself; asking whether JFR
    // is available initializes the JDK's recorder support, tens of milliseconds of start-up on a
    // small machine. Off unless the JVM options turn them on (-Dio.netty.jfr.enabled=true).
    if (System.getProperty("io.netty.jfr.enabled") == null) {
      System.setProperty("io.netty.jfr.enabled", "false");
    }
    System.exit(exitCode(() -> run(args), System.err));
  }

  /**
   * The command's exit code, or {@link #FAILED} when it threw. picocli turns exceptions into exit
   * codes but lets {@link Error}s through (a class that no longer loads from a jar replaced in place,
   * an {@link OutOfMemoryError}). Without this, such an error would end the main thread before
   * {@code System.exit}: {@code serve} has already taken SIGTERM for its graceful stop, and the
   * data plane's non-daemon threads would keep the process up with its listener bound.
   */
  static int exitCode(IntSupplier command, PrintStream err) {
    try {
      return command.getAsInt();
    } catch (Throwable t) {
      try {
        err.println("junction: stopped by an unexpected error: " + t);
        t.printStackTrace(err);
      } catch (Throwable ignored) {
        // Nothing left to report with; the exit code still says it failed.
      }
      return FAILED;
    }
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
