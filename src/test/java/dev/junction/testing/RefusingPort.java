package dev.junction.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * A backend address that refuses every connection, for as long as the test JVM runs. A port taken
 * from a closed {@code ServerSocket} is free again at once, and a server a test starts next on port
 * 0 (its own Junction's admin listener, say) may be given it: the "dead" backend then answers, and
 * once did in CI (EjectionLiveTest saw it "up"). Here a socket stays bound to the port without
 * listening: nothing else can bind it, and a connection to it is refused.
 */
public final class RefusingPort {
  private static final List<Socket> HELD = new ArrayList<>();

  private RefusingPort() {}

  /** {@code http://127.0.0.1:PORT}, PORT bound and never listening. */
  public static synchronized URI uri() {
    try {
      Socket s = new Socket();
      s.bind(new InetSocketAddress("127.0.0.1", 0));
      HELD.add(s);
      return URI.create("http://127.0.0.1:" + s.getLocalPort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
