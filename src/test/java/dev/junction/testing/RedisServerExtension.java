package dev.junction.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jspecify.annotations.Nullable;

/**
 * A real {@code redis-server} for tests, on a free loopback port, without persistence, in its own
 * temporary directory.
 *
 * <p>Register it as a static field for one server per class ({@code @RegisterExtension static
 * final RedisServerExtension redis = new RedisServerExtension();}): it starts before all tests,
 * is flushed and (if a test stopped it) restarted before each test, and stops after all. As an
 * instance field it starts and stops around each test.
 *
 * <p>{@link #stop()} and {@link #start()} let a test kill the server and bring it back on the same
 * port. When {@code redis-server} is not on the PATH the tests fail (never skip): install it with
 * {@code apt-get install redis-server}.
 */
public final class RedisServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final Duration STARTUP = Duration.ofSeconds(10);

  private final @Nullable String password;
  private @Nullable Process process;
  private @Nullable Path workDir;
  private int port;
  private boolean perClass;
  private boolean hooked;

  public RedisServerExtension() {
    this(null);
  }

  private RedisServerExtension(@Nullable String password) {
    this.password = password;
  }

  /** A server that requires {@code password} ({@code requirepass}). */
  public static RedisServerExtension withPassword(String password) {
    return new RedisServerExtension(password);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    perClass = true;
    start();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    shutdown();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (!isRunning()) {
      start();
    }
    command("FLUSHALL");
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (!perClass) {
      shutdown();
    }
  }

  /** The port, stable across {@link #stop()} and {@link #start()}. */
  public int port() {
    if (port == 0) {
      throw new IllegalStateException("redis-server not started yet");
    }
    return port;
  }

  /** {@code redis://127.0.0.1:PORT} (with the password in the userinfo when there is one). */
  public URI uri() {
    String auth = password != null ? ":" + password + "@" : "";
    return URI.create("redis://" + auth + "127.0.0.1:" + port());
  }

  public boolean isRunning() {
    Process p = process;
    return p != null && p.isAlive();
  }

  /** Starts the server (on the same port as before, if it ran already) and waits until it answers PING. */
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    String binary = findOnPath("redis-server");
    try {
      if (workDir == null) {
        workDir = Files.createTempDirectory("junction-redis-");
      }
      if (port == 0) {
        port = freePort();
      }
      List<String> command = new ArrayList<>(List.of(binary, "--port", String.valueOf(port), "--bind", "127.0.0.1",
          "--save", "", "--appendonly", "no", "--dir", workDir.toString()));
      if (password != null) {
        command.addAll(List.of("--requirepass", password));
      }
      if (!hooked) {
        hooked = true;
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "redis-server-reaper"));
      }
      Path log = workDir.resolve("redis.log");
      process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      awaitPing(log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start redis-server", e);
    }
  }

  /** Kills the server (SIGKILL, like a crash) and waits until it is gone; the port is kept for {@link #start()}. */
  public synchronized void stop() {
    Process p = process;
    process = null;
    if (p == null) {
      return;
    }
    p.destroyForcibly();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("redis-server (pid " + p.pid() + ") did not exit");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping redis-server", e);
    }
  }

  /**
   * Freezes the server ({@code SIGSTOP}): connections stay open but nothing is answered, like a
   * hung or overloaded Redis. Undo with {@link #resume()}.
   */
  public void pause() {
    signal("-STOP");
  }

  /** Lets a {@link #pause() paused} server run again ({@code SIGCONT}). */
  public void resume() {
    signal("-CONT");
  }

  private void signal(String signal) {
    Process p = process;
    if (p == null) {
      throw new IllegalStateException("redis-server is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", signal, String.valueOf(p.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill " + signal + " " + p.pid() + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("kill " + signal, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling redis-server", e);
    }
  }

  /**
   * Sends one command over a plain socket and returns the first line of the reply (for example
   * {@code +PONG} or {@code :1}).
   */
  public String command(String... args) {
    return exchange(false, args);
  }

  /**
   * Sends one command whose reply is a bulk string (such as {@code GET} or {@code HGET}) and returns
   * that string, or null for a nil reply. The string must not contain a line break.
   */
  public @Nullable String bulk(String... args) {
    return exchange(true, args);
  }

  private @Nullable String exchange(boolean bulk, String... args) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port()), 1000);
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      if (password != null) {
        out.write(resp("AUTH", password));
        in.readLine();
      }
      out.write(resp(args));
      out.flush();
      String reply = in.readLine();
      if (reply == null) {
        throw new IOException("redis-server closed the connection");
      }
      if (!bulk) {
        return reply;
      }
      if (!reply.startsWith("$")) {
        throw new IOException("not a bulk string reply to " + args[0] + ": " + reply);
      }
      return reply.equals("$-1") ? null : in.readLine();
    } catch (IOException e) {
      throw new UncheckedIOException("redis command " + args[0] + " on port " + port, e);
    }
  }

  private void shutdown() {
    stop();
    Path dir = workDir;
    workDir = null;
    port = 0;
    if (dir != null) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // A leftover temp directory is harmless.
      }
    }
  }

  private void awaitPing(Path log) throws IOException {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (true) {
      Process p = process;
      if (p == null || !p.isAlive()) {
        throw new IllegalStateException("redis-server exited at start on port " + port + ":\n" + Files.readString(log));
      }
      try {
        if (command("PING").equals("+PONG")) {
          return;
        }
      } catch (UncheckedIOException notYet) {
        // Not listening yet.
      }
      if (System.nanoTime() - deadline > 0) {
        stop();
        throw new IllegalStateException("redis-server did not answer PING within " + STARTUP + ":\n" + Files.readString(log));
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting redis-server", e);
      }
    }
  }

  private static byte[] resp(String... args) {
    StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
    for (String arg : args) {
      byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
      sb.append('$').append(bytes.length).append("\r\n").append(arg).append("\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String findOnPath(String name) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new IllegalStateException(name + " not found on PATH: install it (apt-get install redis-server);"
        + " Redis tests need a real server and are not skipped");
  }
}
