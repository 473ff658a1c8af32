package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedFormatTest {
  private static final Path README = Path.of("examples/seed-readme.yaml");
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JunctionConfig load(String yaml) {
    return ConfigLoader.load(yaml, Path.of("seed.yaml"), Map.of());
  }

  private static FieldCondition equals(String field, String json) throws Exception {
    return new FieldCondition(JsonPointer.compile(field), new ValueMatcher.Equals(JSON.readTree(json)));
  }

  @Test
  void readmeExampleBecomesOneBackendPerUrlInFileOrder() {
    JunctionConfig config = ConfigLoader.load(README);

    assertThat(config.backends()).containsExactly(
        new BackendConfig("http://127.0.0.1:3000", URI.create("http://127.0.0.1:3000"), Duration.ofSeconds(6000)),
        new BackendConfig("http://127.0.0.1:3100", URI.create("http://127.0.0.1:3100"), Duration.ofSeconds(5000)));
  }

  @Test
  void readmeExampleBecomesOneRulePerEndpointInFileOrder() throws Exception {
    JunctionConfig config = ConfigLoader.load(README);

    assertThat(config.rules()).containsExactly(
        new RuleConfig("http://127.0.0.1:3000 /get_log_files", "/get_log_files", Set.of(),
            List.of(new PayloadCondition(List.of(equals("/name", "\"log_file.log\""), equals("/path", "\"c:/logs\""))),
                new PayloadCondition(List.of(equals("/name", "\"backup_log.log\""), equals("/path", "\"d:/backup/logs\"")))),
            List.of("http://127.0.0.1:3000"), null, new Origin(README, 4, 5)),
        new RuleConfig("http://127.0.0.1:3000 /load_log_file", "/load_log_file", Set.of(),
            List.of(new PayloadCondition(List.of(equals("/name", "\"log_file.log\""), equals("/path", "\"c:/logs\"")))),
            List.of("http://127.0.0.1:3000"), null, new Origin(README, 10, 5)),
        new RuleConfig("http://127.0.0.1:3100 /archive_logs", "/archive_logs", Set.of(),
            List.of(new PayloadCondition(List.of(equals("/source", "\"c:/logs\""), equals("/destination", "\"e:/archives\""),
                equals("/compress", "true")))),
            List.of("http://127.0.0.1:3100"), null, new Origin(README, 18, 5)));
  }

  @Test
  void booleanPayloadValueKeepsItsYamlType() {
    JunctionConfig config = ConfigLoader.load(README);

    FieldCondition compress = config.rules().get(2).payload().get(0).fields().get(2);
    assertThat(((ValueMatcher.Equals) compress.matcher()).value().isBoolean()).isTrue();
  }

  @Test
  void everythingButBackendsAndRulesKeepsItsDefault() {
    JunctionConfig config = ConfigLoader.load(README);

    JunctionConfig defaults = JunctionConfig.defaults();
    assertThat(List.of(config.source(), config.listen(), config.aliases(), config.cache(), config.proxy(),
        config.discovery(), config.admin()))
        .isEqualTo(List.of(README, defaults.listen(), defaults.aliases(), defaults.cache(), defaults.proxy(),
            defaults.discovery(), defaults.admin()));
  }

  @Test
  void backendNameDropsTheTrailingSlashButTheUrlIsKeptAsWritten() {
    JunctionConfig config = load("\"http://127.0.0.1:3000/\":\n  endpoints:\n    /x:\n");

    assertThat(config.backends()).containsExactly(
        new BackendConfig("http://127.0.0.1:3000", URI.create("http://127.0.0.1:3000/"), null));
    assertThat(config.rules().get(0).id()).isEqualTo("http://127.0.0.1:3000 /x");
  }

  @Test
  void backendWithoutEndpointsIsOnlyADiscoveryCandidate() {
    JunctionConfig config = load("http://a:1:\nhttp://b:2: {}\nhttp://c:3:\n  endpoints:\n");

    assertThat(config.backends()).extracting(BackendConfig::name).containsExactly("http://a:1", "http://b:2", "http://c:3");
    assertThat(config.rules()).isEmpty();
  }

  @Test
  void endpointWithoutPayloadIsAPathOnlyRule() {
    JunctionConfig config = load("""
        http://a:1:
          endpoints:
            /none:
            /empty: {}
            /null-payload:
              payload:
            /empty-list:
              payload: []
        """);

    assertThat(config.rules()).extracting(RuleConfig::path, RuleConfig::hasPayload).containsExactly(
        tuple("/none", false), tuple("/empty", false),
        tuple("/null-payload", false), tuple("/empty-list", false));
  }

  @Test
  void payloadValuesConvertWithTheirYamlTypes() throws Exception {
    JunctionConfig config = load("""
        http://a:1:
          endpoints:
            /x:
              payload:
                - {i: 7, big: 12345678901, f: 1.5, b: false, n: ~, s: "7", nested: {k: [1, two]}, day: 2024-01-31}
        """);

    List<FieldCondition> fields = config.rules().get(0).payload().get(0).fields();
    assertThat(fields).containsExactly(equals("/i", "7"), equals("/big", "12345678901"), equals("/f", "1.5"),
        equals("/b", "false"), equals("/n", "null"), equals("/s", "\"7\""), equals("/nested", "{\"k\": [1, \"two\"]}"),
        equals("/day", "\"2024-01-31\""));
  }

  @Test
  void fieldNamesAreEscapedIntoPointers() {
    JunctionConfig config = load("http://a:1:\n  endpoints:\n    /x:\n      payload:\n        - {\"a/b\": 1, \"c~d\": 2}\n");

    assertThat(config.rules().get(0).payload().get(0).fields()).extracting(f -> f.pointer().toString())
        .containsExactly("/a~1b", "/c~0d");
  }

  @Test
  void dollarBracesStayAsWrittenBecauseTheSeedHadNoExpansion() {
    JunctionConfig config = load("http://a:1:\n  endpoints:\n    /x:\n      payload:\n        - {k: \"${HOME}\"}\n");

    JsonNode value = ((ValueMatcher.Equals) config.rules().get(0).payload().get(0).fields().get(0).matcher()).value();
    assertThat(value.textValue()).isEqualTo("${HOME}");
  }

  @Test
  void aJunctionKeyAmongBackendUrlsIsRejected() {
    assertThatThrownBy(() -> load("http://a:1: {}\njunction: {}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("seed.yaml:2:1: junction: 'junction' among backend URLs (expected: either the seed format, "
            + "backend URLs at the top level, or Junction's format, a single top-level 'junction' key)");
  }

  @Test
  void theSameBackendTwiceIsRejected() {
    assertThatThrownBy(() -> load("http://a:1: {}\nhttp://a:1/: {}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("seed.yaml:2:1: \"http://a:1/\": backend 'http://a:1' repeats the one at line 1 (expected: each backend once)");
  }

  @Test
  void sourceIsTheFileLoaded(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("config.yaml"), "http://a:1: {}\n");

    assertThat(ConfigLoader.load(file).source()).isEqualTo(file);
  }
}
