package dev.junction;

import io.vertx.core.transport.Transport;
import java.util.Locale;

/**
 * The socket transport every listener and client of one Junction uses. {@link #AUTO} (the default)
 * takes Linux epoll, else Java NIO; naming one explicitly makes start-up fail when it is not
 * available, with the reason.
 *
 * <p>io_uring costs the least CPU per proxied request on Linux (see docs/benchmarks.md and its lab
 * notes), but is opt-in ({@code --transport io_uring}): Netty 4.2.18's io_uring event loop can free
 * its wake-up eventfd's read buffer while the kernel still completes a read into it, when the loop
 * shuts down. The 8-byte write lands in freed malloc memory and glibc aborts the JVM later
 * ({@code tcache_thread_shutdown(): unaligned tcache chunk detected}), so a Junction closing, or
 * receiving SIGTERM, could die before flushing its decision store. {@code NativeHeapSoakTest}
 * reproduces it (io_uring: 5 aborts in 27 min of soak, with or without the receive ring; epoll: none
 * in 18 min). {@code AUTO} goes back to io_uring once a Netty release fixes it.
 */
public enum NetTransport {
  AUTO("auto"),
  IO_URING("io_uring"),
  EPOLL("epoll"),
  NIO("nio");

  private final String wireName;

  NetTransport(String wireName) {
    this.wireName = wireName;
  }

  /** Its name on the command line and in the start-up line. */
  public String wireName() {
    return wireName;
  }

  /** The transport named {@code s} ({@code auto}, {@code io_uring}, {@code epoll} or {@code nio}, any case). */
  public static NetTransport parse(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
    for (NetTransport t : values()) {
      if (t.wireName.equals(v)) {
        return t;
      }
    }
    throw new IllegalArgumentException("transport: '" + s + "' (expected: auto, io_uring, epoll or nio)");
  }

  /**
   * The Vert.x transport to build with.
   *
   * @throws IllegalStateException when this names a transport the machine cannot use, with the reason
   */
  Transport resolve() {
    return switch (this) {
      case AUTO -> Transport.EPOLL.available() ? Transport.EPOLL : Transport.NIO;
      case IO_URING -> require(Transport.IO_URING);
      case EPOLL -> require(Transport.EPOLL);
      case NIO -> Transport.NIO;
    };
  }

  /** The name of a resolved transport, as the start-up line shows it. */
  static String nameOf(Transport t) {
    return t == Transport.IO_URING ? IO_URING.wireName : t == Transport.EPOLL ? EPOLL.wireName
        : t == Transport.NIO ? NIO.wireName : t.name().toLowerCase(Locale.ROOT);
  }

  private Transport require(Transport t) {
    if (!t.available()) {
      Throwable cause = t.unavailabilityCause();
      throw new IllegalStateException("transport " + wireName + " is not available here"
          + (cause == null ? "" : ": " + cause.getMessage()) + " (expected: auto, or a transport this machine supports)");
    }
    return t;
  }
}
