package dev.junction.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A raw HTTP/1.1 backend on an ephemeral port that records every request it receives: the request
 * line as soon as the head is read, and the request line again once its whole body (framed by
 * {@code Content-Length} or chunks) has arrived. Each request is answered {@code 200} with the body
 * {@code ok}, and the connection is kept for the next. Each connection is served on its own daemon
 * thread, one request after the other, so a connection's requests are recorded in the order sent.
 */
public final class RecordingBackend implements AutoCloseable {
  private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII);

  private final ServerSocket server;
  private final Duration stall;
  private final List<String> requestLines = new CopyOnWriteArrayList<>();
  private final List<String> completeBodies = new CopyOnWriteArrayList<>();

  private RecordingBackend(Duration stall, int receiveBuffer) {
    this.stall = stall;
    try {
      server = new ServerSocket();
      if (receiveBuffer > 0) {
        server.setReceiveBufferSize(receiveBuffer); // inherited by accepted sockets
      }
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "recording-backend-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Reads each body as fast as it comes. */
  public static RecordingBackend fast() {
    return new RecordingBackend(Duration.ZERO, 0);
  }

  /**
   * Reads nothing for {@code stall} after each request head, through a small receive buffer, then
   * the body as fast as it comes: a slow consumer that pushes back on whoever sends to it.
   */
  public static RecordingBackend stallingAfterEachHead(Duration stall) {
    return new RecordingBackend(stall, 4096);
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The request line of every request whose head arrived, e.g. {@code POST /transfer HTTP/1.1}. */
  public List<String> requestLines() {
    return requestLines;
  }

  /** The request line of every request whose whole body arrived (a request without a body counts). */
  public List<String> completeBodies() {
    return completeBodies;
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException closed) {
        return;
      }
      Thread t = new Thread(() -> serve(s), "recording-backend-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      String head;
      while ((head = readHead(in)) != null) {
        String line = head.substring(0, head.indexOf("\r\n"));
        requestLines.add(line);
        if (!stall.isZero()) {
          Thread.sleep(stall.toMillis());
        }
        if (!readBody(in, head)) {
          return;
        }
        completeBodies.add(line);
        out.write(OK);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the proxy went away, or the test is over
    }
  }

  /** Reads the body the head announces; false when the connection ended before all of it came. */
  private static boolean readBody(InputStream in, String head) throws IOException {
    String lower = head.toLowerCase(Locale.ROOT);
    if (lower.contains("\r\ntransfer-encoding: chunked")) {
      while (true) {
        String size = readLine(in);
        if (size == null) {
          return false;
        }
        long n = Long.parseLong(size.split(";")[0].trim(), 16);
        if (n == 0) {
          String trailer;
          while ((trailer = readLine(in)) != null && !trailer.isEmpty()) {
            // trailers
          }
          return trailer != null;
        }
        if (!skip(in, n + 2)) {
          return false;
        }
      }
    }
    int at = lower.indexOf("\r\ncontent-length:");
    if (at < 0) {
      return true;
    }
    int end = lower.indexOf("\r\n", at + 2);
    return skip(in, Long.parseLong(lower.substring(at + 17, end).trim()));
  }

  private static boolean skip(InputStream in, long n) throws IOException {
    byte[] buf = new byte[64 * 1024];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        return false;
      }
      n -= r;
    }
    return true;
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return null;
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int c;
    while ((c = in.read()) != -1) {
      head.write(c);
      matched = c == end[matched] ? matched + 1 : (c == '\r' ? 1 : 0);
      if (matched == end.length) {
        return head.toString(StandardCharsets.ISO_8859_1);
      }
    }
    return null;
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
  }
}
