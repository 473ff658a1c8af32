package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** The command line: exit codes, messages, help and version everywhere. */
class CliTest {
  /** Runs a command line, capturing what it prints. */
  record Run(int code, String out, String err) {}

  static synchronized Run run(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void theSeedReadmeExampleChecksOk() {
    Run r = run("config", "check", "examples/seed-readme.yaml");

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("ok - 2 backend(s), 3 rule(s)");
  }

  @Test
  void anInvalidConfigExitsNonZeroNamingFileLineAndKey(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, """
        junction:
          backends:
            llm:
              url: http://127.0.0.1:3000
              cache_timout: 10
          routes:
            - path: /chat
              backend: lm
        """);

    Run r = run("config", "check", bad.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).contains(bad + ":5:7: junction.backends.llm.cache_timout: unknown key 'cache_timout'");
    assertThat(r.out()).contains(bad + ":8:16: junction.routes[0].backend:");
  }

  @Test
  void clientTimeoutsAreCheckedAndABadOneIsNamedWithFileLineAndColumn(@TempDir Path dir) throws Exception {
    String yaml = """
        junction:
          backends:
            llm: http://127.0.0.1:3000
          routes:
            - path: /chat
              backend: llm
          proxy:
            request_head_timeout: 5s
            request_body_timeout: %s
            client_idle_timeout: 2m
        """;
    Path good = Files.writeString(dir.resolve("good.yaml"), yaml.formatted("30s"));
    Path bad = Files.writeString(dir.resolve("bad.yaml"), yaml.formatted("0"));

    Run ok = run("config", "check", good.toString());
    Run refused = run("config", "check", bad.toString());

    assertThat(ok.code()).isZero();
    assertThat(refused.code()).isEqualTo(2);
    assertThat(refused.out()).contains(bad + ":9:27: junction.proxy.request_body_timeout: '0' (expected: a duration > 0)");
  }

  @Test
  void aShadowedRuleIsAWarningAndFailsOnlyWithStrict(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("shadow.yaml");
    Files.writeString(file, """
        junction:
          backends:
            a: http://127.0.0.1:3000
          routes:
            - id: everything
              path: /chat
              backend: a
            - id: never
              path: /chat
              methods: [POST]
              backend: a
        """);

    Run lenient = run("config", "check", file.toString());
    Run strict = run("config", "check", "--strict", file.toString());

    assertThat(lenient.code()).isZero();
    assertThat(lenient.out()).contains("warning:", "'never' can never match");
    assertThat(strict.code()).isEqualTo(2);
  }

  @Test
  void serveWithABadConfigStartsNothingAndExits2(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "junction:\n  listen: nowhere\n");

    Run r = run("serve", "--config", bad.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("invalid configuration", bad + ":2:");
  }

  @Test
  void serveRefusesZeroEventLoopsBeforeStartingAnything() {
    Run r = run("serve", "--backend", "http://127.0.0.1:9", "--event-loops", "0");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("eventLoops: 0 (expected: >= 1)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "serve", "demo", "config", "config check", "cache", "cache clean", "cache list"})
  void everyCommandHasHelpAndVersion(String command) {
    String[] words = command.isEmpty() ? new String[0] : command.split(" ");
    String[] help = java.util.stream.Stream.concat(java.util.Arrays.stream(words), java.util.stream.Stream.of("--help")).toArray(String[]::new);
    String[] version = java.util.stream.Stream.concat(java.util.Arrays.stream(words), java.util.stream.Stream.of("--version")).toArray(String[]::new);

    Run h = run(help);
    Run v = run(version);

    assertThat(h.code()).isZero();
    assertThat(h.out()).contains("Usage: junction");
    assertThat(v.code()).isZero();
    assertThat(v.out()).startsWith("junction ");
  }

  /** A port nothing listens on now. */
  static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void withNoJunctionRunningListReadsTheStoreWithoutCreatingItAndCleanNeedsOffline(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, """
        junction:
          admin: {listen: "127.0.0.1:%d"}
          backends:
            a: http://127.0.0.1:3000
          cache:
            path: decisions.db
        """.formatted(freePort()));

    Run list = run("cache", "list", "--config", file.toString());
    boolean createdByList = Files.exists(dir.resolve("decisions.db"));
    Run clean = run("cache", "clean", "--config", file.toString());
    Run offline = run("cache", "clean", "--offline", "--config", file.toString());

    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("0 decision(s) in sqlite " + dir.resolve("decisions.db"), "no such file");
    assertThat(createdByList).as("a read-only command never creates the store file").isFalse();
    assertThat(clean.code()).isEqualTo(Main.FAILED);
    assertThat(clean.err()).contains("no running Junction answers on the admin listener", "add --offline");
    assertThat(offline.code()).isZero();
    assertThat(offline.out()).contains("removed 0 decision(s) from sqlite " + dir.resolve("decisions.db"));
  }

  @Test
  void anErrorThatPicocliLetsThroughStillEndsWithExitCodeOneAndItsDescription() {
    // picocli turns a command's exceptions into exit codes, but not Errors: main has to.
    Callable<Integer> failing = new Failing();
    assertThatThrownBy(() -> new CommandLine(failing).execute())
        .isInstanceOf(NoClassDefFoundError.class);
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(e, true, StandardCharsets.UTF_8);

    int failed = Main.exitCode(() -> new CommandLine(failing).execute(), err);
    int passed = Main.exitCode(() -> 7, err);

    assertThat(failed).isEqualTo(1);
    assertThat(passed).isEqualTo(7);
    assertThat(e.toString(StandardCharsets.UTF_8))
        .contains("junction: stopped by an unexpected error: java.lang.NoClassDefFoundError: dev/junction/Gone");
  }

  @CommandLine.Command(name = "failing")
  static final class Failing implements Callable<Integer> {
    @Override
    public Integer call() {
      throw new NoClassDefFoundError("dev/junction/Gone");
    }
  }
}
