package dev.junction.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code junction serve} as a real child JVM, started from this test's class path in a test's
 * directory, with its output in a log file there: for the tests that send it real signals.
 *
 * <p>It runs in {@code dir}, so a default SQLite decision file lands there and not in the checkout,
 * and SQLite unpacks its native library there too (a killed JVM cannot delete its copy from
 * {@code /tmp}). It starts through {@code env} with a SIGHUP disposition, by default the one a shell
 * gives, whatever this JVM inherited: under {@code nohup} SIGHUP is ignored, and would be in serve.
 */
public final class ServeProcess implements AutoCloseable {
  /** What {@code env} is told about SIGHUP unless a test says otherwise: as a shell gives it. */
  public static final String DEFAULT_HUP = "--default-signal=HUP";

  private final Process process;
  private final Path log;

  private ServeProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts {@code junction serve serveArgs} in {@code dir}, logging to {@code dir/logName}, not waiting for it. */
  public static ServeProcess start(Path dir, String logName, String... serveArgs) throws IOException {
    return startWithHup(dir, logName, DEFAULT_HUP, serveArgs);
  }

  /** As {@link #start(Path, String, String...)}, with {@code env}'s {@code hupDisposition} (e.g. {@code --ignore-signal=HUP}). */
  public static ServeProcess startWithHup(Path dir, String logName, String hupDisposition, String... serveArgs) throws IOException {
    return startWithEnv(dir, logName, hupDisposition, java.util.Map.of(), serveArgs);
  }

  /** As {@link #startWithHup}, with {@code variables} added to serve's environment. */
  public static ServeProcess startWithEnv(Path dir, String logName, String hupDisposition, java.util.Map<String, String> variables,
      String... serveArgs) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>(List.of("env", hupDisposition));
    variables.forEach((k, v) -> command.add(k + "=" + v));
    command.addAll(List.of(java, "-Dorg.sqlite.tmpdir=" + dir,
        "-cp", System.getProperty("java.class.path"), "dev.junction.cli.Main", "serve"));
    command.addAll(List.of(serveArgs));
    Path log = dir.resolve(logName);
    Process p = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new ServeProcess(p, log);
  }

  /** A port free on the loopback address a moment ago. */
  public static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public Process process() {
    return process;
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Everything serve has written so far; empty before it has written anything. */
  public String log() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean logSays(String text) {
    return Files.exists(log) && log().contains(text);
  }

  /** Waits until the log says {@code text}, failing with the log if serve ends first. */
  public void awaitLog(String text, Duration timeout) {
    Await.until(timeout, "serve logs '" + text + "'", () -> {
      if (!process.isAlive() && !logSays(text)) {
        throw new AssertionError("serve ended with status " + process.exitValue() + " before logging '" + text
            + "'; log:\n" + log());
      }
      return logSays(text);
    });
  }

  /** Sends {@code kill -signal} (e.g. {@code HUP}, {@code TERM}, {@code 9}) and checks kill succeeded. */
  public void signal(String signal) throws IOException, InterruptedException {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
    assertThat(kill.waitFor(10, TimeUnit.SECONDS)).as("kill -%s returned", signal).isTrue();
    assertThat(kill.exitValue()).as("kill -%s status", signal).isZero();
  }

  /** Asks serve to stop (SIGTERM), then kills it if it has not within 30 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }
}
