package dev.junction.admin.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.admin.ApiJson;
import dev.junction.admin.SampleConfig;
import dev.junction.config.JunctionConfig;
import org.junit.jupiter.api.Test;

class EffectiveConfigTest {
  private final JunctionConfig config = SampleConfig.config();

  @Test
  void noSecretSurvivesTheMapping() {
    String json = ApiJson.encode(EffectiveConfig.from(config)).toString();
    assertThat(json).doesNotContain(SampleConfig.ADMIN_TOKEN, SampleConfig.REDIS_PASSWORD, SampleConfig.BACKEND_PASSWORD);
  }

  @Test
  void theAdminTokenBecomesAFlagAndItsSource() {
    AdminSettings admin = EffectiveConfig.from(config).admin();
    assertThat(admin.tokenSet()).isTrue();
    assertThat(admin.tokenSource()).isEqualTo("config");
  }

  @Test
  void aTokenFromTheEnvironmentIsReportedAsSuch() {
    JunctionConfig noToken = JunctionConfig.defaults();
    assertThat(EffectiveConfig.from(noToken, "env-token").admin().tokenSource()).isEqualTo("environment");
    assertThat(EffectiveConfig.from(noToken).admin().tokenSet()).isFalse();
  }

  @Test
  void theRedisPasswordIsMasked() {
    assertThat(EffectiveConfig.from(config).cache().redisUri()).isEqualTo("redis://:***@cache.internal:6379/0");
  }

  @Test
  void aBackendPasswordIsMaskedButItsUserKept() {
    assertThat(EffectiveConfig.from(config).backends().get(1).url()).isEqualTo("https://svc:***@10.0.0.6/api");
  }

  @Test
  void durationsAndStatusSetsAreReadable() {
    EffectiveConfig e = EffectiveConfig.from(config);
    assertThat(e.backends().get(0).cacheTimeoutSeconds()).isEqualTo(6000L);
    assertThat(e.cache().defaultTtlSeconds()).isEqualTo(1800L);
    assertThat(e.discovery().success()).isEqualTo("200-299");
    assertThat(e.discovery().nonIdempotentMoveOn()).isEqualTo("404, 405, 501");
    assertThat(e.proxy().connectTimeoutMs()).isEqualTo(5000L);
    assertThat(e.cache().keyFields()).containsEntry("/v1/chat/completions", java.util.List.of("/model"));
  }

  @Test
  void rulesAndAliasesKeepTheirOrder() {
    EffectiveConfig e = EffectiveConfig.from(config);
    assertThat(e.routes()).extracting(r -> r.id()).containsExactly("chat-gpt4o", "models");
    assertThat(e.aliases()).containsEntry("/health", java.util.List.of("/v1/health"));
  }
}
