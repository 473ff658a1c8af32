package dev.junction.testing;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A raw-socket HTTP/1.1 backend that answers exactly the bytes a test scripts, so that it can break
 * the protocol on purpose: bytes past an answer's end, broken chunks, bodies on 204s, unsolicited
 * 101s. Each connection reads whole requests one after another ({@link RawBackend}), handing each to
 * the {@link Script}, which writes whatever it likes and says whether to keep the connection.
 */
public final class HostileBackend implements AutoCloseable {

  /** What the backend does with one request. */
  @FunctionalInterface
  public interface Script {
    /** Writes the answer (or anything) to {@code out}; returns false to close the connection after. */
    boolean answer(RawBackend.Request request, OutputStream out, Socket socket) throws Exception;
  }

  private final List<RawBackend.Request> requests = new CopyOnWriteArrayList<>();
  private final RawBackend raw;

  public HostileBackend(Script script) {
    raw = new RawBackend("hostile-backend", 0, conn -> {
      RawBackend.Request r;
      while ((r = conn.read()) != null) {
        requests.add(r);
        boolean keep = script.answer(r, conn.out, conn.socket);
        conn.out.flush();
        if (!keep) {
          return;
        }
      }
    });
  }

  /** An answer of {@code 200} with {@code body} and a Content-Length, as bytes. */
  public static byte[] ok(String body) {
    return ("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body).getBytes(StandardCharsets.ISO_8859_1);
  }

  public URI uri() {
    return raw.uri();
  }

  /** Every request received so far, in order of arrival. */
  public List<RawBackend.Request> requests() {
    return requests;
  }

  /** How many connections Junction opened so far. */
  public int connections() {
    return raw.connections();
  }

  @Override
  public void close() {
    raw.close();
  }
}
