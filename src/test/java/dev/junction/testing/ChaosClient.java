package dev.junction.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A strict HTTP/1.1 client on a raw keep-alive socket for {@link ChaosBackend} traffic through a
 * proxy: it sends one request carrying its id, reads the answer exactly as its framing says, and
 * {@linkplain #judge judges} it. Raw bytes, not a library client, because the verdict depends on
 * telling an answer that is complete by its own framing from one whose connection closed first.
 * One thread at a time.
 */
public final class ChaosClient implements AutoCloseable {
  /** What one answer was; every answer is exactly one. */
  public enum Outcome {
    /** The request's own answer, whole: its id in {@link ChaosBackend#ID} and, with a body, a body that verifies. */
    OK,
    /**
     * A failure the client can see: a 5xx {@code application/problem+json} answer, or the connection
     * closed or reset before the answer completed (no head, or a body short of its own framing).
     */
    EXPLICIT_ERROR,
    /** Anything read for this request (head, body or trailer) carries another request's id or the smuggled marker. */
    CROSS_CLIENT,
    /**
     * Complete by its own framing (the length reached, the last chunk read, or a status without a
     * body) and yet not a verifying answer: a truncated or broken backend answer passed on as whole.
     */
    FALSELY_COMPLETE,
    /** Bytes that are not HTTP/1.1 (a head or chunk the client cannot parse): the proxy broke the protocol. */
    MALFORMED,
    /** No byte for the read timeout, the answer not complete. */
    HUNG
  }

  /**
   * @param keep whether the connection may carry the next request
   * @param notes oddities of an answer that break no promise of the test (an interim answer relayed...)
   */
  public record Verdict(Outcome outcome, String detail, boolean keep, Set<String> notes) {}

  private static final Pattern CHAOS_ID = Pattern.compile("chaos-\\d+-\\d+");
  private static final int MAX_LINE = 64 * 1024;

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public ChaosClient(int port, int readTimeoutMs) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(readTimeoutMs);
    socket.setTcpNoDelay(true);
    in = new BufferedInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** The id of client {@code client}'s {@code n}th request. */
  public static String id(int client, long n) {
    return "chaos-" + client + "-" + n;
  }

  /** Sends {@code method /chaos/<id>} with the id in {@link ChaosBackend#ID}, and {@code body} unless null. */
  public void send(String method, String id, byte[] body, boolean chunked) throws IOException {
    StringBuilder h = new StringBuilder(160).append(method).append(" /chaos/").append(id).append(" HTTP/1.1\r\n")
        .append("Host: junction\r\n").append(ChaosBackend.ID).append(": ").append(id).append("\r\n");
    ByteArrayOutputStream b = new ByteArrayOutputStream(body.length + 256);
    if (method.equals("POST")) {
      h.append("Content-Type: text/plain\r\n");
      h.append(chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + body.length + "\r\n");
    }
    b.writeBytes(h.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    if (method.equals("POST")) {
      if (!chunked) {
        b.writeBytes(body);
      } else {
        if (body.length > 0) {
          b.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          b.writeBytes(body);
          b.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        b.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    }
    out.write(b.toByteArray());
    out.flush();
  }

  /** Reads and judges the answer to the request just sent. */
  public Verdict answer(String method, String id) {
    return judge(in, method, id);
  }

  /**
   * Reads one answer (after any interim 1xx other than 101) from {@code in} and judges it for the
   * request {@code method /chaos/<id>}. In order: anything read carrying another id is {@link
   * Outcome#CROSS_CLIENT}; no byte for the read timeout {@link Outcome#HUNG}; bytes that are not
   * HTTP {@link Outcome#MALFORMED}; a connection that ended before the answer did, or a 5xx
   * problem+json, {@link Outcome#EXPLICIT_ERROR}; the request's own answer {@link Outcome#OK};
   * anything else complete {@link Outcome#FALSELY_COMPLETE}.
   */
  public static Verdict judge(InputStream in, String method, String id) {
    Wire w = new Wire(in);
    Set<String> notes = new TreeSet<>();
    Head h = null;
    String framing = "none";
    try {
      while (true) {
        h = w.head(notes);
        if (h.status < 100 || h.status >= 200 || h.status == 101) {
          break;
        }
        notes.add("an interim " + h.status + " relayed");
      }
      boolean noBody = method.equals("HEAD") || h.status < 200 || h.status == 204 || h.status == 304;
      List<String> te = h.all("transfer-encoding");
      long length = contentLength(h, notes);
      byte[] body;
      if (noBody) {
        body = new byte[0];
      } else if (!te.isEmpty()) {
        if (te.size() != 1 || !te.get(0).equalsIgnoreCase("chunked") || length >= 0) {
          throw new Malformed("Transfer-Encoding " + te + (length >= 0 ? " with Content-Length" : ""));
        }
        framing = "chunked";
        body = w.chunked(notes);
      } else if (length >= 0) {
        framing = "length " + length;
        body = w.fixed(length);
      } else {
        framing = "until close";
        body = w.untilClose();
      }
      String foreign = w.foreign(id);
      if (foreign != null) {
        return new Verdict(Outcome.CROSS_CLIENT, h.line + " carrying " + foreign, false, notes);
      }
      boolean keep = !framing.equals("until close") && !h.all("connection").stream().anyMatch(v -> v.equalsIgnoreCase("close"));
      return complete(h, method, id, body, framing, keep, notes);
    } catch (SocketTimeoutException e) {
      String foreign = w.foreign(id);
      return foreign != null ? new Verdict(Outcome.CROSS_CLIENT, "a partial answer carrying " + foreign, false, notes)
          : new Verdict(Outcome.HUNG, (h == null ? "no head" : h.line + " (" + framing + ")") + " after " + w.count() + " bytes", false, notes);
    } catch (Malformed e) {
      String foreign = w.foreign(id);
      return foreign != null ? new Verdict(Outcome.CROSS_CLIENT, "bytes carrying " + foreign, false, notes)
          : new Verdict(Outcome.MALFORMED, e.getMessage() + " in " + excerpt(w.tail()), false, notes);
    } catch (IOException e) {
      String foreign = w.foreign(id);
      return foreign != null ? new Verdict(Outcome.CROSS_CLIENT, "a partial answer carrying " + foreign, false, notes)
          : new Verdict(Outcome.EXPLICIT_ERROR, h == null ? "closed before an answer (" + e.getMessage() + ")"
              : h.line + " closed before its body ended (" + framing + ", " + e.getMessage() + ")", false, notes);
    }
  }

  /** A whole answer free of other ids. */
  private static Verdict complete(Head h, String method, String id, byte[] body, String framing, boolean keep,
      Set<String> notes) {
    if (h.status == 101) {
      return new Verdict(Outcome.FALSELY_COMPLETE, h.line + " to a request that asked for no upgrade", false, notes);
    }
    String type = h.first("content-type");
    if (h.status >= 500 && type != null && type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
      return new Verdict(Outcome.EXPLICIT_ERROR, h.line + " " + new String(body, StandardCharsets.UTF_8), keep, notes);
    }
    List<String> ids = h.all(ChaosBackend.ID.toLowerCase(Locale.ROOT));
    if (!ids.equals(List.of(id))) {
      return new Verdict(Outcome.FALSELY_COMPLETE, h.line + " with " + ChaosBackend.ID + " " + ids + " (" + framing + ")", false, notes);
    }
    boolean bodiless = method.equals("HEAD") || h.status == 204 || h.status == 304;
    if (bodiless && (h.status == 200 || h.status == 204 || h.status == 304)) {
      return new Verdict(Outcome.OK, h.line, keep, notes);
    }
    if (h.status == 200 && verifies(body, id)) {
      return new Verdict(Outcome.OK, h.line, keep, notes);
    }
    return new Verdict(Outcome.FALSELY_COMPLETE, h.line + " complete by its framing (" + framing + ") with a body that does not verify: "
        + body.length + " bytes ending " + excerpt(Arrays.copyOfRange(body, Math.max(0, body.length - 40), body.length)), false, notes);
  }

  /** The body is exactly {@link ChaosBackend#body} of {@code id} for the count its end marker names. */
  static boolean verifies(byte[] body, String id) {
    String s = new String(body, StandardCharsets.ISO_8859_1);
    int end = s.lastIndexOf("end:");
    if (end < 0 || !s.endsWith(";")) {
      return false;
    }
    int k;
    try {
      k = Integer.parseInt(s.substring(end + 4, s.length() - 1));
    } catch (NumberFormatException e) {
      return false;
    }
    return k >= 0 && k < 1_000_000 && Arrays.equals(body, ChaosBackend.body(id, k));
  }

  /**
   * The first id other than {@code id}, or smuggled marker, in {@code bytes}; null if none. An id is
   * whole when a delimiter follows it ({@code ;} in a body, the line end in a field, a quote in JSON);
   * one that is not (a body cut short inside a token, then other bytes or none) counts only when it
   * cannot be the start of {@code id}.
   */
  static @Nullable String foreign(byte[] bytes, String id) {
    String s = new String(bytes, StandardCharsets.ISO_8859_1);
    Matcher m = CHAOS_ID.matcher(s);
    while (m.find()) {
      boolean whole = m.end() < s.length() && ";\r\n\"', \t/".indexOf(s.charAt(m.end())) >= 0;
      if (!m.group().equals(id) && (whole || !id.startsWith(m.group()))) {
        return m.group();
      }
    }
    int evil = s.indexOf(ChaosBackend.EVIL_PREFIX);
    if (evil >= 0) {
      return s.substring(evil, Math.min(s.length(), evil + 16)).split("[\\r\\n]")[0];
    }
    return s.contains(ChaosBackend.SMUGGLED) ? ChaosBackend.SMUGGLED : null;
  }

  /** The Content-Length (identical values, in a list or repeated, are one); -1 without one. */
  private static long contentLength(Head h, Set<String> notes) throws Malformed {
    List<String> values = new ArrayList<>();
    for (String v : h.all("content-length")) {
      for (String part : v.split(",", -1)) {
        values.add(part.trim());
      }
    }
    if (values.isEmpty()) {
      return -1;
    }
    if (values.size() > 1) {
      notes.add("a Content-Length list relayed");
    }
    if (values.stream().distinct().count() != 1 || !values.get(0).matches("\\d{1,18}")) {
      throw new Malformed("Content-Length " + values);
    }
    return Long.parseLong(values.get(0));
  }

  private static String excerpt(byte[] b) {
    String s = new String(b, 0, Math.min(b.length, 120), StandardCharsets.ISO_8859_1);
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      out.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return out.append(b.length > 120 ? "...\"" : "\"").toString();
  }

  /** Bytes that are not HTTP/1.1. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** A status line and its field lines. */
  private record Head(int status, String line, List<String> fields) {
    List<String> all(String lowerName) {
      List<String> out = new ArrayList<>();
      for (String f : fields) {
        int colon = f.indexOf(':');
        if (f.substring(0, colon).toLowerCase(Locale.ROOT).equals(lowerName)) {
          out.add(f.substring(colon + 1).trim());
        }
      }
      return out;
    }

    String first(String lowerName) {
      List<String> a = all(lowerName);
      return a.isEmpty() ? null : a.get(0);
    }
  }

  /**
   * The connection's bytes as this answer reads them, every one kept for the scan for other ids: the
   * lines (heads, chunk sizes, trailers) apart from the body bytes, so that a chunk boundary, which
   * may fall inside an id, is no part of what is scanned.
   */
  private static final class Wire {
    private static final Pattern STATUS = Pattern.compile("HTTP/1\\.[01] (\\d{3})(?: (.*))?", Pattern.DOTALL);
    private final InputStream in;
    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();
    private final byte[] tail = new byte[120];
    private long count;

    Wire(InputStream in) {
      this.in = in;
    }

    @Nullable String foreign(String id) {
      String f = ChaosClient.foreign(lines.toByteArray(), id);
      return f != null ? f : ChaosClient.foreign(data.toByteArray(), id);
    }

    long count() {
      return count;
    }

    /** The last bytes read, oldest first. */
    byte[] tail() {
      int n = (int) Math.min(count, tail.length);
      byte[] out = new byte[n];
      for (int i = 0; i < n; i++) {
        out[i] = tail[(int) ((count - n + i) % tail.length)];
      }
      return out;
    }

    private void saw(byte[] b, int off, int n, ByteArrayOutputStream into) {
      into.write(b, off, n);
      for (int i = 0; i < n; i++) {
        tail[(int) (count++ % tail.length)] = b[off + i];
      }
    }

    private int read() throws IOException {
      int c = in.read();
      if (c >= 0) {
        saw(new byte[] {(byte) c}, 0, 1, lines);
      }
      return c;
    }

    /** A CRLF-terminated line without it; a bare CR or LF is {@link Malformed}; the end of the stream is an IOException. */
    String line() throws IOException, Malformed {
      ByteArrayOutputStream b = new ByteArrayOutputStream(64);
      while (true) {
        int c = read();
        if (c < 0) {
          throw new IOException(count == 0 ? "no byte" : "the connection ended in a line");
        }
        if (c == '\r') {
          int n = read();
          if (n == '\n') {
            return b.toString(StandardCharsets.ISO_8859_1);
          }
          if (n < 0) {
            throw new IOException("the connection ended in a line");
          }
          throw new Malformed("a bare CR");
        }
        if (c == '\n') {
          throw new Malformed("a bare LF");
        }
        if (b.size() >= MAX_LINE) {
          throw new Malformed("a line over " + MAX_LINE + " bytes");
        }
        b.write(c);
      }
    }

    Head head(Set<String> notes) throws IOException, Malformed {
      String line = line();
      Matcher m = STATUS.matcher(line);
      if (!m.matches()) {
        throw new Malformed("a status line that is not HTTP/1.1");
      }
      String reason = m.group(2) == null ? "" : m.group(2);
      if (reason.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
        notes.add("a control character in a relayed status line");
      }
      List<String> fields = new ArrayList<>();
      String f;
      while (!(f = line()).isEmpty()) {
        int colon = f.indexOf(':');
        if (colon <= 0 || !f.substring(0, colon).matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
          throw new Malformed("a field line that is not name:value");
        }
        if (f.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
          throw new Malformed("a control character in a field");
        }
        fields.add(f);
      }
      return new Head(Integer.parseInt(m.group(1)), line, fields);
    }

    /** Exactly {@code n} bytes; what came before a timeout or the end is kept for the scan. */
    byte[] fixed(long n) throws IOException, Malformed {
      if (n > 16 << 20) {
        throw new Malformed("a body of " + n + " bytes, far beyond any this backend sends");
      }
      byte[] b = new byte[(int) n];
      int at = 0;
      while (at < n) {
        int r = in.read(b, at, (int) n - at);
        if (r < 0) {
          throw new IOException("the connection ended after " + at + " of " + n + " bytes");
        }
        saw(b, at, r, data);
        at += r;
      }
      return b;
    }

    byte[] chunked(Set<String> notes) throws IOException, Malformed {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String size = line();
        String hex = size.split(";", 2)[0];
        if (!hex.matches("[0-9A-Fa-f]{1,8}")) {
          throw new Malformed("a chunk size line " + size);
        }
        int n = Integer.parseInt(hex, 16);
        if (n == 0) {
          String t;
          while (!(t = line()).isEmpty()) {
            if (t.indexOf(':') <= 0) {
              throw new Malformed("a trailer line that is not name:value");
            }
          }
          return body.toByteArray();
        }
        body.writeBytes(fixed(n));
        if (!line().isEmpty()) {
          throw new Malformed("chunk data not followed by CRLF");
        }
      }
    }

    byte[] untilClose() throws IOException {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      byte[] b = new byte[8192];
      int r;
      while ((r = in.read(b)) >= 0) {
        saw(b, 0, r, data);
        body.write(b, 0, r);
      }
      return body.toByteArray();
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
  }
}
