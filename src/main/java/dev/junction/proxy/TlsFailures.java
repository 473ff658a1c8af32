package dev.junction.proxy;

import dev.junction.http1.PeerFailures;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failed TLS handshakes on the data plane's listeners: a client's doing (plain HTTP to the TLS port,
 * a client refusing the certificate, a scanner), so never a warning and never a stack trace. Each
 * one is a DEBUG line; at INFO, one line a minute at most says how many failed since the last one
 * and the latest reason. Thread-safe.
 */
final class TlsFailures {
  private static final Logger LOG = LoggerFactory.getLogger(TlsFailures.class);
  private static final long EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
  private static final AtomicLong FAILED = new AtomicLong();
  private static final AtomicLong NEXT_REPORT = new AtomicLong(System.nanoTime());

  private TlsFailures() {}

  static void failed(Channel ch, Throwable cause) {
    String from = ch.remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null
        ? a.getAddress().getHostAddress() : "unknown";
    String why = PeerFailures.describe(cause);
    LOG.debug("TLS handshake from {} failed: {}", from, why);
    long n = FAILED.incrementAndGet();
    long now = System.nanoTime();
    long next = NEXT_REPORT.get();
    if (now - next >= 0 && NEXT_REPORT.compareAndSet(next, now + EVERY_NANOS)) {
      FAILED.addAndGet(-n);
      LOG.info("{} TLS handshake(s) failed in the last minute at most; the latest from {}: {}", n, from, why);
    }
  }
}
