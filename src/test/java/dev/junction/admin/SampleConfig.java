package dev.junction.admin;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.junction.config.AdminConfig;
import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.config.FieldCondition;
import dev.junction.config.HostPort;
import dev.junction.config.JunctionConfig;
import dev.junction.config.Origin;
import dev.junction.config.PayloadCondition;
import dev.junction.config.RuleConfig;
import dev.junction.config.StatusSet;
import dev.junction.config.ValueMatcher;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A configuration with a bit of everything, secrets included, for the admin tests. */
public final class SampleConfig {
  public static final String ADMIN_TOKEN = "config-admin-token";
  public static final String REDIS_PASSWORD = "hunter2";
  public static final String BACKEND_PASSWORD = "b4ckend-pw";

  private SampleConfig() {}

  public static JunctionConfig config() {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Path file = Path.of("junction.yaml");
    RuleConfig chat = new RuleConfig("chat-gpt4o", "/v1/chat/completions", Set.of("POST"),
        List.of(new PayloadCondition(List.of(
            new FieldCondition(JsonPointer.compile("/model"), new ValueMatcher.Equals(f.textNode("gpt-4o"))),
            new FieldCondition(JsonPointer.compile("/stream"), new ValueMatcher.Exists(true))))),
        List.of("gpu-1", "gpu-2"), StatusSet.of(200, 201), new Origin(file, 12, 5));
    RuleConfig models = new RuleConfig("models", "/models/{id}", Set.of("GET", "HEAD"), List.of(), List.of("gpu-2"),
        null, new Origin(file, 20, 3));
    CacheConfig cache = new CacheConfig(CacheConfig.Store.REDIS, CacheConfig.DEFAULT_SQLITE_PATH,
        URI.create("redis://:" + REDIS_PASSWORD + "@cache.internal:6379/0"), Duration.ofMinutes(30), 5000,
        Map.of("/v1/chat/completions", List.of(JsonPointer.compile("/model"))));
    return JunctionConfig.defaults()
        .withBackends(List.of(
            new BackendConfig("gpu-1", URI.create("http://10.0.0.5:8080"), Duration.ofSeconds(6000)),
            new BackendConfig("gpu-2", URI.create("https://svc:" + BACKEND_PASSWORD + "@10.0.0.6/api"), null)))
        .withRules(List.of(chat, models))
        .withAliases(Map.of("/health", List.of("/v1/health")))
        .withCache(cache)
        .withAdmin(new AdminConfig(true, new HostPort("127.0.0.1", 8001), ADMIN_TOKEN));
  }
}
