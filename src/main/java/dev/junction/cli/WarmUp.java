package dev.junction.cli;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.junction.proxy.ProxyServer;
import dev.junction.routing.PayloadParser;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Start-up work done ahead, on the second core: {@code serve} starts this thread first thing, and
 * while its own thread reads the configuration and starts the rest, this one initializes what that
 * start will need later, in the order it needs it: Jackson's tree model (a JSON payload parse), a
 * Caffeine cache of the decision cache's kind, a Prometheus registry, and a TLS context (the TLS
 * library and the JDK's trust store). Class initialization happens once per
 * process, so the start finds it done, or waits for it to end, and never does it twice. Nothing here
 * is kept or changes behaviour. On the 2-core bench machine it took 0.1 to 0.2 s off the time to the
 * first proxied request (bench/results/2026-12-07-startup-warm-up.md).
 */
final class WarmUp {
  private WarmUp() {}

  static void start() {
    Thread t = new Thread(WarmUp::run, "junction-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
  }

  private static void run() {
    PayloadParser.parse("{\"model\":\"warm-up\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8));
    // The decision cache's kind of Caffeine cache (size bound, per-entry expiry), then the metrics registry.
    Caffeine.newBuilder().executor(Runnable::run).maximumSize(1)
        .expireAfter(Expiry.writing((Object k, Object v) -> Duration.ofSeconds(1))).build().put("warm-up", "warm-up");
    new PrometheusMeterRegistry(PrometheusConfig.DEFAULT).close();
    ProxyServer.warmUpTls();
  }
}
