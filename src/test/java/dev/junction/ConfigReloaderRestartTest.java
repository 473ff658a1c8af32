package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.config.HealthCheckConfig;
import dev.junction.config.HostPort;
import dev.junction.config.JunctionConfig;
import dev.junction.config.RuleConfig;
import dev.junction.config.StatusSet;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which changed settings a reload cannot apply, and says so. */
class ConfigReloaderRestartTest {
  private static final JunctionConfig BASE = JunctionConfig.defaults()
      .withBackends(List.of(new BackendConfig("a", URI.create("http://127.0.0.1:1"), null)));

  @Test
  void aChangedListenAddressNeedsARestart() {
    List<String> r = ConfigReloader.restartRequired(BASE, BASE.withListen(new HostPort("127.0.0.1", 9999)));

    assertThat(r).containsExactly("listen changed: restart to apply");
  }

  @Test
  void aChangedCacheStoreNeedsARestartButKeyFieldsDoNot() {
    CacheConfig c = BASE.cache();
    CacheConfig keyed = new CacheConfig(c.store(), c.sqlitePath(), c.redisUri(), c.defaultTtl(), c.maxEntries(),
        Map.of("/chat", List.of(com.fasterxml.jackson.core.JsonPointer.compile("/model"))));
    CacheConfig longer = new CacheConfig(c.store(), c.sqlitePath(), c.redisUri(), Duration.ofDays(2), c.maxEntries(),
        c.keyFields());

    assertThat(ConfigReloader.restartRequired(BASE, BASE.withCache(keyed))).isEmpty();
    assertThat(ConfigReloader.restartRequired(BASE, BASE.withCache(longer))).containsExactly("cache.ttl changed: restart to apply");
  }

  @Test
  void changedRulesNeedNoRestart() {
    JunctionConfig withRule = BASE.withRules(List.of(new RuleConfig("x", "/x", java.util.Set.of(), List.of(), List.of("a"),
        null, new dev.junction.config.Origin(null, 1, 1))));

    assertThat(ConfigReloader.restartRequired(BASE, withRule)).isEmpty();
  }

  @Test
  void healthChecksAddedChangedOrRemovedNeedNoRestart() {
    HealthCheckConfig check = new HealthCheckConfig("/healthz", Duration.ofSeconds(5), Duration.ofSeconds(1),
        StatusSet.SUCCESS_2XX);
    BackendConfig a = BASE.backends().get(0);
    JunctionConfig checked = BASE.withBackends(List.of(a.withHealth(check)));
    JunctionConfig newBackendChecked = BASE.withBackends(List.of(a,
        new BackendConfig("b", URI.create("http://127.0.0.1:2"), null).withHealth(check)));

    assertThat(ConfigReloader.restartRequired(BASE, checked)).isEmpty();
    assertThat(ConfigReloader.restartRequired(checked, BASE)).isEmpty();
    assertThat(ConfigReloader.restartRequired(BASE, newBackendChecked)).isEmpty();
    assertThat(ConfigReloader.restartRequired(newBackendChecked, BASE)).isEmpty();
  }
}
