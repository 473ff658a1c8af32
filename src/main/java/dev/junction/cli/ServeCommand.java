package dev.junction.cli;

import dev.junction.Junction;
import dev.junction.NetTransport;
import dev.junction.config.ConfigException;
import dev.junction.config.HostPort;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code junction serve}: run until stopped (SIGINT or SIGTERM). With {@code --config}, the file is
 * reloaded on SIGHUP and, unless {@code --no-watch}, whenever it changes.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Run Junction in front of the configured backends until stopped.")
final class ServeCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Config file, in Junction's format or the seed router's format.")
  @Nullable Path config;

  @Option(names = {"-b", "--backend"}, paramLabel = "URL",
      description = "Fallback backend, tried in the order given; replaces the config's discovery candidates. Repeatable.")
  List<URI> backends = new ArrayList<>();

  @Option(names = {"-l", "--listen"}, paramLabel = "HOST:PORT", description = "Data-plane address (default: the config's, else 127.0.0.1:8000).")
  @Nullable String listen;

  @Option(names = "--admin-listen", paramLabel = "HOST:PORT", description = "Admin address (default: the config's, else 127.0.0.1:8001).")
  @Nullable String adminListen;

  @Option(names = "--no-admin", description = "Do not start the admin listener.")
  boolean noAdmin;

  @Option(names = "--no-watch", description = "Do not reload the config file when it changes (SIGHUP and the admin "
      + "POST /config/reload still reload it).")
  boolean noWatch;

  @Option(names = "--decision-header", description = "Add X-Junction-Decision (how the backend was chosen) to responses.")
  boolean decisionHeader;

  @Option(names = "--event-loops", paramLabel = "N", description = "Data-plane event loops (default: the number of "
      + "CPUs, but 1 on 2 CPUs or fewer). Fewer than the CPUs helps when the machine is shared with the load generator "
      + "or the backends.")
  @Nullable Integer eventLoops;

  @Option(names = "--transport", paramLabel = "NAME", description = "Socket transport: auto (default: io_uring where "
      + "the kernel allows it, else epoll, else nio), io_uring, epoll or nio.")
  @Nullable String transport;

  @Override
  public Integer call() {
    if (config == null && backends.isEmpty()) {
      System.err.println("junction serve: give --config FILE, or at least one --backend URL");
      return Main.INVALID;
    }
    WarmUp.start();
    Junction.Builder b = Junction.builder().fallbackBackends(backends).decisionHeader(decisionHeader);
    try {
      if (config != null) {
        b.config(config).watchConfig(!noWatch);
      }
      if (listen != null) {
        HostPort hp = HostPort.parse(listen);
        b.listen(hp.host(), hp.port());
      }
      if (adminListen != null) {
        HostPort hp = HostPort.parse(adminListen);
        b.adminListen(hp.host(), hp.port());
      }
      if (noAdmin) {
        b.admin(false);
      }
      if (eventLoops != null) {
        b.eventLoops(eventLoops);
      }
      if (transport != null) {
        b.transport(NetTransport.parse(transport));
      }
      return runUntilStopped(b.build());
    } catch (ConfigException e) {
      System.err.println("junction: invalid configuration:");
      e.problems().forEach(p -> System.err.println("  " + p));
      return Main.INVALID;
    } catch (IllegalArgumentException e) {
      System.err.println("junction: " + e.getMessage());
      return Main.INVALID;
    }
  }

  static int runUntilStopped(Junction junction) {
    CountDownLatch stopRequested = new CountDownLatch(1);
    // SIGTERM is the normal way to stop serve: a graceful close on the main thread, then exit 0. Left
    // to the JVM, the same close would run in the shutdown hook below but the exit status would be
    // 143. Installed before start so that a SIGTERM during start-up ends the same way.
    Sighup.handle("TERM", "exit 0 after a graceful stop", stopRequested::countDown);
    // SIGHUP too: left to the JVM, it would end the process, at any time without a config file and
    // during start-up with one. One that arrives before the start is over is applied right after it.
    ReloadOnHangUp hangUp = new ReloadOnHangUp(junction.configFile() != null);
    Sighup.install(hangUp::signalled);
    Junction.Running running;
    try {
      running = junction.start();
    } catch (ConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      System.err.println("junction: could not start: " + rootMessage(e));
      return Main.FAILED;
    }
    hangUp.started(running);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.close();
      stopRequested.countDown();
      stopLogging();
    }, "junction-shutdown"));
    try {
      stopRequested.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    running.close();
    return Main.OK;
  }

  /**
   * Stops logback, if it is the logging in use, so that its queued lines (the access log's last
   * lines among them) are written before the JVM exits.
   */
  static void stopLogging() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
      logback.stop();
    }
  }

  /**
   * SIGHUP's action: a config reload, or one kept for the end of start-up when it comes earlier;
   * without a config file, a warning that there is nothing to reload.
   */
  private static final class ReloadOnHangUp {
    private final boolean fromFile;
    private Junction.@Nullable Running running;
    private boolean pending;

    ReloadOnHangUp(boolean fromFile) {
      this.fromFile = fromFile;
    }

    /** On the signal thread: the reload runs asynchronously, this only starts it. */
    synchronized void signalled() {
      if (!fromFile) {
        LOG.warn("SIGHUP: nothing to reload, serve runs without --config; it goes on as it was");
      } else if (running == null) {
        pending = true;
      } else {
        running.reloadAsync("SIGHUP");
      }
    }

    synchronized void started(Junction.Running r) {
      running = r;
      if (pending) {
        pending = false;
        r.reloadAsync("SIGHUP");
      }
    }
  }

  static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    String m = c.getMessage();
    return m == null ? c.getClass().getSimpleName() : m;
  }
}
