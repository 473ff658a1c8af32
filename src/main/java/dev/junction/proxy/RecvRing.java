package dev.junction.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringBufferRingConfig;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringFixedBufferRingAllocator;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.vertx.core.impl.transports.IoUringTransport;
import io.vertx.core.spi.transport.Transport;

/**
 * How the data plane's event loops receive bytes. On io_uring, where the kernel can (5.19+ for
 * provided-buffer rings, 6.0+ for multishot receive), every socket of a loop reads through one
 * multishot receive into a ring of buffers the loop provides to the kernel, instead of arming a
 * poll and then a receive for each read. That halves the submissions and cuts the completions per
 * proxied request from about 6.4 to 4.5 (perf, tracepoints {@code io_uring:io_uring_submit_req} and
 * {@code io_uring:io_uring_complete}; see docs/benchmarks.md and its lab notes).
 *
 * <p>Memory: a ring holds {@value #BUFFERS} buffers of {@value #BUFFER_BYTES} bytes (4 MiB of
 * direct memory per event loop), whatever the number of connections; an idle connection holds no
 * read buffer at all. A burst that takes every buffer of the ring loses nothing: Netty refills the
 * ring and reads on (NetTransportTest pushes 16 MiB each way through one loop's 4 MiB ring; a ring
 * of 8 buffers under 256 busy connections served every request too).
 *
 * <p>Elsewhere (epoll, NIO, an older kernel) this is the transport's own I/O, unchanged.
 */
final class RecvRing {
  /** The buffer group id the ring is registered under; one ring per event loop, same id. */
  static final short GROUP = 1;
  static final int BUFFERS = 256;
  static final int BUFFER_BYTES = 16 * 1024;

  private final IoHandlerFactory factory;
  private final boolean active;

  private RecvRing(IoHandlerFactory factory, boolean active) {
    this.factory = factory;
    this.active = active;
  }

  /** The I/O for event loops of {@code transport}: a receive ring where it applies. */
  static RecvRing of(Transport transport) {
    if (transport instanceof IoUringTransport && IoUring.isRegisterBufferRingSupported()
        && IoUring.isRecvMultishotEnabled()) {
      IoUringBufferRingConfig ring = IoUringBufferRingConfig.builder()
          .bufferGroupId(GROUP)
          .bufferRingSize((short) BUFFERS)
          .batchSize(BUFFERS / 8)
          .allocator(new IoUringFixedBufferRingAllocator(BUFFER_BYTES))
          .build();
      return new RecvRing(IoUringIoHandler.newFactory(new IoUringIoHandlerConfig().setBufferRingConfig(ring)), true);
    }
    return new RecvRing(transport.ioHandlerFactory(), false);
  }

  /** The handler factory for the data plane's event loops. */
  IoHandlerFactory factory() {
    return factory;
  }

  /** Whether sockets read through the ring. */
  boolean active() {
    return active;
  }

  /** Makes the (backend) channels {@code b} creates read through the ring, where there is one. */
  void applyTo(Bootstrap b) {
    if (active) {
      b.option(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, GROUP);
    }
  }

  /** Makes the (client) channels {@code sb} accepts read through the ring, where there is one. */
  void applyToChildren(ServerBootstrap sb) {
    if (active) {
      sb.childOption(IoUringChannelOption.IO_URING_BUFFER_GROUP_ID, GROUP);
    }
  }
}
