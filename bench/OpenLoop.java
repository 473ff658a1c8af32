import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop load for bench/run.sh: GET requests on a fixed schedule, each timed from the moment it
 * was <em>scheduled</em> to go out, so that a stalled server shows as latency instead of as fewer
 * requests (no coordinated omission: wrk2's model, which wrk lacks).
 *
 * <pre>
 * java bench/OpenLoop.java load RATE[,RATE...] SECONDS WARMUP_SECONDS ROUNDS CONNECTIONS name=URL [name=URL ...]
 * java bench/OpenLoop.java idle COUNT URL READY_FILE HOLD_SECONDS
 * </pre>
 *
 * <p><b>load</b>: for each rate (requests/s, all connections together), ROUNDS rounds, each
 * running every target in turns (round r starts with target r, as bench/run.sh rotates wrk's
 * turns). A run opens CONNECTIONS HTTP/1.1 keep-alive connections; connection i sends its
 * requests at {@code start + (i / CONNECTIONS + k) * CONNECTIONS / RATE}, k = 0, 1, 2... When a
 * request is due while the connection still waits for the previous answer, it goes out the moment
 * that answer ends, and its latency still counts from the time it was due. WARMUP_SECONDS at the
 * rate come first and are not counted. One line per run:
 * {@code openloop rate=R round=N target=NAME sent=.. done=.. achieved=.. p50_us=.. p90_us=.. p99_us=..
 * p999_us=.. max_us=.. errors=.. lag_p99_us=..}: {@code achieved} is counted answers per second,
 * {@code errors} non-2xx answers, broken connections and answers missing 5 s after the end, and
 * {@code lag_p99_us} the generator's own lateness in sending on an idle connection (its p99; when
 * it is not small next to the latencies, the generator is short of CPU, not the target fast).
 * Exit status 1 when a target answers nothing at all.
 *
 * <p>Two threads: one sends on schedule (sleeping with {@link LockSupport#parkNanos} between due
 * times), one waits on a selector and timestamps each answer as soon as its last byte is read.
 * Latencies are kept whole and sorted: exact percentiles, no histogram buckets.
 *
 * <p><b>idle</b>: opens COUNT keep-alive connections to URL (a GET each, answered 200), writes
 * {@code ready COUNT} to READY_FILE, holds them HOLD_SECONDS, then closes them. bench/run.sh reads
 * the server's resident memory before and after, for the memory per idle connection.
 */
public final class OpenLoop {

  public static void main(String[] args) throws Exception {
    if (args.length >= 7 && args[0].equals("load")) {
      load(args);
    } else if (args.length == 5 && args[0].equals("idle")) {
      idle(Integer.parseInt(args[1]), URI.create(args[2]), Path.of(args[3]), Double.parseDouble(args[4]));
    } else {
      System.err.println("usage: java bench/OpenLoop.java load RATE[,RATE...] SECONDS WARMUP_SECONDS ROUNDS CONNECTIONS name=URL...");
      System.err.println("       java bench/OpenLoop.java idle COUNT URL READY_FILE HOLD_SECONDS");
      System.exit(2);
    }
  }

  static void load(String[] args) throws Exception {
    double[] rates = Arrays.stream(args[1].split(",")).mapToDouble(Double::parseDouble).toArray();
    double seconds = Double.parseDouble(args[2]);
    double warmup = Double.parseDouble(args[3]);
    int rounds = Integer.parseInt(args[4]);
    int connections = Integer.parseInt(args[5]);
    Map<String, URI> targets = new LinkedHashMap<>();
    for (int i = 6; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      targets.put(args[i].substring(0, eq), URI.create(args[i].substring(eq + 1)));
    }
    List<String> names = new ArrayList<>(targets.keySet());
    boolean failed = false;
    for (double rate : rates) {
      for (int r = 1; r <= rounds; r++) {
        for (int k = 0; k < names.size(); k++) {
          String name = names.get((r - 1 + k) % names.size());
          Result res = new Run(targets.get(name), rate, seconds, warmup, connections).run();
          System.out.printf("openloop rate=%.0f round=%d target=%s %s%n", rate, r, name, res);
          System.out.flush();
          if (res.done == 0) {
            System.err.println("openloop: " + name + " (" + targets.get(name) + ") answered nothing at " + Math.round(rate) + " requests/s");
            failed = true;
          }
        }
      }
    }
    System.exit(failed ? 1 : 0);
  }

  record Result(long sent, long done, double achieved, long[] latencies, long errors, long[] lags) {
    @Override
    public String toString() {
      return String.format("sent=%d done=%d achieved=%.0f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d errors=%d lag_p99_us=%d",
          sent, done, achieved, pct(latencies, 0.50), pct(latencies, 0.90), pct(latencies, 0.99), pct(latencies, 0.999),
          latencies.length == 0 ? 0 : latencies[latencies.length - 1] / 1000, errors, pct(lags, 0.99));
    }
  }

  /** The q-quantile of sorted nanoseconds, in microseconds (nearest rank). */
  static long pct(long[] sorted, double q) {
    if (sorted.length == 0) return 0;
    int i = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000;
  }

  /** A growable array of longs: one writer thread each. */
  static final class Longs {
    long[] a = new long[1 << 16];
    int n;

    void add(long v) {
      if (n == a.length) a = Arrays.copyOf(a, n * 2);
      a[n++] = v;
    }
  }

  static final class Conn {
    final int id;
    SocketChannel ch;
    long next;               // when its next request is due
    long scheduled = -1;     // when the request in flight was due; -1: none in flight
    final ByteBuffer in = ByteBuffer.allocate(64 * 1024);
    int status;              // the answer being read: its status, or 0 before its head ended
    int headEnd;             // where its body starts in `in`
    long bodyLeft;           // fixed length: bytes still to come; chunked: -1
    boolean chunked;

    Conn(int id) {
      this.id = id;
    }
  }

  static final class Run {
    final URI uri;
    final double rate;
    final long intervalNs;
    final int connections;
    final long start, recordFrom, end;
    final byte[] request;
    final Conn[] conns;
    final Selector selector;
    final Longs latencies = new Longs(), lags = new Longs(); // lags: the sender thread's only (see send)
    volatile Thread sender;
    final AtomicLong sent = new AtomicLong(), errors = new AtomicLong();  // by either thread
    long done;  // the reader's

    Run(URI uri, double rate, double seconds, double warmup, int connections) throws IOException {
      this.uri = uri;
      this.rate = rate;
      this.connections = connections;
      this.intervalNs = (long) (1e9 * connections / rate);
      String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
      request = ("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nUser-Agent: openloop\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      selector = Selector.open();
      conns = new Conn[connections];
      for (int i = 0; i < connections; i++) {
        conns[i] = new Conn(i);
        open(conns[i]);
      }
      start = System.nanoTime() + 20_000_000L;
      recordFrom = start + (long) (warmup * 1e9);
      end = recordFrom + (long) (seconds * 1e9);
      for (int i = 0; i < connections; i++) conns[i].next = start + (long) ((double) i * intervalNs / connections);
    }

    void open(Conn c) throws IOException {
      SocketChannel ch = SocketChannel.open();
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
      ch.configureBlocking(false);
      c.ch = ch;
      c.in.clear();
      c.status = 0;
      ch.register(selector, SelectionKey.OP_READ, c);
    }

    /**
     * Sends c's due request; the caller holds c's lock and has checked it is idle and due. The
     * sender thread's sends go out on an idle connection, late only by the generator's own delay,
     * which it records; the reader's go out the moment the answer before them ended, late because
     * of the server, which their latency already counts.
     */
    void send(Conn c, long now, boolean bySender) throws IOException {
      ByteBuffer b = ByteBuffer.wrap(request);
      while (b.hasRemaining()) {
        if (c.ch.write(b) == 0) Thread.onSpinWait();
      }
      c.scheduled = c.next;
      c.next += intervalNs;
      sent.incrementAndGet();
      if (bySender && c.scheduled >= recordFrom) lags.add(now - c.scheduled);
    }

    Result run() throws Exception {
      sender = Thread.currentThread();
      Thread reader = new Thread(this::read, "openloop-reader");
      reader.setDaemon(true);
      reader.start();
      long deadline = end + 5_000_000_000L;
      while (true) {
        long now = System.nanoTime();
        long earliest = Long.MAX_VALUE;
        boolean busy = false;
        for (Conn c : conns) {
          synchronized (c) {
            if (c.scheduled >= 0) {
              busy = true;
            } else if (c.next < end) {
              if (c.next <= now) {
                try {
                  send(c, now, true);
                  busy = true;
                } catch (IOException e) {
                  broken(c, now);
                  earliest = now;
                }
              } else {
                earliest = Math.min(earliest, c.next);
              }
            }
          }
        }
        if (earliest == Long.MAX_VALUE && (!busy || now >= deadline)) break;
        long wait = (earliest == Long.MAX_VALUE ? now + 500_000 : Math.min(earliest, now + 500_000)) - System.nanoTime();
        if (wait > 0) LockSupport.parkNanos(wait);
      }
      reader.interrupt();
      selector.wakeup();
      reader.join();
      long late = 0;
      for (Conn c : conns) {
        synchronized (c) {
          if (c.scheduled >= recordFrom) late++;
        }
        try {
          c.ch.close();
        } catch (IOException ignored) {
          // closing only
        }
      }
      selector.close();
      long[] lat = Arrays.copyOf(latencies.a, latencies.n);
      Arrays.sort(lat);
      long[] lag = Arrays.copyOf(lags.a, lags.n);
      Arrays.sort(lag);
      double seconds = (end - recordFrom) / 1e9;
      return new Result(sent.get(), done, done / seconds, lat, errors.get() + late, lag);
    }

    void read() {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          selector.select(100);
          long now = System.nanoTime();
          for (SelectionKey k : selector.selectedKeys()) {
            Conn c = (Conn) k.attachment();
            synchronized (c) {
              if (c.ch != k.channel()) continue;
              int n;
              try {
                n = c.ch.read(c.in);
              } catch (IOException e) {
                n = -1;
              }
              if (n < 0) {
                broken(c, now);
                continue;
              }
              int answer;
              while ((answer = parse(c)) != 0) {
                if (answer < 0) {
                  broken(c, now);
                  break;
                }
                answered(c, answer, now);
              }
            }
          }
          selector.selectedKeys().clear();
        }
      } catch (IOException e) {
        throw new RuntimeException(e);
      } catch (java.nio.channels.ClosedSelectorException e) {
        // the run is over
      }
    }

    void answered(Conn c, int status, long now) {
      if (c.scheduled < 0) { // an answer nobody asked for
        errors.incrementAndGet();
        return;
      }
      if (c.scheduled >= recordFrom && c.scheduled < end) {
        latencies.add(now - c.scheduled);
        done++;
        if (status < 200 || status > 299) errors.incrementAndGet();
      }
      c.scheduled = -1;
      if (c.next < end) {
        if (c.next <= now) {
          try {
            send(c, now, false);
          } catch (IOException e) {
            broken(c, now);
          }
        } else {
          LockSupport.unpark(sender);
        }
      }
    }

    void broken(Conn c, long now) {
      if (c.scheduled >= recordFrom && c.scheduled < end) errors.incrementAndGet();
      c.scheduled = -1;
      try {
        c.ch.close();
      } catch (IOException ignored) {
        // reopened below
      }
      try {
        open(c);
      } catch (IOException e) {
        errors.incrementAndGet();
        c.next = Long.MAX_VALUE; // give this connection up
      }
      LockSupport.unpark(sender);
    }

    /**
     * Reads one answer out of c.in if it is whole: its status (and the bytes are consumed), 0 when
     * more is needed, -1 when it cannot be read (no length, bad framing).
     */
    static int parse(Conn c) {
      ByteBuffer b = c.in;
      byte[] a = b.array();
      int len = b.position();
      if (c.status == 0) {
        int he = indexOf(a, len, 0);
        if (he < 0) return len == a.length ? -1 : 0;
        if (len < 12) return -1;
        c.status = (a[9] - '0') * 100 + (a[10] - '0') * 10 + (a[11] - '0');
        c.headEnd = he + 4;
        String head = new String(a, 0, he, StandardCharsets.ISO_8859_1).toLowerCase();
        c.chunked = head.contains("\ntransfer-encoding: chunked");
        int cl = head.indexOf("\ncontent-length:");
        if (c.chunked) {
          c.bodyLeft = -1;
        } else if (cl >= 0) {
          int eol = head.indexOf('\r', cl + 1);
          c.bodyLeft = Long.parseLong(head.substring(cl + 16, eol < 0 ? head.length() : eol).trim());
        } else if (c.status == 204 || c.status == 304 || c.status / 100 == 1) {
          c.bodyLeft = 0;
        } else {
          return -1;
        }
      }
      int endAt;
      if (!c.chunked) {
        if (len - c.headEnd < c.bodyLeft) {
          return len == a.length ? -1 : 0; // bodies here are small; a larger one is not expected
        }
        endAt = (int) (c.headEnd + c.bodyLeft);
      } else {
        endAt = chunkedEnd(a, c.headEnd, len);
        if (endAt == 0) return len == a.length ? -1 : 0;
        if (endAt < 0) return -1;
      }
      int status = c.status;
      System.arraycopy(a, endAt, a, 0, len - endAt);
      b.position(len - endAt);
      c.status = 0;
      return status;
    }

    /** Where a chunked body starting at `from` ends (after its last CRLF), 0 if not yet whole, -1 if broken. */
    static int chunkedEnd(byte[] a, int from, int len) {
      int p = from;
      while (true) {
        int eol = -1;
        for (int i = p; i + 1 < len; i++) {
          if (a[i] == '\r' && a[i + 1] == '\n') {
            eol = i;
            break;
          }
        }
        if (eol < 0) return 0;
        String line = new String(a, p, eol - p, StandardCharsets.ISO_8859_1);
        int semi = line.indexOf(';');
        long size;
        try {
          size = Long.parseLong((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
        } catch (NumberFormatException e) {
          return -1;
        }
        if (size == 0) { // trailers, then an empty line
          int q = eol + 2;
          while (true) {
            int e2 = -1;
            for (int i = q; i + 1 < len; i++) {
              if (a[i] == '\r' && a[i + 1] == '\n') {
                e2 = i;
                break;
              }
            }
            if (e2 < 0) return 0;
            if (e2 == q) return q + 2;
            q = e2 + 2;
          }
        }
        p = eol + 2 + (int) size + 2;
        if (p > len) return 0;
      }
    }

    static int indexOf(byte[] a, int len, int from) {
      for (int i = from; i + 3 < len; i++) {
        if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') return i;
      }
      return -1;
    }
  }

  // --- idle ------------------------------------------------------------------------------------

  static void idle(int count, URI uri, Path ready, double hold) throws Exception {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    byte[] req = ("GET " + path + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    List<Socket> open = new ArrayList<>(count);
    Conn parser = new Conn(0);
    byte[] buf = new byte[16 * 1024];
    // In batches of 64 (as many as the load scenarios keep busy): a batch's requests go out
    // together, then their answers are read, so that the server needs no more than 64 backend
    // connections for them, and opening 10,000 takes about a second, not ten.
    for (int from = 0; from < count; from += 64) {
      List<Socket> batch = new ArrayList<>(64);
      for (int i = from; i < Math.min(count, from + 64); i++) {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(req);
        out.flush();
        batch.add(s);
      }
      for (Socket s : batch) {
        int i = open.size() + 1;
        InputStream in = s.getInputStream();
        parser.in.clear();
        parser.status = 0;
        int status = 0;
        while (status == 0) {
          int n = in.read(buf);
          if (n < 0) throw new IOException("connection " + i + " of " + count + " closed before its answer");
          parser.in.put(buf, 0, n);
          status = Run.parse(parser);
          if (status < 0) throw new IOException("connection " + i + ": an answer that could not be read");
        }
        if (status != 200) throw new IOException("connection " + i + " of " + count + " answered " + status + " (expected: 200)");
        open.add(s);
      }
    }
    Files.writeString(ready, "ready " + count + "\n");
    Thread.sleep((long) (hold * 1000));
    for (Socket s : open) s.close();
  }
}
