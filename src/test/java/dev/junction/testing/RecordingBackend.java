package dev.junction.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
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

  private final List<String> requestLines = new CopyOnWriteArrayList<>();
  private final List<String> completeBodies = new CopyOnWriteArrayList<>();
  private final RawBackend raw;

  private RecordingBackend(Duration stall, int receiveBuffer) {
    raw = new RawBackend("recording-backend", receiveBuffer, conn -> {
      RawBackend.Request head;
      while ((head = conn.readHead()) != null) {
        requestLines.add(head.line());
        if (!stall.isZero()) {
          Thread.sleep(stall.toMillis());
        }
        conn.readBody(head); // an EOFException when the body never completes: nothing more is recorded
        completeBodies.add(head.line());
        conn.out.write(OK);
        conn.out.flush();
      }
    });
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
    return raw.uri();
  }

  /** The request line of every request whose head arrived, e.g. {@code POST /transfer HTTP/1.1}. */
  public List<String> requestLines() {
    return requestLines;
  }

  /** The request line of every request whose whole body arrived (a request without a body counts). */
  public List<String> completeBodies() {
    return completeBodies;
  }

  @Override
  public void close() {
    raw.close();
  }
}
