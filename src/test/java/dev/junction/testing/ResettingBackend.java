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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A raw TCP backend on an ephemeral port that ends every connection with a real TCP reset: it reads
 * one request head, runs the test's {@link Script} (which may write part of a response and wait),
 * then sets {@code SO_LINGER} to 0 and closes, so the kernel sends RST instead of FIN. Each
 * connection is served on its own daemon thread.
 */
public final class ResettingBackend implements AutoCloseable {

  /** What the backend does after reading the request head and before the reset. */
  @FunctionalInterface
  public interface Script {
    void run(OutputStream out) throws Exception;
  }

  private final ServerSocket server;
  private final Script script;
  private final List<String> requestLines = new CopyOnWriteArrayList<>();

  public ResettingBackend(Script script) {
    this.script = script;
    try {
      server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::accept, "resetting-backend-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Resets as soon as the request head is read, before writing anything. */
  public static ResettingBackend beforeTheHead() {
    return new ResettingBackend(out -> {});
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The request line of every request received so far, e.g. {@code GET /x HTTP/1.1}. */
  public List<String> requestLines() {
    return requestLines;
  }

  private void accept() {
    while (!server.isClosed()) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException closed) {
        return;
      }
      Thread t = new Thread(() -> serve(s), "resetting-backend-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private void serve(Socket s) {
    try (s) {
      String head = readHead(s.getInputStream());
      if (head == null) {
        return;
      }
      requestLines.add(head.substring(0, head.indexOf("\r\n")));
      OutputStream out = s.getOutputStream();
      script.run(out);
      out.flush();
      s.setSoLinger(true, 0); // close() now sends RST
    } catch (Exception e) {
      // the test is over, or the proxy went away first: nothing to reset
    }
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
