package dev.junction.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A raw-socket HTTP/1.1 backend that misbehaves on purpose, on an ephemeral loopback port. Each
 * connection has its own daemon thread and a keep-alive loop: read a request head and its body
 * (Content-Length or chunked), answer, repeat. Every request must carry its id in {@link #ID}; the
 * answer to it is chosen by a {@link Random} seeded with the backend's seed and that id, so one seed
 * and one id always give the same {@link Behaviour} and the same variant of it.
 *
 * <p>A well-formed answer ({@link Behaviour#NORMAL}) carries the id in {@link #ID} and, unless it
 * has no body, the body {@link #body(String, int)}: the token {@code id:<id>;} {@code k} times then
 * {@code end:<k>;}, so a client can tell that a body is whole and its own. The other behaviours
 * break that answer in one way each (see {@link Behaviour}); a few of them leave the connection open
 * and keep serving, so that whatever they left behind meets the next request on it.
 *
 * <p>A POST body must be {@link #requestBody(String, int)} of the same id: {@link #foreignBodies()}
 * counts those that were not (a request head carrying one client's id with another's body).
 */
public final class ChaosBackend implements AutoCloseable {
  /** The request and answer header carrying a request's id. */
  public static final String ID = "X-Chaos-Id";
  /** The id of every answer this backend smuggles after a real one; its body is {@link #SMUGGLED}. */
  public static final String EVIL_PREFIX = "evil-";
  public static final String SMUGGLED = "SMUGGLED";

  /** One way of answering. {@link #key} is the name used in a mix ({@link Mix#parse}). */
  public enum Behaviour {
    /** 200 with Content-Length or chunked (chunk extensions and a trailer at times), sometimes {@code Connection: close}. */
    NORMAL("normal"),
    /** Content-Length announced and fewer bytes sent, or chunks without the last, or half a head; then FIN. */
    TRUNCATE("truncate"),
    /** A whole answer followed, in the same write, by junk or by a second whole answer with an evil id; keeps serving. */
    GARBAGE_AFTER("garbage-after"),
    /** Chunks with a size {@code zz}, junk after chunk data, a size over 64 bits, or a malformed trailer; keeps serving. */
    BAD_CHUNK("bad-chunk"),
    /** 204 or 304 with a body, or a HEAD answered with one; keeps serving. */
    BODY_ON_BODILESS("body-on-bodiless"),
    /** {@code SO_LINGER} 0 then close (RST), before the head or after it and part of the body. */
    RESET("reset"),
    /** Nothing, or the head and part of the body, then silence for {@code stallMs}; then close. */
    STALL("stall"),
    /** 50 to 500 interim {@code 100 Continue} and {@code 103 Early Hints}, then a normal answer. */
    INTERIM_FLOOD("interim-flood"),
    /** {@code 101 Switching Protocols} to a request that asked for no upgrade, then bytes, then silence. */
    UNSOLICITED_101("unsolicited-101"),
    /** A normal answer whose reason phrase holds a control character (NUL, SOH, DEL or a bare CR). */
    CONTROL_IN_REASON("control-in-reason"),
    /** {@code Content-Length: n, n} or two identical fields (legal), or two different values (not). */
    LENGTH_LIST("length-list");

    public final String key;

    Behaviour(String key) {
      this.key = key;
    }
  }

  /** Weights of the behaviours: each request picks one with probability weight / total. */
  public record Mix(Map<Behaviour, Integer> weights) {
    public Mix {
      weights = Map.copyOf(weights);
      if (weights.values().stream().anyMatch(w -> w < 0) || weights.values().stream().mapToInt(Integer::intValue).sum() <= 0) {
        throw new IllegalArgumentException("mix: " + weights + " (expected: weights >= 0, at least one > 0)");
      }
    }

    /** Half normal, the other half split evenly over every other behaviour. */
    public static Mix defaults() {
      Map<Behaviour, Integer> w = new EnumMap<>(Behaviour.class);
      for (Behaviour b : Behaviour.values()) {
        w.put(b, b == Behaviour.NORMAL ? 50 : 5);
      }
      return new Mix(w);
    }

    /** {@code normal=50,truncate=5,...}: unnamed behaviours get weight 0. */
    public static Mix parse(String spec) {
      Map<Behaviour, Integer> w = new EnumMap<>(Behaviour.class);
      for (String part : spec.split(",")) {
        String[] kv = part.trim().split("=");
        Behaviour b = null;
        for (Behaviour c : Behaviour.values()) {
          if (c.key.equals(kv[0].trim())) {
            b = c;
          }
        }
        if (b == null || kv.length != 2) {
          throw new IllegalArgumentException("mix: " + part + " (expected: behaviour=weight, behaviours "
              + Arrays.stream(Behaviour.values()).map(x -> x.key).toList() + ")");
        }
        w.put(b, Integer.parseInt(kv[1].trim()));
      }
      return new Mix(w);
    }

    /** The behaviours that may be picked. */
    public Set<Behaviour> active() {
      Set<Behaviour> s = EnumSet.noneOf(Behaviour.class);
      weights.forEach((b, w) -> {
        if (w > 0) {
          s.add(b);
        }
      });
      return s;
    }

    Behaviour pick(Random r) {
      int total = weights.values().stream().mapToInt(Integer::intValue).sum();
      int x = r.nextInt(total);
      for (Behaviour b : Behaviour.values()) {
        x -= weights.getOrDefault(b, 0);
        if (x < 0) {
          return b;
        }
      }
      throw new AssertionError("unreachable");
    }
  }

  /**
   * What the backend did for one request id, and what it had done just before on the same
   * connection (what may have been left there), for telling where a misdelivered answer came from.
   */
  public record Served(String id, String method, Behaviour behaviour, String variant, @Nullable Served before) {
    @Override
    public String toString() {
      return id + " " + method + " " + behaviour.key + "/" + variant;
    }
  }

  private final RawBackend raw;
  private final long seed;
  private final Mix mix;
  private final long stallMs;
  private final Map<Behaviour, LongAdder> counts = new EnumMap<>(Behaviour.class);
  private final Map<String, Served> served = new ConcurrentHashMap<>();
  private final AtomicLong evil = new AtomicLong();
  private final LongAdder foreignBodies = new LongAdder();
  private final LongAdder requests = new LongAdder();

  /**
   * @param seed with each request's id, chooses its behaviour and everything random about it
   * @param stallMs how long {@link Behaviour#STALL} stays silent: longer than the proxy's timeouts
   */
  public ChaosBackend(long seed, Mix mix, long stallMs) {
    this.seed = seed;
    this.mix = mix;
    this.stallMs = stallMs;
    for (Behaviour b : Behaviour.values()) {
      counts.put(b, new LongAdder());
    }
    raw = new RawBackend("chaos-backend", 0, this::serve);
  }

  public URI uri() {
    return raw.uri();
  }

  /** How many requests got each behaviour so far. */
  public Map<Behaviour, Long> counts() {
    Map<Behaviour, Long> out = new EnumMap<>(Behaviour.class);
    counts.forEach((b, n) -> out.put(b, n.sum()));
    return out;
  }

  /** What the backend did for {@code id}, the last time it received it; null if it never did. */
  public @Nullable Served served(String id) {
    return served.get(id);
  }

  public long requests() {
    return requests.sum();
  }

  public long connections() {
    return raw.connections();
  }

  /** POST bodies that were not the one their request's id calls for. */
  public long foreignBodies() {
    return foreignBodies.sum();
  }

  /** The body of a well-formed answer to {@code id}: {@code id:<id>;} {@code k} times, then {@code end:<k>;}. */
  public static byte[] body(String id, int k) {
    String token = "id:" + id + ";";
    StringBuilder b = new StringBuilder(token.length() * k + 16);
    for (int i = 0; i < k; i++) {
      b.append(token);
    }
    return b.append("end:").append(k).append(';').toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** The body a client POSTs for {@code id}: {@code post:<id>;} {@code k} times. */
  public static byte[] requestBody(String id, int k) {
    return ("post:" + id + ";").repeat(k).getBytes(StandardCharsets.US_ASCII);
  }

  private void serve(RawBackend.Conn conn) throws IOException, InterruptedException {
    Socket s = conn.socket;
    s.setTcpNoDelay(true);
    OutputStream out = conn.out;
    Served before = null;
    RawBackend.Request read;
    while ((read = conn.read()) != null) {
      Request req = new Request(read.method(), read.header(ID), read.body());
      requests.increment();
      String id = req.id != null ? req.id : "none";
      Random r = new Random(seed * 1_000_003L + id.hashCode());
      Behaviour b = mix.pick(r);
      counts.get(b).increment();
      if (req.method.equals("POST") && req.id != null && !postBodyIsOwn(req)) {
        foreignBodies.increment();
      }
      Served previous = before == null ? null : new Served(before.id, before.method, before.behaviour, before.variant, null);
      Served[] now = {null};
      boolean keep = answer(s, out, req, id, b, r, variant -> {
        now[0] = new Served(id, req.method, b, variant, previous);
        served.put(id, now[0]);
      });
      before = now[0];
      if (!keep) {
        return;
      }
    }
  }

  private static boolean postBodyIsOwn(Request req) {
    String unit = "post:" + req.id + ";";
    String body = new String(req.body, StandardCharsets.US_ASCII);
    return body.length() % unit.length() == 0 && body.equals(unit.repeat(body.length() / unit.length()));
  }

  /**
   * Writes the answer {@code b} calls for, telling {@code chose} which form of it before the first
   * byte leaves (a client may look it up as soon as it has its answer). Answers whether the
   * connection stays open for the next request.
   */
  private boolean answer(Socket s, OutputStream out, Request req, String id, Behaviour b, Random r, Consumer<String> chose)
      throws IOException, InterruptedException {
    boolean bodiless = req.method.equals("HEAD"); // the answer to a HEAD has no body
    int k = r.nextInt(65_536 / ("id:" + id + ";").length() + 1);
    byte[] body = body(id, k);
    switch (b) {
      case NORMAL -> {
        boolean close = r.nextInt(10) == 0;
        boolean chunked = r.nextBoolean();
        chose.accept((chunked ? "chunked" : "length") + (close ? "+close" : ""));
        byte[] h = head(200, "OK", id, chunked ? -1 : body.length, close ? "Connection: close\r\n" : "");
        byte[] all = bodiless ? h : concat(h, chunked ? chunked(body, r, id) : body);
        writeInPieces(out, all, r);
        return !close;
      }
      case TRUNCATE -> {
        int how = bodiless ? 2 : r.nextInt(3);
        if (how == 0) {
          chose.accept("length-short");
          byte[] whole = body(id, Math.max(1, k));
          out.write(concat(head(200, "OK", id, whole.length, ""), Arrays.copyOf(whole, r.nextInt(whole.length))));
        } else if (how == 1) {
          chose.accept("chunked-no-last");
          byte[] c = concat(chunks(body, r).toArray(byte[][]::new));
          out.write(concat(head(200, "OK", id, -1, ""), Arrays.copyOf(c, r.nextInt(c.length + 1))));
        } else {
          chose.accept("half-head");
          byte[] h = head(200, "OK", id, body.length, "");
          out.write(Arrays.copyOf(h, 1 + r.nextInt(h.length - 2)));
        }
        out.flush();
        s.shutdownOutput(); // FIN; the proxy's close ends the loop
        return false;
      }
      case GARBAGE_AFTER -> {
        boolean chunked = r.nextBoolean();
        byte[] whole = concat(head(200, "OK", id, chunked ? -1 : body.length, ""),
            bodiless ? new byte[0] : chunked ? chunked(body, r, id) : body);
        byte[] extra;
        if (r.nextBoolean()) {
          chose.accept("smuggled-answer");
          extra = ("HTTP/1.1 200 OK\r\nContent-Length: 8\r\n" + ID + ": " + EVIL_PREFIX + evil.incrementAndGet() + "\r\n\r\n"
              + SMUGGLED).getBytes(StandardCharsets.US_ASCII);
        } else {
          chose.accept("junk");
          extra = junk(r, 1 + r.nextInt(200));
        }
        out.write(concat(whole, extra));
        return true;
      }
      case BAD_CHUNK -> {
        // the body breaks before its end marker: relayed as complete, it could not pass for whole
        List<byte[]> chunks = chunks(body(id, Math.max(1, k)), r);
        byte[] prefix = concat(chunks.subList(0, r.nextInt(chunks.size())).toArray(byte[][]::new));
        String tail = switch (r.nextInt(4)) {
          case 0 -> {
            chose.accept("size-zz");
            yield "zz\r\nid:" + id + ";\r\n0\r\n\r\n";
          }
          case 1 -> {
            chose.accept("junk-after-data");
            yield "4\r\nid:xJUNK\r\n0\r\n\r\n";
          }
          case 2 -> {
            chose.accept("size-over-64-bits");
            yield "1" + "0".repeat(16) + "\r\nid:" + id + ";\r\n0\r\n\r\n";
          }
          default -> {
            chose.accept("bad-trailer");
            yield "0\r\nNot A Trailer\r\n\r\n";
          }
        };
        out.write(concat(head(200, "OK", id, -1, ""), prefix, tail.getBytes(StandardCharsets.US_ASCII)));
        return true;
      }
      case BODY_ON_BODILESS -> {
        byte[] h;
        if (bodiless) {
          chose.accept("head-with-body");
          h = head(200, "OK", id, body.length, "");
        } else if (r.nextBoolean()) {
          boolean length = r.nextBoolean();
          chose.accept("204-with-body" + (length ? "+length" : ""));
          h = head(204, "No Content", id, length ? body.length : -2, "");
        } else {
          chose.accept("304-with-body");
          h = head(304, "Not Modified", id, body.length, "");
        }
        out.write(concat(h, body));
        return true;
      }
      case RESET -> {
        partialAnswer(out, id, k, bodiless, r, chose, "before-head");
        s.setSoLinger(true, 0); // close() now sends RST
        return false;
      }
      case STALL -> {
        partialAnswer(out, id, k, bodiless, r, chose, "silent");
        Thread.sleep(stallMs);
        return false;
      }
      case INTERIM_FLOOD -> {
        int n = 50 + r.nextInt(451);
        chose.accept(n + "-interim");
        ByteArrayOutputStream b1 = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
          b1.writeBytes((r.nextBoolean() ? "HTTP/1.1 100 Continue\r\n\r\n"
              : "HTTP/1.1 103 Early Hints\r\nLink: </chaos.css>; rel=preload; as=style\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        boolean chunked = r.nextBoolean();
        b1.writeBytes(head(200, "OK", id, chunked ? -1 : body.length, ""));
        if (!bodiless) {
          b1.writeBytes(chunked ? chunked(body, r, id) : body);
        }
        writeInPieces(out, b1.toByteArray(), r);
        return true;
      }
      case UNSOLICITED_101 -> {
        chose.accept("101");
        // then what looks like the answer, now on a connection that has left HTTP
        out.write(concat(("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: chaos\r\n" + ID + ": " + id
            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII), head(200, "OK", id, body.length, ""), bodiless ? new byte[0] : body));
        out.flush();
        Thread.sleep(stallMs);
        return false;
      }
      case CONTROL_IN_REASON -> {
        String[] odd = {"O\u0000K", "O\u0001K", "O\u007fK", "O\rK"};
        int which = r.nextInt(odd.length);
        chose.accept(new String[] {"nul", "soh", "del", "bare-cr"}[which]);
        boolean chunked = r.nextBoolean();
        byte[] h = head(200, odd[which], id, chunked ? -1 : body.length, "");
        out.write(bodiless ? h : concat(h, chunked ? chunked(body, r, id) : body));
        return true;
      }
      case LENGTH_LIST -> {
        String extra;
        int which = r.nextInt(3);
        if (which == 0) {
          chose.accept("same-in-one-field");
          extra = "Content-Length: " + body.length + ", " + body.length + "\r\n";
        } else if (which == 1) {
          chose.accept("same-in-two-fields");
          extra = "Content-Length: " + body.length + "\r\nContent-Length: " + body.length + "\r\n";
        } else {
          chose.accept("different");
          extra = "Content-Length: " + body.length + ", " + (body.length + 5) + "\r\n";
        }
        byte[] h = head(200, "OK", id, -2, extra);
        out.write(bodiless ? h : concat(h, body));
        return which != 2;
      }
    }
    throw new AssertionError(b);
  }

  /**
   * A response head. {@code length}: a Content-Length, -1 for {@code Transfer-Encoding: chunked},
   * -2 for neither; {@code extra}: more field lines, each ending in CRLF.
   */
  private static byte[] head(int status, String reason, String id, long length, String extra) {
    StringBuilder h = new StringBuilder(128).append("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n")
        .append(ID).append(": ").append(id).append("\r\n")
        .append("Content-Type: text/plain\r\n");
    if (length >= 0) {
      h.append("Content-Length: ").append(length).append("\r\n");
    } else if (length == -1) {
      h.append("Transfer-Encoding: chunked\r\n");
    }
    return h.append(extra).append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /** {@code body} whole in chunks of random sizes (some with an extension), the last chunk, at times a trailer. */
  private static byte[] chunked(byte[] body, Random r, String id) {
    List<byte[]> all = chunks(body, r);
    String trailer = r.nextInt(4) == 0 ? "X-Chaos-Trailer: " + id + "\r\n" : "";
    all.add(("0\r\n" + trailer + "\r\n").getBytes(StandardCharsets.US_ASCII));
    return concat(all.toArray(byte[][]::new));
  }

  /** {@code body} as encoded chunks of random sizes, without the last chunk; none for an empty body. */
  private static List<byte[]> chunks(byte[] body, Random r) {
    List<byte[]> out = new ArrayList<>();
    int at = 0;
    while (at < body.length) {
      int n = Math.min(body.length - at, 1 + r.nextInt(r.nextBoolean() ? 64 : 16_384));
      ByteArrayOutputStream b = new ByteArrayOutputStream(n + 16);
      b.writeBytes((Integer.toHexString(n) + (r.nextInt(8) == 0 ? ";chaos=1" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
      b.write(body, at, n);
      b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      out.add(b.toByteArray());
      at += n;
    }
    return out;
  }

  private static byte[] junk(Random r, int n) {
    byte[] j = new byte[n];
    for (int i = 0; i < n; i++) {
      j[i] = (byte) (r.nextInt(10) == 0 ? '\n' : r.nextInt(10) == 0 ? '\r' : 0x20 + r.nextInt(0x5f));
    }
    return j;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  /** One write, or a few (a head may leave before its body): the proxy must frame it the same either way. */
  private static void writeInPieces(OutputStream out, byte[] all, Random r) throws IOException {
    if (r.nextBoolean()) {
      out.write(all);
      return;
    }
    int at = 0;
    while (at < all.length) {
      int n = Math.min(all.length - at, 1 + r.nextInt(8192));
      out.write(all, at, n);
      out.flush();
      at += n;
    }
  }

  /**
   * Half the time (never for a bodiless answer) a head and part of its body, flushed, as variant
   * {@code after-head}; otherwise nothing, as variant {@code nothing}.
   */
  private static void partialAnswer(OutputStream out, String id, int k, boolean bodiless, Random r, Consumer<String> chose,
      String nothing) throws IOException {
    if (!bodiless && r.nextBoolean()) {
      chose.accept("after-head");
      byte[] whole = body(id, Math.max(1, k));
      out.write(concat(head(200, "OK", id, whole.length, ""), Arrays.copyOf(whole, r.nextInt(whole.length))));
      out.flush();
    } else {
      chose.accept(nothing);
    }
  }

  /** A request as read: method, id (null without {@link #ID}) and the whole body. */
  private record Request(String method, @Nullable String id, byte[] body) {}

  @Override
  public void close() {
    raw.close();
  }
}
