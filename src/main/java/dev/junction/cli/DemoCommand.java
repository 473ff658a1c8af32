package dev.junction.cli;

import dev.junction.Junction;
import dev.junction.config.ConfigLoader;
import dev.junction.config.HostPort;
import dev.junction.config.JunctionConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code junction demo}: Junction and two demo backends, no setup, with {@code curl} lines to try. */
@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Run Junction with two in-process demo backends on the bundled demo config, and print curl lines to try.")
final class DemoCommand implements Callable<Integer> {
  static final String CONFIG_RESOURCE = "/dev/junction/demo/demo.yaml";

  @Option(names = {"-l", "--listen"}, paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8000",
      description = "Data-plane address (default: ${DEFAULT-VALUE}).")
  String listen = "127.0.0.1:8000";

  @Option(names = "--admin-listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:8001",
      description = "Admin address (default: ${DEFAULT-VALUE}).")
  String adminListen = "127.0.0.1:8001";

  @Override
  public Integer call() {
    Demo demo;
    try {
      demo = Demo.start(HostPort.parse(listen), HostPort.parse(adminListen));
    } catch (RuntimeException e) {
      System.err.println("junction demo: could not start: " + ServeCommand.rootMessage(e)
          + " (is something else on " + listen + "? try --listen 127.0.0.1:0)");
      return Main.FAILED;
    }
    demo.printTo(System.out);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      demo.close();
      stopped.countDown();
      ServeCommand.stopLogging();
    }, "junction-demo-shutdown"));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Main.OK;
  }

  /** A running demo: the backends, Junction, and the lines to try. */
  static final class Demo implements AutoCloseable {
    private final Vertx backendsVertx;
    private final DemoBackends backends;
    final Junction.Running junction;

    private Demo(Vertx v, DemoBackends b, Junction.Running j) {
      this.backendsVertx = v;
      this.backends = b;
      this.junction = j;
    }

    static Demo start(HostPort listen, HostPort admin) {
      Vertx v = Vertx.vertx();
      try {
        DemoBackends b = DemoBackends.start(v).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        JunctionConfig config = ConfigLoader.load(template()
            .replace("{{logs}}", b.logsUri().toString())
            .replace("{{archive}}", b.archiveUri().toString()), Path.of("demo.yaml"));
        Junction.Running j = Junction.builder().config(config).listen(listen.host(), listen.port())
            .adminListen(admin.host(), admin.port()).decisionHeader(true).build().start();
        return new Demo(v, b, j);
      } catch (Exception e) {
        v.close();
        throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
      }
    }

    private static String template() throws IOException {
      try (InputStream in = DemoCommand.class.getResourceAsStream(CONFIG_RESOURCE)) {
        if (in == null) {
          throw new IOException("missing resource " + CONFIG_RESOURCE);
        }
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }

    /** The curl command lines the demo prints, in order, each with what it shows. */
    List<String[]> tries() {
      String base = junction.uri().toString();
      String json = " -H 'Content-Type: application/json' -d ";
      return List.of(
          new String[] {"a rule matching the payload (the seed README example) picks 'logs'",
              "curl -si -X POST " + base + "/get_log_files" + json + "'{\"name\":\"log_file.log\",\"path\":\"c:/logs\"}'"},
          new String[] {"another payload rule picks 'archive'",
              "curl -si -X POST " + base + "/archive_logs" + json + "'{\"source\":\"c:/logs\",\"destination\":\"e:/archives\",\"compress\":true}'"},
          new String[] {"no rule: discovery tries 'logs' (404) then 'archive', and remembers it for model large-1",
              "curl -si -X POST " + base + "/v1/chat/completions" + json + "'{\"model\":\"large-1\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}'"},
          new String[] {"the same model with another prompt: a decision-cache hit (X-Junction-Decision: cache)",
              "curl -si -X POST " + base + "/v1/chat/completions" + json + "'{\"model\":\"large-1\",\"messages\":[{\"role\":\"user\",\"content\":\"again\"}]}'"},
          new String[] {"a streamed completion (server-sent events, word by word)",
              "curl -sN -X POST " + base + "/v1/chat/completions" + json + "'{\"model\":\"small-1\",\"stream\":true}'"},
          new String[] {"an alias: /v1/audio/speech is served as /audio/speech",
              "curl -si -X POST " + base + "/v1/audio/speech" + json + "'{\"input\":\"Hello world\"}'"},
          new String[] {"server-sent events through discovery, one every 300 ms",
              "curl -sN " + base + "/events"},
          new String[] {"a path template rule: /models/{id} goes to 'logs'",
              "curl -si " + base + "/models/small-1"},
          new String[] {"no backend has the path: both answer 404, so the client gets the last one's own 404 (attempts=2; final=404)",
              "curl -si " + base + "/nowhere"},
          new String[] {"health, also under its alias /v1/health",
              "curl -s " + base + "/v1/health"});
    }

    void printTo(PrintStream out) {
      out.println("Junction demo: listening on " + junction.uri() + " (backends: logs, archive). Try:");
      out.println();
      for (String[] t : tries()) {
        out.println("# " + t[0]);
        out.println(t[1]);
        out.println();
      }
      out.println("Press Ctrl+C to stop.");
      out.flush();
    }

    @Override
    public void close() {
      junction.close();
      backends.close();
      backendsVertx.close();
    }
  }
}
