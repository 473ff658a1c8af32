package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code health} key of a backend in Junction's format. */
class HealthCheckConfigTest {
  private static JunctionConfig load(String yaml) {
    return ConfigLoader.load(yaml, Path.of("h.yaml"), Map.of());
  }

  private static String problems(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> load(yaml)).getMessage();
  }

  @Test
  void aHealthCheckWithOnlyAPathGetsTheDefaults() {
    JunctionConfig c = load("""
        junction:
          backends:
            a: {url: http://127.0.0.1:1, health: {path: /healthz}}
            b: http://127.0.0.1:2
        """);

    assertThat(c.backends().get(0).health()).isEqualTo(new HealthCheckConfig("/healthz"));
    assertThat(c.backends().get(0).health().interval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.backends().get(0).health().timeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.backends().get(0).health().healthyStatuses().contains(204)).isTrue();
    assertThat(c.backends().get(0).health().healthyStatuses().contains(503)).isFalse();
    assertThat(c.backends().get(1).health()).isNull();
  }

  @Test
  void everyHealthSettingIsRead() {
    JunctionConfig c = load("""
        junction:
          backends:
            a:
              url: http://127.0.0.1:1/base
              health: {path: /up, interval: 500ms, timeout: 250ms, healthy_statuses: [200, 418]}
        """);

    HealthCheckConfig h = c.backends().get(0).health();
    assertThat(h.path()).isEqualTo("/up");
    assertThat(h.interval()).isEqualTo(Duration.ofMillis(500));
    assertThat(h.timeout()).isEqualTo(Duration.ofMillis(250));
    assertThat(h.healthyStatuses().contains(418)).isTrue();
    assertThat(h.healthyStatuses().contains(201)).isFalse();
  }

  @Test
  void aMissingPathIsAnErrorWithFileLineAndKey() {
    assertThat(problems("""
        junction:
          backends:
            a:
              url: http://127.0.0.1:1
              health: {interval: 5s}
        """)).contains("h.yaml:5:15: junction.backends.a.health.path: missing (expected: a path on the backend such as /healthz)");
  }

  @Test
  void anUnknownHealthKeySuggestsTheKnownOne() {
    assertThat(problems("""
        junction:
          backends:
            a:
              url: http://127.0.0.1:1
              health: {path: /healthz, intervall: 5s}
        """)).contains("h.yaml:5:32: junction.backends.a.health.intervall: unknown key 'intervall'")
        .contains("did you mean 'interval'?");
  }

  @Test
  void aTimeoutLongerThanTheIntervalIsRefusedAtTheTimeoutKey() {
    assertThat(problems("""
        junction:
          backends:
            a:
              url: http://127.0.0.1:1
              health:
                path: /healthz
                interval: 1s
                timeout: 2s
        """)).contains("h.yaml:8:18: junction.backends.a.health.timeout: PT2S (expected: > 0 and <= interval PT1S)");
  }

  @Test
  void aPathThatIsNotAPathIsRefused() {
    assertThat(problems("""
        junction:
          backends:
            a: {url: http://127.0.0.1:1, health: {path: healthz}}
        """)).contains("junction.backends.a.health.path: healthz (expected: a path on the backend such as /healthz)");
  }

  @Test
  void existingConstructorsLeaveTheHealthCheckOut() {
    BackendConfig b = new BackendConfig("a", java.net.URI.create("http://h:1"), null, "/openapi.json");

    assertThat(b.health()).isNull();
    assertThat(b.withHealth(new HealthCheckConfig("/healthz")).health().path()).isEqualTo("/healthz");
  }
}
