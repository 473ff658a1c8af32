package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JunctionFormatTest {
  private static final Path EXAMPLE = Path.of("examples/junction.yaml");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> ENV = Map.of("JUNCTION_ADMIN_TOKEN", "s3cret", "HOST", "10.0.0.7");

  /** Every key, each with a value other than its default. */
  private static final String EVERY_KEY = """
      junction:
        listen: 0.0.0.0:9000
        admin:
          enabled: false
          listen: "[::1]:9001"
          token: ${JUNCTION_ADMIN_TOKEN}
        backends:
          llm-a:
            url: http://${HOST}:3000/api
            cache_timeout: 90
          tts: https://tts.example:8443
        routes:
          - id: chat
            path: /v1/chat/completions
            methods: [post, PUT]
            payload:
              - /model: gpt-4o
                /stream: {exists: false}
              - /model: {one_of: [o3, 7, null]}
                /meta/tier: {glob: "gold-?"}
                /opts: {equals: {equals: 1}}
                /list: [1, 2]
            backends: [llm-a, tts]
            success: [200-299, 304]
          - path: /audio/{voice}
            backend: tts
        aliases:
          /audio/speech: [/v1/audio/speech, /speech]
          /*: /v1/*
        cache:
          store: redis
          path: /var/lib/junction/decisions.db
          redis: redis://127.0.0.1:6380/2
          ttl: 2d
          max_entries: 5000
          key_fields:
            /v1/chat/completions: [/model, /meta/tier]
            /audio/{voice}: []
        proxy:
          connect_timeout: 250ms
          response_timeout: 2m
          idle_timeout: 1h
          max_buffered_body: 512KiB
          max_connections_per_backend: 8
          max_header_size: 32000
          request_head_timeout: 3s
          request_body_timeout: 20s
          client_idle_timeout: 2m
        discovery:
          candidates: [tts]
          success: 200
          non_idempotent_move_on: []
          deadline: 45
      """;

  private static JunctionConfig load(String yaml) {
    return ConfigLoader.load(yaml, Path.of("conf/junction.yaml"), ENV);
  }

  private static FieldCondition field(String pointer, ValueMatcher matcher) {
    return new FieldCondition(JsonPointer.compile(pointer), matcher);
  }

  private static ValueMatcher.Equals equalsJson(String json) throws Exception {
    return new ValueMatcher.Equals(JSON.readTree(json));
  }

  @Test
  void everyKeyIsReadIntoTheRecords() throws Exception {
    Path source = Path.of("conf/junction.yaml");
    Map<String, List<String>> aliases = new LinkedHashMap<>();
    aliases.put("/audio/speech", List.of("/v1/audio/speech", "/speech"));
    aliases.put("/*", List.of("/v1/*"));
    Map<String, List<JsonPointer>> keyFields = Map.of(
        "/v1/chat/completions", List.of(JsonPointer.compile("/model"), JsonPointer.compile("/meta/tier")),
        "/audio/{voice}", List.of());
    JunctionConfig expected = new JunctionConfig(
        source,
        new HostPort("0.0.0.0", 9000),
        List.of(new BackendConfig("llm-a", URI.create("http://10.0.0.7:3000/api"), Duration.ofSeconds(90)),
            new BackendConfig("tts", URI.create("https://tts.example:8443"), null)),
        List.of(
            new RuleConfig("chat", "/v1/chat/completions", Set.of("POST", "PUT"),
                List.of(new PayloadCondition(List.of(field("/model", equalsJson("\"gpt-4o\"")),
                        field("/stream", new ValueMatcher.Exists(false)))),
                    new PayloadCondition(List.of(
                        field("/model", new ValueMatcher.OneOf(List.of(JSON.readTree("\"o3\""), JSON.readTree("7"), JSON.readTree("null")))),
                        field("/meta/tier", new ValueMatcher.Glob("gold-?")),
                        field("/opts", equalsJson("{\"equals\": 1}")),
                        field("/list", equalsJson("[1, 2]"))))),
                List.of("llm-a", "tts"), StatusSet.range(200, 299).union(StatusSet.of(304)), new Origin(source, 13, 7)),
            new RuleConfig("route-2", "/audio/{voice}", Set.of(), List.of(), List.of("tts"), null, new Origin(source, 25, 7))),
        aliases,
        new CacheConfig(CacheConfig.Store.REDIS, Path.of("/var/lib/junction/decisions.db"), URI.create("redis://127.0.0.1:6380/2"),
            Duration.ofDays(2), 5000, keyFields),
        new ProxyConfig(Duration.ofMillis(250), Duration.ofMinutes(2), Duration.ofHours(1), 512 * 1024, 8, 32000,
            EjectionConfig.defaults(), new ClientTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(20), Duration.ofMinutes(2))),
        new DiscoveryConfig(List.of("tts"), StatusSet.of(200), StatusSet.of(), Duration.ofSeconds(45)),
        new AdminConfig(false, new HostPort("::1", 9001), "s3cret"));

    assertThat(load(EVERY_KEY)).usingRecursiveComparison().isEqualTo(expected);
  }

  @Test
  void aliasesKeepFileOrder() {
    assertThat(load(EVERY_KEY).aliases().keySet()).containsExactly("/audio/speech", "/*");
  }

  @Test
  void shippedExampleLoads() {
    JunctionConfig config = ConfigLoader.load(EXAMPLE, ENV);

    assertThat(config.rules()).extracting(RuleConfig::id).containsExactly("chat-gpt4", "route-2", "route-3", "route-4",
        "acme-eu");
    assertThat(config.rules().get(4).head()).isEqualTo(new HeadConditions(
        java.util.Map.of("x-tenant", new ValueMatcher.Equals(com.fasterxml.jackson.databind.node.TextNode.valueOf("acme")),
            "authorization", new ValueMatcher.Exists(true)),
        java.util.Map.of("api-version", new ValueMatcher.Glob("2024-*")), List.of("*.eu.example.com")));
    assertThat(config.rules().get(3).balance())
        .isEqualTo(new BalanceConfig(BalanceStrategy.ROUND_ROBIN, java.util.Map.of("llm-a", 3)));
    assertThat(config.backends()).extracting(BackendConfig::name).containsExactly("llm-a", "llm-b", "tts");
    assertThat(config.admin().token()).isEqualTo("s3cret");
    assertThat(config.accessLog()).isEqualTo(AccessLogConfig.defaults());
  }

  @Test
  void shippedExampleWritesEveryKeyTheLoaderKnows() throws Exception {
    String text = Files.readString(EXAMPLE);
    List<String> keys = ConfigReferenceTest.everyKey().entrySet().stream()
        .filter(e -> !e.getKey().startsWith("URL")).map(e -> e.getValue().name()).distinct().toList();

    assertThat(keys).contains("listen", "cert", "healthy_statuses", "glob", "weight", "client_idle_timeout", "format");
    for (String key : keys) {
      assertThat(text).as(key).containsPattern("(?m)(^|[\\s{,])" + java.util.regex.Pattern.quote(key) + ":");
    }
    assertThat(text).startsWith("# yaml-language-server: $schema=../docs/junction.schema.json\n");
  }

  @Test
  void proxyEjectionIsReadWithItsDefaultsForWhatIsLeftOut() {
    JunctionConfig config = load("junction:\n  proxy:\n    ejection: {failures: 2}\n");
    JunctionConfig off = load("junction:\n  proxy:\n    ejection: {failures: 0, cooldown: 1m}\n");

    assertThat(config.proxy().ejection()).isEqualTo(new EjectionConfig(2, java.time.Duration.ofSeconds(30)));
    assertThat(off.proxy().ejection().enabled()).isFalse();
    assertThat(off.proxy().ejection().cooldown()).isEqualTo(java.time.Duration.ofMinutes(1));
  }

  @Test
  void clientTimeoutsLeftOutKeepTheirDefaults() {
    JunctionConfig config = load("junction:\n  proxy:\n    request_body_timeout: 5s\n");

    assertThat(config.proxy().client()).isEqualTo(new ClientTimeouts(java.time.Duration.ofSeconds(10),
        java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(60)));
  }

  @Test
  void anEmptyJunctionSectionIsAllDefaults() {
    JunctionConfig config = load("junction:\n");

    assertThat(config).usingRecursiveComparison().isEqualTo(new JunctionConfig(Path.of("conf/junction.yaml"),
        JunctionConfig.DEFAULT_LISTEN, List.of(), List.of(), Map.of(), CacheConfig.defaults(), ProxyConfig.defaults(),
        DiscoveryConfig.defaults(), AdminConfig.defaults()));
  }

  @Test
  void relativeCachePathResolvesAgainstTheConfigFilesDirectory(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("junction.yaml"), "junction:\n  cache:\n    path: data/cache.db\n");

    assertThat(ConfigLoader.load(file, Map.of()).cache().sqlitePath()).isEqualTo(dir.resolve("data/cache.db"));
  }

  @Test
  void doubleDollarWritesALiteralReference() {
    JunctionConfig config = load("junction:\n  admin:\n    token: \"a$${HOST}b${HOST}\"\n");

    assertThat(config.admin().token()).isEqualTo("a${HOST}b10.0.0.7");
  }

  @Test
  void durationsAcceptEveryUnitAndPlainSeconds() {
    JunctionConfig config = load("""
        junction:
          proxy: {connect_timeout: 1500ms, response_timeout: 30s, idle_timeout: 3m}
          cache: {ttl: 12h}
          discovery: {deadline: 7}
          backends: {a: {url: "http://h:1", cache_timeout: 1d}}
        """);

    assertThat(List.of(config.proxy().connectTimeout(), config.proxy().responseTimeout(), config.proxy().idleTimeout(),
        config.cache().defaultTtl(), config.discovery().deadline(), config.backends().get(0).cacheTimeout()))
        .containsExactly(Duration.ofMillis(1500), Duration.ofSeconds(30), Duration.ofMinutes(3), Duration.ofHours(12),
            Duration.ofSeconds(7), Duration.ofDays(1));
  }

  @Test
  void sizesAcceptBinaryAndDecimalUnitsAndPlainBytes() {
    JunctionConfig config = load("junction:\n  proxy: {max_buffered_body: 2MB, max_header_size: 1kib}\n");
    JunctionConfig plain = load("junction:\n  proxy: {max_buffered_body: 0, max_header_size: 1GiB}\n");

    assertThat(List.of(config.proxy().maxBufferedBody(), config.proxy().maxHeaderSize(), plain.proxy().maxBufferedBody(),
        plain.proxy().maxHeaderSize())).containsExactly(2_000_000, 1024, 0, 1 << 30);
  }

  @Test
  void aMethodMayBeWrittenAloneAndAnyCase() {
    JunctionConfig config = load("junction:\n  backends: {a: \"http://h:1\"}\n  routes:\n    - {path: /x, methods: patch, backend: a}\n");

    assertThat(config.rules().get(0).methods()).containsExactly("PATCH");
  }

  @Test
  void payloadRuleWithAPayloadMethodAmongOthersIsAccepted() {
    JunctionConfig config = load("junction:\n  backends: {a: \"http://h:1\"}\n  routes:\n"
        + "    - {path: /x, methods: [GET, POST], backend: a, payload: [{/m: 1}]}\n");

    assertThat(config.rules().get(0).hasPayload()).isTrue();
  }

  @Test
  void yamlOneOneSpellingsOfNumbersAndBooleansAreRead() throws Exception {
    JunctionConfig config = load("junction:\n  admin: {enabled: off}\n  cache: {max_entries: 1_000}\n"
        + "  backends: {a: \"http://h:1\"}\n  routes:\n    - {path: /x, backend: a, payload: [{/n: 0x1F, /y: yes}]}\n");

    assertThat(List.of(config.admin().enabled(), config.cache().maxEntries(), config.rules().get(0).payload().get(0).fields()))
        .containsExactly(false, 1000L, List.of(field("/n", equalsJson("31")), field("/y", equalsJson("true"))));
  }
}
