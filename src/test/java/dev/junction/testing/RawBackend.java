package dev.junction.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every raw-socket test backend shares: a {@link ServerSocket} on an ephemeral loopback port, a
 * daemon thread per accepted connection running the backend's {@link Handler}, and a strict reader
 * of requests ({@link Conn#readHead}, {@link Conn#readBody}). The backends built on it
 * ({@link HostileBackend}, {@link RecordingBackend}, {@link ChaosBackend}) decide what to answer;
 * this class never writes a byte by itself.
 */
public final class RawBackend implements AutoCloseable {

  /** What a backend does with one accepted connection; it is closed when this returns or throws. */
  @FunctionalInterface
  public interface Handler {
    void serve(Conn conn) throws Exception;
  }

  /**
   * One request: {@code line} is its request line; {@code body} is empty until read
   * ({@link Conn#readBody}).
   */
  public record Request(int connection, String line, String method, String target, List<String> headerLines,
      byte[] body) {
    /** The first value of header {@code name} (case-insensitive), or null. */
    public String header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      for (String l : headerLines) {
        if (l.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          return l.substring(prefix.length()).trim();
        }
      }
      return null;
    }

    Request withBody(byte[] b) {
      return new Request(connection, line, method, target, headerLines, b);
    }
  }

  /** One accepted connection: its number (from 1, in order of accept), socket and streams. */
  public static final class Conn {
    public final int number;
    public final Socket socket;
    public final InputStream in;
    public final OutputStream out;

    Conn(int number, Socket socket) throws IOException {
      this.number = number;
      this.socket = socket;
      this.in = new BufferedInputStream(socket.getInputStream());
      this.out = socket.getOutputStream();
    }

    /** The next request's head (its body unread); null when the connection ended before one began. */
    public Request readHead() throws IOException {
      String line = line();
      if (line == null) {
        return null;
      }
      String[] parts = line.split(" ");
      List<String> headers = new ArrayList<>();
      String h;
      while ((h = line()) != null && !h.isEmpty()) {
        headers.add(h);
      }
      if (h == null) {
        throw new EOFException("the connection ended in a request head");
      }
      return new Request(number, line, parts[0], parts.length > 1 ? parts[1] : "", headers, new byte[0]);
    }

    /**
     * The body {@code head} announces (Content-Length or chunked; none otherwise), read whole.
     *
     * @throws EOFException when the connection ends before all of it came
     */
    public byte[] readBody(Request head) throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
        while (true) {
          String size = line();
          if (size == null) {
            throw new EOFException("the connection ended in a chunked request body");
          }
          int n = Integer.parseInt(size.split(";")[0].trim(), 16);
          if (n == 0) {
            String trailer;
            while ((trailer = line()) != null && !trailer.isEmpty()) {
              // trailers
            }
            if (trailer == null) {
              throw new EOFException("the connection ended in the trailers");
            }
            return b.toByteArray();
          }
          b.writeBytes(exactly(n));
          line();
        }
      }
      String length = head.header("content-length");
      return length == null ? new byte[0] : exactly(Integer.parseInt(length));
    }

    /** The next whole request, head and body; null when the connection ended before one began. */
    public Request read() throws IOException {
      Request head = readHead();
      return head == null ? null : head.withBody(readBody(head));
    }

    private byte[] exactly(int n) throws IOException {
      byte[] b = in.readNBytes(n);
      if (b.length < n) {
        throw new EOFException("the connection ended in a request body");
      }
      return b;
    }

    /** A line without its CRLF (or bare LF); null at the end of the stream. */
    private String line() throws IOException {
      ByteArrayOutputStream b = new ByteArrayOutputStream(64);
      int c;
      while ((c = in.read()) != -1 && c != '\n') {
        if (c != '\r') {
          b.write(c);
        }
      }
      return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
  }

  private final ServerSocket server;
  private final Handler handler;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();

  /** @param receiveBuffer the accepted sockets' receive buffer in bytes, 0 for the system's */
  public RawBackend(String name, int receiveBuffer, Handler handler) {
    this.handler = handler;
    try {
      server = new ServerSocket();
      if (receiveBuffer > 0) {
        server.setReceiveBufferSize(receiveBuffer); // inherited by accepted sockets
      }
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 200);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, name + "-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** How many connections were accepted so far. */
  public int connections() {
    return connections.get();
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException closed) {
        return;
      }
      open.add(s);
      int n = connections.incrementAndGet();
      Thread t = new Thread(() -> serve(s, n), Thread.currentThread().getName() + "-conn-" + n);
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s, int n) {
    try (s) {
      handler.serve(new Conn(n, s));
    } catch (Exception e) {
      // the proxy closed or reset the connection, the handler ended it, or the test is over
    } finally {
      open.remove(s);
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // nothing left to release
    }
    for (Socket s : open) {
      try {
        s.close();
      } catch (IOException ignored) {
        // already gone
      }
    }
  }
}
