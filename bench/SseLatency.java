import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * SSE latency: time from the moment a backend writes an event to the moment a client reads it,
 * direct and through a proxy, in one JVM so both ends share {@link System#nanoTime()}.
 *
 * <pre>
 * java bench/SseLatency.java PORT EVENTS INTERVAL_MS ROUNDS name=URL [name=URL ...]
 * </pre>
 *
 * <p>Binds an SSE backend on 127.0.0.1:PORT (the proxies under test must point at it), then for
 * each round and each target in the order given (A B A B ...) opens one stream, receives EVENTS
 * events written INTERVAL_MS apart, and records each event's latency. The first tenth of every
 * stream is warm-up and not counted. Prints one line per target:
 * {@code sse <name> n=<count> p50_us=<..> p90_us=<..> p99_us=<..> max_us=<..>}.
 *
 * <p>Plain sockets on both sides with TCP_NODELAY, so that nothing but the proxy sits between the
 * write and the read. The client decodes the chunked body before it reads lines: an event counts
 * when its whole line has arrived, in however many chunks. Exit status 1 when a stream fails,
 * misses an event or repeats one.
 */
public final class SseLatency {
  private static volatile AtomicLongArray sentAt = new AtomicLongArray(0);
  private static volatile CountDownLatch streamDone = new CountDownLatch(0);
  private static int events;
  private static int intervalMs;

  public static void main(String[] args) throws Exception {
    if (args.length < 5) {
      System.err.println("usage: java SseLatency.java PORT EVENTS INTERVAL_MS ROUNDS name=URL [name=URL ...]");
      System.exit(2);
    }
    int port = Integer.parseInt(args[0]);
    events = Integer.parseInt(args[1]);
    intervalMs = Integer.parseInt(args[2]);
    int rounds = Integer.parseInt(args[3]);
    Map<String, URI> targets = new LinkedHashMap<>();
    for (int i = 4; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      targets.put(args[i].substring(0, eq), URI.create(args[i].substring(eq + 1)));
    }
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    Thread backend = new Thread(() -> serve(server), "sse-backend");
    backend.setDaemon(true);
    backend.start();

    Map<String, List<Long>> latencies = new LinkedHashMap<>();
    targets.keySet().forEach(k -> latencies.put(k, new ArrayList<>()));
    boolean failed = false;
    for (int r = 0; r < rounds; r++) {
      for (Map.Entry<String, URI> t : targets.entrySet()) {
        try {
          latencies.get(t.getKey()).addAll(receive(t.getValue()));
        } catch (IOException | RuntimeException e) {
          System.err.println("sse " + t.getKey() + ": " + e);
          failed = true;
        }
      }
    }
    for (Map.Entry<String, List<Long>> e : latencies.entrySet()) {
      long[] v = e.getValue().stream().mapToLong(Long::longValue).sorted().toArray();
      if (v.length == 0) {
        System.out.println("sse " + e.getKey() + " n=0");
        failed = true;
        continue;
      }
      System.out.printf("sse %s n=%d p50_us=%.1f p90_us=%.1f p99_us=%.1f max_us=%.1f%n", e.getKey(), v.length,
          pct(v, 50) / 1e3, pct(v, 90) / 1e3, pct(v, 99) / 1e3, v[v.length - 1] / 1e3);
    }
    server.close();
    System.exit(failed ? 1 : 0);
  }

  private static long pct(long[] sorted, double p) {
    int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
  }

  /** Opens one stream, reads every event, returns the latencies (ns) after the warm-up tenth. */
  private static List<Long> receive(URI uri) throws IOException, InterruptedException {
    sentAt = new AtomicLongArray(events);
    streamDone = new CountDownLatch(1);
    long[] receivedAt = new long[events];
    int seen = 0;
    try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
      s.setTcpNoDelay(true);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      out.write(("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
          + "\r\nAccept: text/event-stream\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
      String status = readLine(in);
      if (status == null || !status.startsWith("HTTP/1.1 200")) {
        throw new IOException("status line: " + status + " (expected: HTTP/1.1 200)");
      }
      boolean chunked = false;
      String field;
      while ((field = readLine(in)) != null && !field.isEmpty()) {
        chunked |= field.toLowerCase(java.util.Locale.ROOT).startsWith("transfer-encoding:") && field.contains("chunked");
      }
      if (!chunked) {
        throw new IOException("the stream is not chunked (expected: Transfer-Encoding: chunked)");
      }
      // The body's chunks are decoded first: a proxy may cut the stream into chunks other than the
      // backend's (RFC 9112 section 7.1 gives chunk boundaries no meaning), so an event's line can
      // span two chunks. An event counts when its whole line has arrived.
      ByteArrayOutputStream line = new ByteArrayOutputStream(64);
      String size;
      while (seen < events && (size = readLine(in)) != null) {
        int semicolon = size.indexOf(';');
        int n = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
        if (n == 0) {
          break;
        }
        for (int k = 0; k < n; k++) {
          int c = in.read();
          if (c == -1) {
            throw new IOException("the stream ended inside a chunk");
          }
          if (c != '\n') {
            line.write(c);
            continue;
          }
          String text = line.toString(StandardCharsets.US_ASCII);
          line.reset();
          if (text.startsWith("data: ")) {
            long now = System.nanoTime();
            int i = Integer.parseInt(text.substring(6).trim());
            if (receivedAt[i] != 0) {
              throw new IOException("event " + i + " arrived twice");
            }
            receivedAt[i] = now;
            seen++;
          }
        }
        if (in.read() != '\r' || in.read() != '\n') {
          throw new IOException("a chunk not followed by CRLF");
        }
      }
    }
    streamDone.await(10, TimeUnit.SECONDS);
    if (seen < events) {
      throw new IOException("received " + seen + " of " + events + " events");
    }
    List<Long> out = new ArrayList<>();
    for (int i = events / 10; i < events; i++) {
      out.add(receivedAt[i] - sentAt.get(i));
    }
    return out;
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(64);
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
  }

  /** The backend: each connection gets one chunked event stream of {@code events} events. */
  private static void serve(ServerSocket server) {
    while (!server.isClosed()) {
      try {
        Socket s = server.accept();
        Thread t = new Thread(() -> stream(s), "sse-stream");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private static void stream(Socket s) {
    AtomicLongArray stamps = sentAt;
    CountDownLatch done = streamDone;
    try (s) {
      s.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(s.getInputStream());
      String line;
      while ((line = readLine(in)) != null && !line.isEmpty()) {
        // request head: ignored
      }
      OutputStream out = s.getOutputStream();
      out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (int i = 0; i < events; i++) {
        Thread.sleep(intervalMs);
        byte[] event = ("data: " + i + "\n\n").getBytes(StandardCharsets.US_ASCII);
        byte[] chunk = concat((Integer.toHexString(event.length) + "\r\n").getBytes(StandardCharsets.US_ASCII),
            event, "\r\n".getBytes(StandardCharsets.US_ASCII));
        stamps.set(i, System.nanoTime());
        out.write(chunk);
        out.flush();
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
    } catch (IOException | InterruptedException e) {
      System.err.println("sse backend: " + e);
    } finally {
      done.countDown();
    }
  }

  private static byte[] concat(byte[]... parts) {
    int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
