package dev.junction.testing;

import java.io.OutputStream;
import java.net.URI;
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

  private final List<String> requestLines = new CopyOnWriteArrayList<>();
  private final RawBackend raw;

  public ResettingBackend(Script script) {
    raw = new RawBackend("resetting-backend", 0, conn -> {
      RawBackend.Request head = conn.readHead();
      if (head == null) {
        return;
      }
      requestLines.add(head.line());
      script.run(conn.out);
      conn.out.flush();
      conn.socket.setSoLinger(true, 0); // close() now sends RST
    });
  }

  /** Resets as soon as the request head is read, before writing anything. */
  public static ResettingBackend beforeTheHead() {
    return new ResettingBackend(out -> {});
  }

  public URI uri() {
    return raw.uri();
  }

  /** The request line of every request received so far, e.g. {@code GET /x HTTP/1.1}. */
  public List<String> requestLines() {
    return requestLines;
  }

  @Override
  public void close() {
    raw.close();
  }
}
