package dev.junction;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.testing.ChaosBackend;
import dev.junction.testing.ChaosClient;
import dev.junction.testing.RawBackend;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A native-heap soak for the glibc "tcache_thread_shutdown(): unaligned tcache chunk detected" abort:
 * starts a Junction (fresh Vert.x and data-plane event loops), drives keep-alive, pipelined, streaming
 * and full-duplex traffic with large bodies plus a hostile backend through it, and closes it abruptly
 * (grace 0) while clients and backends are still sending; then again, many times a minute. Every close
 * makes the event-loop threads exit (where glibc checks the thread's tcache).
 *
 * <p>Runs only with {@code -Djunction.heap.soak.seconds=N}. {@code -Djunction.heap.soak.transport=
 * auto|io_uring|epoll|nio} (default auto). Run the JVM with {@code LD_PRELOAD=/lib/x86_64-linux-gnu/libc_malloc_debug.so.0
 * MALLOC_CHECK_=3} for glibc's checked malloc. A heap corruption aborts the JVM (exit 134).
 *
 * <p>The A/B (3.5 min per run, arms in alternation; {@code ulimit -c unlimited} for a core):
 * <pre>
 * ./mvnw -B -q -o test -Dtest=NativeHeapSoakTest -Djunction.heap.soak.seconds=210 -Djunction.heap.soak.transport=io_uring
 * ./mvnw -B -q -o test -Dtest=NativeHeapSoakTest -Djunction.heap.soak.seconds=210 -Djunction.heap.soak.transport=epoll
 * (each also with: env LD_PRELOAD=/lib/x86_64-linux-gnu/libc_malloc_debug.so.0 MALLOC_CHECK_=3 ./mvnw ...)
 * </pre>
 * Found (kernel 6.18, Netty 4.2.18; the ring switched off by a temporary switch, since removed): io_uring
 * without the ring aborted in every run (4 of 4, within
 * 30 to 150 s), io_uring with the ring once in about 21 minutes, epoll never (18 minutes); always at
 * a Junction close. In the four cores the
 * corrupted free chunk is the 8-byte eventfd read buffer of an already destroyed IoUringIoHandler,
 * its first word overwritten with 1 (an eventfd count): the kernel completed the loop's eventfd
 * READ after {@code completeRingClose} had freed the buffer.
 */
@Tag("soak")
class NativeHeapSoakTest {
  private static final byte[] FILL = new byte[64 * 1024];

  static {
    for (int i = 0; i < FILL.length; i++) {
      FILL[i] = (byte) ('a' + i % 26);
    }
  }

  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bytesIn = new AtomicLong();
  private final AtomicLong bytesOut = new AtomicLong();
  private final AtomicLong backendBytes = new AtomicLong();
  private volatile boolean stop;

  @Test
  void startDriveAndCloseAbruptlyAgainAndAgain() throws Exception {
    long seconds = Long.getLong("junction.heap.soak.seconds", 0);
    assumeTrue(seconds > 0, "native heap soak: set -Djunction.heap.soak.seconds=N to run it");
    NetTransport transport = NetTransport.parse(System.getProperty("junction.heap.soak.transport", "auto"));
    System.out.printf("heap soak: %d s, transport %s, LD_PRELOAD=%s, MALLOC_CHECK_=%s, pid %d%n",
        seconds, transport, System.getenv("LD_PRELOAD"),
        System.getenv("MALLOC_CHECK_"), ProcessHandle.current().pid());
    long seed = Long.getLong("junction.random.seed", System.nanoTime());
    Random random = new Random(seed);
    try (RawBackend raw = new RawBackend("heap-soak-backend", 0, this::serve);
        ChaosBackend chaos = new ChaosBackend(seed, ChaosBackend.Mix.defaults(), 1500)) {
      JunctionConfig config = ConfigLoader.load("""
          junction:
            admin: {enabled: false}
            cache: {store: memory}
            backends: {raw: "%s", chaos: "%s"}
            routes:
              - {id: big, path: /big, backend: raw}
              - {id: stream, path: /stream, backend: raw}
              - {id: duplex, path: /duplex, backend: raw}
              - {id: chaos, path: "/chaos/{id}", backend: chaos}
          """.formatted(raw.uri(), chaos.uri()), null);
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      int cycles = 0;
      String ringLine = "?";
      while (System.nanoTime() - end < 0) {
        int loops = 2 + random.nextInt(3);
        Junction.Running j = Junction.builder().config(config).listen("127.0.0.1", 0).eventLoops(loops)
            .transport(transport).shutdownGrace(Duration.ZERO).build().start();
        int port = j.port();
        stop = false;
        List<Thread> clients = new ArrayList<>();
        int c = 0;
        for (int i = 0; i < 3; i++) {
          clients.add(client("keepalive-" + c++, () -> keepAlive(port, new Random(random.nextLong()))));
        }
        for (int i = 0; i < 2; i++) {
          clients.add(client("pipelined-" + c++, () -> pipelined(port, new Random(random.nextLong()))));
        }
        for (int i = 0; i < 2; i++) {
          clients.add(client("stream-" + c++, () -> stream(port)));
        }
        for (int i = 0; i < 2; i++) {
          clients.add(client("duplex-" + c++, () -> duplex(port, new Random(random.nextLong()))));
        }
        for (int i = 0; i < 2; i++) {
          int n = i;
          clients.add(client("chaos-" + c++, () -> chaos(port, n, new Random(random.nextLong()))));
        }
        clients.forEach(Thread::start);
        Thread.sleep(300 + random.nextInt(1200));
        // Abrupt close while everything still flows.
        j.close();
        Thread.sleep(50 + random.nextInt(150));
        stop = true;
        for (Socket s : sockets) {
          closeQuietly(s);
        }
        for (Thread t : clients) {
          t.join(10_000);
        }
        cycles++;
        long alive = Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().startsWith("junction-data-") || t.getName().startsWith("vert.x-eventloop")).count();
        if (cycles % 10 == 0 || alive > 0) {
          System.out.printf("heap soak: cycle %d, %d event loops, %d requests, %d MiB in, %d MiB out, backend wrote %d MiB,"
                  + " %d junction/vert.x loop threads still alive%n", cycles, loops, requests.get(), bytesIn.get() >> 20,
              bytesOut.get() >> 20, backendBytes.get() >> 20, alive);
        }
      }
      System.out.printf("heap soak: done, %d cycles in %d s (seed %d), %d requests, %d MiB in, %d MiB out%n", cycles,
          seconds, seed, requests.get(), bytesIn.get() >> 20, bytesOut.get() >> 20);
    }
  }

  private interface Body {
    void run() throws Exception;
  }

  private Thread client(String name, Body body) {
    Thread t = new Thread(() -> {
      while (!stop) {
        try {
          body.run();
        } catch (Exception e) {
          // reset, refused, closed: try again until the cycle ends
          try {
            Thread.sleep(5);
          } catch (InterruptedException ie) {
            return;
          }
        }
      }
    }, "heap-soak-" + name);
    t.setDaemon(true);
    return t;
  }

  private Socket connect(int port) throws IOException {
    Socket s = new Socket();
    sockets.add(s);
    s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
    s.setSoTimeout(3000);
    s.setTcpNoDelay(true);
    return s;
  }

  private static void closeQuietly(Socket s) {
    try {
      s.setSoLinger(true, 0); // RST, so the kernel still has data in flight at times
    } catch (IOException ignored) {
      // closed
    }
    try {
      s.close();
    } catch (IOException ignored) {
      // closed
    }
  }

  /** POSTs with large bodies, large answers, one after another on a keep-alive connection. */
  private void keepAlive(int port, Random r) throws IOException {
    Socket s = connect(port);
    try {
      InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
      OutputStream out = s.getOutputStream();
      while (!stop) {
        int up = r.nextInt(512 * 1024);
        int down = r.nextInt(1024 * 1024);
        out.write(("POST /big?n=" + down + " HTTP/1.1\r\nHost: j\r\nContent-Length: " + up + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        writeBytes(out, up);
        readAnswer(in);
        requests.incrementAndGet();
      }
    } finally {
      sockets.remove(s);
      closeQuietly(s);
    }
  }

  /** Eight GETs in one write, then their answers. */
  private void pipelined(int port, Random r) throws IOException {
    Socket s = connect(port);
    try {
      InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
      OutputStream out = s.getOutputStream();
      while (!stop) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 8; i++) {
          b.append("GET /big?n=").append(r.nextInt(256 * 1024)).append(" HTTP/1.1\r\nHost: j\r\n\r\n");
        }
        out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < 8; i++) {
          readAnswer(in);
          requests.incrementAndGet();
        }
      }
    } finally {
      sockets.remove(s);
      closeQuietly(s);
    }
  }

  /** A GET whose chunked answer never ends: read it until the cycle ends. */
  private void stream(int port) throws IOException {
    Socket s = connect(port);
    try {
      s.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: j\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      drain(s.getInputStream());
    } finally {
      sockets.remove(s);
      closeQuietly(s);
    }
  }

  /** A chunked POST that never ends, to a backend that answers at once with a chunked body that never ends. */
  private void duplex(int port, Random r) throws Exception {
    Socket s = connect(port);
    try {
      OutputStream out = s.getOutputStream();
      out.write("POST /duplex HTTP/1.1\r\nHost: j\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      Thread reader = new Thread(() -> {
        try {
          drain(s.getInputStream());
        } catch (IOException ignored) {
          // cut
        }
      }, Thread.currentThread().getName() + "-reader");
      reader.setDaemon(true);
      reader.start();
      while (!stop) {
        int n = 1 + r.nextInt(FILL.length);
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(FILL, 0, n);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        bytesOut.addAndGet(n);
      }
      reader.join(5000);
    } finally {
      sockets.remove(s);
      closeQuietly(s);
    }
  }

  private void chaos(int port, int client, Random r) throws IOException {
    ChaosClient c = new ChaosClient(port, 3000);
    try {
      for (long n = 0; !stop; n++) {
        String id = ChaosClient.id(client, r.nextLong() & Long.MAX_VALUE);
        boolean post = r.nextBoolean();
        c.send(post ? "POST" : "GET", id, post ? ChaosBackend.requestBody(id, r.nextInt(400)) : new byte[0], r.nextBoolean());
        ChaosClient.Verdict v = c.answer(post ? "POST" : "GET", id);
        requests.incrementAndGet();
        if (!v.keep()) {
          return;
        }
      }
    } finally {
      c.close();
    }
  }

  private void writeBytes(OutputStream out, int n) throws IOException {
    while (n > 0) {
      int k = Math.min(n, FILL.length);
      out.write(FILL, 0, k);
      n -= k;
      bytesOut.addAndGet(k);
    }
  }

  private void drain(InputStream in) throws IOException {
    byte[] b = new byte[65536];
    int r;
    while (!stop && (r = in.read(b)) >= 0) {
      bytesIn.addAndGet(r);
    }
  }

  /** Reads one answer: head, then a Content-Length or chunked body. */
  private void readAnswer(InputStream in) throws IOException {
    String status = line(in);
    if (status == null) {
      throw new IOException("closed");
    }
    long length = -1;
    boolean chunked = false;
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      String lower = h.toLowerCase();
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(h.substring(15).trim());
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (h == null) {
      throw new IOException("closed in head");
    }
    if (chunked) {
      while (true) {
        String size = line(in);
        if (size == null) {
          throw new IOException("closed in body");
        }
        long n = Long.parseLong(size.split(";")[0].trim(), 16);
        if (n == 0) {
          while ((h = line(in)) != null && !h.isEmpty()) {
            // trailers
          }
          return;
        }
        skip(in, n);
        line(in);
      }
    }
    if (length > 0) {
      skip(in, length);
    }
  }

  private void skip(InputStream in, long n) throws IOException {
    while (n > 0) {
      long k = in.skip(n);
      if (k <= 0) {
        if (in.read() < 0) {
          throw new IOException("closed in body");
        }
        k = 1;
      }
      n -= k;
      bytesIn.addAndGet(k);
    }
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        b.append((char) c);
      }
    }
    return c == -1 && b.length() == 0 ? null : b.toString();
  }

  /** The raw backend: /big answers n bytes, /stream and /duplex answer with a chunked body that never ends. */
  private void serve(RawBackend.Conn conn) throws Exception {
    conn.socket.setSoTimeout(5000);
    RawBackend.Request head;
    while ((head = conn.readHead()) != null) {
      String target = head.target();
      if (target.startsWith("/big")) {
        conn.readBody(head);
        int n = Integer.parseInt(target.substring(target.indexOf("n=") + 2));
        conn.out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + n + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        while (n > 0) {
          int k = Math.min(n, FILL.length);
          conn.out.write(FILL, 0, k);
          n -= k;
          backendBytes.addAndGet(k);
        }
        conn.out.flush();
      } else if (target.startsWith("/stream") || target.startsWith("/duplex")) {
        if (target.startsWith("/duplex")) {
          InputStream in = conn.in;
          Thread t = new Thread(() -> {
            byte[] b = new byte[65536];
            try {
              while (in.read(b) >= 0) {
                // drain the endless upload
              }
            } catch (IOException ignored) {
              // cut
            }
          }, "heap-soak-backend-drain");
          t.setDaemon(true);
          t.start();
        }
        conn.out.write("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
            .getBytes(StandardCharsets.US_ASCII));
        byte[] size = (Integer.toHexString(FILL.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        while (true) { // until Junction cuts the connection
          conn.out.write(size);
          conn.out.write(FILL);
          conn.out.write(crlf);
          backendBytes.addAndGet(FILL.length);
        }
      } else {
        conn.out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    }
  }
}
