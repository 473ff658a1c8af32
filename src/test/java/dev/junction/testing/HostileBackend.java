package dev.junction.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw-socket HTTP/1.1 backend on an ephemeral port that answers exactly the bytes a test scripts,
 * so that it can break the protocol on purpose: bytes past an answer's end, broken chunks, bodies on
 * 204s, unsolicited 101s. Each connection runs on its own daemon thread and reads requests (head,
 * then a Content-Length or chunked body) one after another, handing each to the {@link Script}
 * with the connection's number; the script writes whatever it likes and says whether to keep the
 * connection.
 */
public final class HostileBackend implements AutoCloseable {

  /** One request as received. */
  public record Request(int connection, String method, String target, List<String> headerLines, byte[] body) {
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
  }

  /** What the backend does with one request. */
  @FunctionalInterface
  public interface Script {
    /** Writes the answer (or anything) to {@code out}; returns false to close the connection after. */
    boolean answer(Request request, OutputStream out, Socket socket) throws Exception;
  }

  private final ServerSocket server;
  private final Script script;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();

  public HostileBackend(Script script) {
    this.script = script;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "hostile-backend-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** An answer of {@code 200} with {@code body} and a Content-Length, as bytes. */
  public static byte[] ok(String body) {
    return ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** Every request received so far, in order of arrival. */
  public List<Request> requests() {
    return requests;
  }

  /** How many connections Junction opened so far. */
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
      sockets.add(s);
      int n = connections.incrementAndGet();
      Thread t = new Thread(() -> serve(s, n), "hostile-backend-conn-" + n);
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s, int connection) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (true) {
        Request r = read(in, connection);
        if (r == null) {
          return;
        }
        requests.add(r);
        boolean keep = script.answer(r, out, s);
        out.flush();
        if (!keep) {
          return;
        }
      }
    } catch (Exception e) {
      // the connection is over: Junction closed it, or the script ended it
    }
  }

  private static Request read(InputStream in, int connection) throws IOException {
    String line = line(in);
    if (line == null) {
      return null;
    }
    String[] parts = line.split(" ");
    List<String> headers = new ArrayList<>();
    String h;
    while ((h = line(in)) != null && !h.isEmpty()) {
      headers.add(h);
    }
    Request head = new Request(connection, parts[0], parts.length > 1 ? parts[1] : "", headers, new byte[0]);
    byte[] body;
    String length = head.header("content-length");
    if (length != null) {
      body = in.readNBytes(Integer.parseInt(length));
    } else if ("chunked".equalsIgnoreCase(head.header("transfer-encoding"))) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (true) {
        int size = Integer.parseInt(line(in).split(";")[0].trim(), 16);
        if (size == 0) {
          while (!line(in).isEmpty()) {
            // trailers
          }
          break;
        }
        b.write(in.readNBytes(size));
        line(in);
      }
      body = b.toByteArray();
    } else {
      body = new byte[0];
    }
    return new Request(connection, head.method(), head.target(), headers, body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (c != '\r') {
        b.write(c);
      }
    }
    return c == -1 && b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
