package dev.junction.testing;

import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real {@link Vertx} per test class, for the backends tests start:
 * {@code @RegisterExtension static final VertxExtension VERTX = new VertxExtension();}
 */
public final class VertxExtension implements BeforeAllCallback, AfterAllCallback {
  private Vertx vertx;

  @Override
  public void beforeAll(ExtensionContext context) {
    vertx = Vertx.vertx();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    vertx.close().await();
  }

  public Vertx get() {
    return vertx;
  }

  /** Data-plane settings with short timeouts (300 ms to a response head), for tests of slow backends. */
  public static dev.junction.config.ProxyConfig shortTimeouts() {
    return new dev.junction.config.ProxyConfig(Duration.ofSeconds(2), Duration.ofMillis(300), Duration.ofMinutes(1), 1 << 20, 16, 16 * 1024);
  }
}
