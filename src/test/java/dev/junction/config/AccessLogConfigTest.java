package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code junction.access_log}: defaults, each key, and errors named by file, line and column. */
class AccessLogConfigTest {
  private static JunctionConfig load(String yaml) {
    return ConfigLoader.load(yaml, Path.of("a.yaml"), Map.of());
  }

  @Test
  void withoutTheSectionTheAccessLogIsOnAndPlain() {
    assertThat(load("junction: {}\n").accessLog()).isEqualTo(new AccessLogConfig(true, AccessLogConfig.Format.PLAIN));
  }

  @Test
  void theSeedFormatGetsTheDefaultAccessLog() {
    assertThat(load("\"http://127.0.0.1:3000\": {}\n").accessLog()).isEqualTo(AccessLogConfig.defaults());
  }

  @Test
  void formatAndEnabledAreRead() {
    assertThat(load("junction:\n  access_log: {format: json}\n").accessLog())
        .isEqualTo(new AccessLogConfig(true, AccessLogConfig.Format.JSON));
    assertThat(load("junction:\n  access_log:\n    enabled: false\n").accessLog().enabled()).isFalse();
  }

  @Test
  void anUnknownFormatIsRefusedWithItsPosition() {
    assertThatThrownBy(() -> load("junction:\n  access_log:\n    format: jsn\n"))
        .hasMessageContaining("a.yaml:3:13: junction.access_log.format: 'jsn' (expected one of: plain, json) - did you mean 'json'?");
  }

  @Test
  void anUnknownKeyIsRefusedWithItsPosition() {
    assertThatThrownBy(() -> load("junction:\n  access_log: {enabled: true, fromat: json}\n"))
        .hasMessageContaining("a.yaml:2:31: junction.access_log.fromat: unknown key 'fromat'");
  }
}
