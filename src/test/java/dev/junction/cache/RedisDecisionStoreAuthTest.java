package dev.junction.cache;

import static dev.junction.testing.Await.result;
import static dev.junction.testing.Await.until;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.junction.routing.CacheKey;
import dev.junction.testing.RedisServerExtension;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** A password in the Redis URI is used, and never shown in health or logs. */
class RedisDecisionStoreAuthTest {
  private static final String PASSWORD = "s3cret-Pa55word";

  @RegisterExtension static final RedisServerExtension redis = RedisServerExtension.withPassword(PASSWORD);

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger cacheLogger = (Logger) LoggerFactory.getLogger("dev.junction.cache");
  private Vertx vertx;
  private RedisDecisionStore store;

  @BeforeEach
  void captureLogs() {
    logs.start();
    cacheLogger.addAppender(logs);
    vertx = Vertx.vertx();
  }

  @AfterEach
  void release() {
    if (store != null) {
      result(store.closeAsync());
    }
    result(vertx.close());
    cacheLogger.detachAppender(logs);
  }

  private RedisDecisionStore open(URI uri) {
    store = new RedisDecisionStore(vertx, uri, Clock.systemUTC(), RedisDecisionStore.DEFAULT_PREFIX,
        new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)));
    return store;
  }

  @Test
  void theRightPasswordConnectsAndHealthHidesIt() {
    RedisDecisionStore s = open(redis.uri());
    until("connected", () -> s.health().up());
    Instant now = Instant.now();
    result(s.put(new CachedDecision(new CacheKey("GET", "/a", "-"), "b1", now, now.plusSeconds(60))));

    assertThat(s.health().detail()).isEqualTo("redis://:***@127.0.0.1:" + redis.port());
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains(PASSWORD));
  }

  @Test
  void aWrongPasswordMarksHealthDownWithoutShowingEitherPassword() {
    String wrong = "wrong-" + PASSWORD;
    RedisDecisionStore s = open(URI.create("redis://:" + wrong + "@127.0.0.1:" + redis.port()));

    until("reported down", () -> !s.health().up() && !s.health().detail().startsWith("connecting"));

    assertThat(s.health().detail()).doesNotContain(wrong);
    assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
        .isNotEmpty()
        .noneMatch(m -> m.contains(PASSWORD));
  }
}
