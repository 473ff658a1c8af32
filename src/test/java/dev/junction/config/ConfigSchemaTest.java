package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.testing.TestCerts;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * {@code docs/junction.schema.json} is exactly what the catalogue generates (run with
 * {@code -Djunction.schema.write=true} to rewrite it, and the reference tables, see
 * {@link ConfigReferenceTest}, instead); every example file and every whole configuration file in
 * the docs passes it and loads; and the schema and the loader judge a set of documents alike.
 */
class ConfigSchemaTest {
  static final String WRITE_PROPERTY = "junction.schema.write";
  static final String REGENERATE = "./mvnw -q test -Dtest='ConfigSchemaTest,ConfigReferenceTest' -D" + WRITE_PROPERTY + "=true";
  private static final Path COMMITTED = Path.of("docs/junction.schema.json");
  private static final Map<String, String> ENV = Map.of("JUNCTION_ADMIN_TOKEN", "s3cret", "TIMEOUT", "5s");
  private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

  /**
   * The ```yaml blocks of the docs that are not whole configuration files (a top level other than
   * a single {@code junction} key or backend URLs), by page and first line, with why they are left
   * out. A new fragment fails {@link #fragmentsInTheDocsAreTheListedOnes} until it is listed here.
   */
  private static final Map<String, String> FRAGMENTS = Map.of();

  /** Holds {@code tls/cert.pem} and {@code tls/key.pem}, which docs/forwarding.md's listener names. */
  @TempDir
  static Path dir;

  @BeforeAll
  static void certificates() throws IOException {
    TestCerts certs = TestCerts.create(dir, "RSA");
    Files.createDirectories(dir.resolve("tls"));
    Files.move(certs.cert(), dir.resolve("tls/cert.pem"));
    Files.move(certs.key(), dir.resolve("tls/key.pem"));
  }

  @Test
  void theCommittedSchemaIsTheGeneratedOne() throws IOException {
    String generated = ConfigSchema.generate();
    if (Boolean.getBoolean(WRITE_PROPERTY)) {
      Files.writeString(COMMITTED, generated);
      return;
    }
    if (!Files.exists(COMMITTED)) {
      fail(COMMITTED + " is missing. Generate it with:\n  " + REGENERATE);
    }
    String committed = Files.readString(COMMITTED);
    if (!committed.equals(generated)) {
      fail(COMMITTED + " is stale: the configuration catalogue (ConfigKeys) changed (" + firstDifference(committed, generated)
          + "). Regenerate it with:\n  " + REGENERATE + "\nand commit the result.");
    }
  }

  @Test
  void generatingTwiceGivesTheSameText() {
    assertThat(ConfigSchema.generate()).isEqualTo(ConfigSchema.generate());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFiles")
  void everyExampleFilePassesTheSchemaAndLoads(Path file) throws IOException {
    assertThat(SchemaCheck.errors(Files.readString(file))).as(file.toString()).isEmpty();
    assertThatCode(() -> ConfigLoader.load(file, ENV)).doesNotThrowAnyException();
  }

  static Stream<Path> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).extracting(Path::toString)
          .contains("examples/junction.yaml", "examples/openai.yaml", "examples/seed-readme.yaml",
              "examples/starter.yaml"); // the distribution's conf/junction.yaml (packaging/assembly.xml)
      return yaml.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("wholeFilesInTheDocs")
  void everyWholeConfigurationFileInTheDocsPassesTheSchemaAndLoads(String where, String yaml) {
    assertThat(SchemaCheck.errors(yaml)).as(where).isEmpty();
    assertThatCode(() -> ConfigLoader.load(yaml, dir.resolve("junction.yaml"), ENV)).as(where).doesNotThrowAnyException();
  }

  static Stream<Arguments> wholeFilesInTheDocs() throws IOException {
    List<Arguments> out = new ArrayList<>();
    yamlBlocks().forEach((where, yaml) -> {
      if (isWholeFile(yaml)) {
        out.add(Arguments.of(where, yaml));
      }
    });
    assertThat(out).extracting(a -> (String) a.get()[0]).anyMatch(w -> w.startsWith("docs/configuration.md"))
        .anyMatch(w -> w.startsWith("docs/forwarding.md"));
    assertThat(out).extracting(a -> (String) a.get()[1]).anyMatch(y -> y.startsWith("\"http://127.0.0.1:3000\":"));
    return out.stream();
  }

  @Test
  void fragmentsInTheDocsAreTheListedOnes() throws IOException {
    List<String> fragments = new ArrayList<>();
    yamlBlocks().forEach((where, yaml) -> {
      if (!isWholeFile(yaml)) {
        fragments.add(where.substring(0, where.indexOf(':')) + ": " + yaml.lines().findFirst().orElse(""));
      }
    });

    assertThat(fragments).as("```yaml blocks that are not whole configuration files: make them whole, or list them in "
        + "FRAGMENTS with why").containsExactlyInAnyOrderElementsOf(FRAGMENTS.keySet());
  }

  /** Every ```yaml block of README.md and docs/*.md, by page and line. */
  private static Map<String, String> yamlBlocks() throws IOException {
    List<Path> pages = new ArrayList<>(List.of(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    Map<String, String> out = new TreeMap<>();
    for (Path page : pages) {
      String text = Files.readString(page);
      Matcher m = YAML_BLOCK.matcher(text);
      while (m.find()) {
        out.put(page + ":" + (text.substring(0, m.start()).split("\n", -1).length), m.group(1));
      }
    }
    return out;
  }

  /** A single top-level {@code junction} key, or backend URLs only at the top level. */
  private static boolean isWholeFile(String yaml) {
    Node root = new YamlSource().compose(new StringReader(yaml), new LoadProblems(null));
    if (!(root instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
      return false;
    }
    List<String> keys = new ArrayList<>();
    for (NodeTuple t : mapping.getValue()) {
      keys.add(t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "");
    }
    return keys.equals(List.of(ConfigLoader.JUNCTION_KEY)) || keys.stream().allMatch(k -> Urls.backend(k) != null);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedByBoth")
  void theSchemaAndTheLoaderRefuse(String what, String yaml, String problem) {
    assertThat(SchemaCheck.errors(yaml)).as("schema").isNotEmpty();
    assertThatThrownBy(() -> ConfigLoader.load(yaml, dir.resolve("case.yaml"), ENV)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(problem);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("acceptedByBoth")
  void theSchemaAndTheLoaderAccept(String what, String yaml) {
    assertThat(SchemaCheck.errors(yaml)).as("schema").isEmpty();
    assertThatCode(() -> ConfigLoader.load(yaml, dir.resolve("case.yaml"), ENV)).doesNotThrowAnyException();
  }

  @Test
  void aMisspelledKeyIsRefusedAtItsPlaceByBoth() {
    String yaml = "junction:\n  proxy:\n    conect_timeout: 5s\n";

    assertThat(SchemaCheck.errors(yaml)).anyMatch(e -> e.startsWith("#/junction/proxy/conect_timeout: "));
    assertThatThrownBy(() -> ConfigLoader.load(yaml, null, ENV))
        .hasMessageContaining("junction.proxy.conect_timeout: unknown key 'conect_timeout'");
  }

  @Test
  void aWrongTypeIsRefusedAtItsPlaceByBoth() {
    String yaml = "junction:\n  proxy: {max_connections_per_backend: many}\n";

    assertThat(SchemaCheck.errors(yaml))
        .anyMatch(e -> e.startsWith("#/junction/proxy/max_connections_per_backend: Instance type string is invalid"));
    assertThatThrownBy(() -> ConfigLoader.load(yaml, null, ENV))
        .hasMessageContaining("junction.proxy.max_connections_per_backend: 'many' (expected: an integer)");
  }

  /** What the schema cannot see: references between keys, files, the environment, bounds of sizes with a unit. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("refusedByTheLoaderAlone")
  void theLoaderAloneRefuses(String what, String yaml, String problem) {
    assertThat(SchemaCheck.errors(yaml)).as("schema").isEmpty();
    assertThatThrownBy(() -> ConfigLoader.load(yaml, dir.resolve("case.yaml"), ENV)).isInstanceOf(ConfigException.class)
        .hasMessageContaining(problem);
  }

  static Stream<Arguments> refusedByTheLoaderAlone() {
    return Stream.of(
        Arguments.of("an unknown backend name", route("{path: /x, backend: c}"), "unknown backend 'c'"),
        Arguments.of("a backend listed twice", route("{path: /x, backends: [a, a]}"), "listed twice"),
        Arguments.of("a route id used twice", BACKENDS + "  routes:\n    - {id: r, path: /x, backend: a}\n"
            + "    - {id: r, path: /y, backend: a}\n", "repeats the route id"),
        Arguments.of("a template variable used twice", route("{path: \"/a/{x}/{x}\", backend: a}"), "{x} repeats"),
        Arguments.of("a weight with balance first", route("{path: /x, backends: [{backend: a, weight: 2}]}"),
            "with balance first"),
        Arguments.of("payload conditions on GET only", route("{path: /x, backend: a, methods: [GET], payload: [{/m: 1}]}"),
            "payload rules only match POST, PUT and PATCH"),
        Arguments.of("a route on a path Junction answers", BACKENDS + "  models: {backends: [a]}\n  routes:\n"
            + "    - {path: /models, backend: a}\n", "which Junction answers itself"),
        Arguments.of("the same openapi path and docs_path", "junction:\n  openapi: {path: /x, docs_path: /x}\n",
            "a path other than path"),
        Arguments.of("a health timeout over its interval",
            "junction:\n  backends: {a: {url: \"http://h:1\", health: {path: /h, interval: 1s, timeout: 2s}}}\n",
            "<= interval"),
        Arguments.of("h2 to an http URL", "junction:\n  backends: {a: {url: \"http://h:1\", protocol: h2}}\n",
            "(expected: an https:// url"),
        Arguments.of("store redis without redis", "junction:\n  cache: {store: redis}\n", "redis: missing"),
        Arguments.of("a size with a unit over 2 GiB", "junction:\n  proxy: {max_buffered_body: 3GiB}\n",
            "(expected: 0 to 2147483647 bytes)"),
        Arguments.of("a header limit with a unit under 1024 bytes", "junction:\n  proxy: {max_header_size: 1KB}\n",
            "(expected: >= 1024)"),
        Arguments.of("a status range upside down", "junction:\n  discovery: {success: 299-200}\n", "(expected: from <= to)"),
        Arguments.of("TLS files that do not exist", "junction:\n  listen: {tls: {cert: none.pem, key: none.pem}}\n",
            "none.pem"),
        Arguments.of("an unset environment variable", "junction:\n  admin: {token: \"${UNSET}\"}\n",
            "environment variable 'UNSET' is not set"),
        Arguments.of("an environment reference that is not a name", "junction:\n  admin: {token: \"${1X}\"}\n",
            "(expected: ${NAME}"),
        Arguments.of("a backend URL the URL parser refuses", "junction:\n  backends: {a: \"http://h:port\"}\n",
            "(expected: an http:// or https:// URL"),
        Arguments.of("a seed backend written twice", "\"http://127.0.0.1:3000\": {}\n\"http://127.0.0.1:3000/\": {}\n",
            "repeats the one at line 1"),
        Arguments.of("a key written twice", "junction:\n  proxy: {}\n  proxy: {}\n", "duplicate key 'proxy'"));
  }

  /** What only the schema refuses: an empty value the loader reads as left out, where writing it is a mistake anyway. */
  @Test
  void theSchemaAloneRefusesAnEmptyBackendBesideBackends() {
    String yaml = route("{path: /x, backend: ~, backends: [a]}");

    assertThat(SchemaCheck.errors(yaml)).isNotEmpty();
    assertThatCode(() -> ConfigLoader.load(yaml, null, ENV)).doesNotThrowAnyException();
  }

  private static final String BACKENDS = "junction:\n  backends: {a: \"http://127.0.0.1:1\", b: \"http://127.0.0.1:2\"}\n";

  private static String route(String route) {
    return BACKENDS + "  routes:\n    - " + route + "\n";
  }

  static Stream<Arguments> refusedByBoth() {
    return Stream.of(
        Arguments.of("a misspelled key", "junction:\n  proxy:\n    conect_timeout: 5s\n", "unknown key 'conect_timeout'"),
        Arguments.of("a misspelled section", "junction:\n  prxy: {}\n", "unknown key 'prxy'"),
        Arguments.of("another key beside junction", "junction: {}\nlisten: 127.0.0.1:8000\n",
            "unknown key 'listen' (expected one of: junction)"),
        Arguments.of("text for an integer", "junction:\n  proxy: {max_connections_per_backend: many}\n",
            "'many' (expected: an integer)"),
        Arguments.of("a duration in words", "junction:\n  proxy: {connect_timeout: 5 seconds}\n",
            "(expected: a duration such as"),
        Arguments.of("a fraction of seconds", "junction:\n  proxy: {connect_timeout: 1.5}\n", "(expected: a duration such as"),
        Arguments.of("a zero duration", "junction:\n  cache: {ttl: 0s}\n", "(expected: a duration > 0)"),
        Arguments.of("a negative number of seconds", "junction:\n  discovery: {deadline: -5}\n", "(expected: a duration > 0)"),
        Arguments.of("a word for a boolean", "junction:\n  admin: {enabled: maybe}\n", "(expected: true or false)"),
        Arguments.of("a quoted boolean", "junction:\n  admin: {enabled: \"true\"}\n", "(expected: true or false)"),
        Arguments.of("a blank token", "junction:\n  admin: {token: \" \"}\n", "empty (expected: a token"),
        Arguments.of("a store that does not exist", "junction:\n  cache: {store: sqlit}\n",
            "(expected one of: sqlite, redis, memory)"),
        Arguments.of("a status out of range", "junction:\n  discovery: {success: [700]}\n", "(expected: 100..599)"),
        Arguments.of("a range out of range", "junction:\n  discovery: {success: 200-700}\n", "(expected: 100..599)"),
        Arguments.of("an empty status set", "junction:\n  discovery: {success: []}\n", "(expected: at least one status"),
        Arguments.of("a header limit under 1024 bytes", "junction:\n  proxy: {max_header_size: 100}\n", "(expected: >= 1024)"),
        Arguments.of("a size over 2 GiB", "junction:\n  proxy: {max_buffered_body: 3000000000}\n",
            "(expected: 0 to 2147483647 bytes)"),
        Arguments.of("a port out of range", "junction:\n  listen: 0.0.0.0:70000\n", "(expected: 0..65535)"),
        Arguments.of("a listen address without port", "junction:\n  listen: localhost\n", "(expected: HOST:PORT)"),
        Arguments.of("a misspelled listener key", "junction:\n  listen: {hots: 0.0.0.0}\n", "unknown key 'hots'"),
        Arguments.of("TLS without its key", "junction:\n  listen: {tls: {cert: tls/cert.pem}}\n",
            "missing (expected: a PEM private key file)"),
        Arguments.of("a backend URL with user info", "junction:\n  backends: {a: \"http://u:p@h:1\"}\n", "user info in URL"),
        Arguments.of("a backend URL of another scheme", "junction:\n  backends: {a: \"ftp://h\"}\n",
            "(expected: an http:// or https:// URL"),
        Arguments.of("a backend without url", "junction:\n  backends: {a: {cache_timeout: 5s}}\n",
            "missing (expected: an http:// or https:// URL"),
        Arguments.of("a protocol that does not exist", "junction:\n  backends: {a: {url: \"http://h:1\", protocol: h3}}\n",
            "(expected one of: http1, h2c, h2)"),
        Arguments.of("a health check without path", "junction:\n  backends: {a: {url: \"http://h:1\", health: {interval: 5s}}}\n",
            "missing (expected: a path on the backend such as /healthz)"),
        Arguments.of("a health path with a fragment", "junction:\n  backends: {a: {url: \"http://h:1\", health: {path: \"/h#x\"}}}\n",
            "(expected: a path on the backend such as /healthz)"),
        Arguments.of("a route without a method", route("{path: /x, backend: a, methods: []}"), "(expected: at least one method"),
        Arguments.of("a route without a backend", route("{path: /x}"), "missing (expected: backend: NAME"),
        Arguments.of("a route with backend and backends", route("{path: /x, backend: a, backends: [b]}"), "given with backend"),
        Arguments.of("backend written as a list", route("{path: /x, backend: [a]}"), "a list (expected: one backend name"),
        Arguments.of("a route path without its slash", route("{path: x, backend: a}"), "(expected: a path starting with /)"),
        Arguments.of("a template variable that is not a name", route("{path: \"/a/{x-y}\", backend: a}"),
            "template variable name"),
        Arguments.of("a misspelled route key", route("{path: /x, backend: a, method: [GET]}"), "unknown key 'method'"),
        Arguments.of("a balance that does not exist", route("{path: /x, backends: [a], balance: random}"),
            "(expected one of: first, round_robin, least_in_flight)"),
        Arguments.of("a weight of zero", route("{path: /x, backends: [{backend: a, weight: 0}], balance: round_robin}"),
            "(expected: >= 1)"),
        Arguments.of("a payload pointer without its slash", route("{path: /x, backend: a, payload: [{model: gpt}]}"),
            "(expected: a JSON pointer such as /model)"),
        Arguments.of("an operator beside another key", route("{path: /x, backend: a, payload: [{/m: {glob: \"a*\", exists: true}}]}"),
            "'glob' with other keys"),
        Arguments.of("a glob that is not a string", route("{path: /x, backend: a, payload: [{/m: {glob: 5}}]}"),
            "(expected: a glob string"),
        Arguments.of("an empty payload alternative", route("{path: /x, backend: a, payload: [{}]}"),
            "empty (expected: a mapping of /pointer: condition)"),
        Arguments.of("models without backends", "junction:\n  models: {path: /models}\n",
            "missing (expected: the backends whose model lists are merged)"),
        Arguments.of("a local path with a template", "junction:\n  openapi: {path: \"/docs/{x}\"}\n",
            "(expected: a fixed path, not a template)"),
        Arguments.of("an alias that is not a path", "junction:\n  aliases: {/a: [b]}\n", "(expected: a path starting with /)"),
        Arguments.of("a key field that is not a pointer", "junction:\n  cache: {key_fields: {/a: [model]}}\n",
            "(expected: a JSON pointer such as /model)"),
        Arguments.of("an access log format that does not exist", "junction:\n  access_log: {format: text}\n",
            "(expected one of: plain, json)"),
        Arguments.of("a misspelled seed key", "\"http://127.0.0.1:3000\":\n  cache_timout: 5\n", "unknown key 'cache_timout'"),
        Arguments.of("a seed backend that is not a URL", "\"127.0.0.1:3000\":\n  cache_timeout: 5\n", "not a backend URL"),
        Arguments.of("junction among backend URLs", "\"http://127.0.0.1:3000\": {}\njunction: {}\n",
            "'junction' among backend URLs"),
        Arguments.of("an environment reference in the seed format", "\"http://127.0.0.1:3000\": {cache_timeout: \"${TIMEOUT}\"}\n",
            "(expected: a duration such as"),
        Arguments.of("a misspelled seed endpoint key", "\"http://127.0.0.1:3000\": {endpoints: {/a: {payloads: []}}}\n",
            "unknown key 'payloads'"),
        Arguments.of("a seed payload that is not a list", "\"http://127.0.0.1:3000\": {endpoints: {/a: {payload: {n: 1}}}}\n",
            "(expected: a list of mappings of field: value)"),
        Arguments.of("a seed endpoint with a query", "\"http://127.0.0.1:3000\": {endpoints: {\"/a?x\": {}}}\n",
            "(expected: a path without query or fragment)"),
        Arguments.of("an empty document", "", "empty configuration"),
        Arguments.of("a list at the top level", "- http://127.0.0.1:3000\n", "a list at the top level"));
  }

  static Stream<Arguments> acceptedByBoth() {
    return Stream.of(
        Arguments.of("an empty junction mapping", "junction:\n"),
        Arguments.of("an empty section", "junction:\n  proxy:\n"),
        Arguments.of("an empty key", "junction:\n  proxy:\n    connect_timeout:\n  discovery: {candidates: ~}\n"),
        Arguments.of("a duration from the environment", "junction:\n  proxy: {connect_timeout: \"${TIMEOUT}\"}\n"),
        Arguments.of("a duration in seconds", "junction:\n  proxy: {connect_timeout: 90}\n"),
        Arguments.of("every duration unit", "junction:\n  proxy: {connect_timeout: 1500ms, response_timeout: 30s, idle_timeout: 3m}\n"
            + "  cache: {ttl: 12h}\n  discovery: {deadline: 1d}\n"),
        Arguments.of("sizes in bytes and with units in any case", "junction:\n  proxy: {max_buffered_body: 2mb, max_header_size: 1KiB}\n"
            + "  openapi: {max_document_size: 4096}\n"),
        Arguments.of("a status and a range alone", "junction:\n  discovery: {success: 200, non_idempotent_move_on: 404-405}\n"),
        Arguments.of("no status to move on after", "junction:\n  discovery: {non_idempotent_move_on: []}\n"),
        Arguments.of("YAML 1.1 booleans", "junction:\n  admin: {enabled: yes}\n  access_log: {enabled: off}\n"),
        Arguments.of("a number as a token", "junction:\n  admin: {token: 12345}\n"),
        Arguments.of("a literal ${ in a token", "junction:\n  admin: {token: \"a$${X}b\"}\n"),
        Arguments.of("every interface and IPv6", "junction:\n  listen: \":8000\"\n  admin: {listen: \"[::1]:9001\"}\n"),
        Arguments.of("a listener mapping", "junction:\n  listen: {host: 0.0.0.0, port: 0, http2: true}\n"),
        Arguments.of("an integer in hexadecimal", "junction:\n  proxy: {max_connections_per_backend: 0x10}\n"),
        Arguments.of("aliases: none, one, several", "junction:\n  aliases: {/a: , /b: /v1/b, /*: [/v1/*, /v2/*]}\n"),
        Arguments.of("backends as URLs and mappings", "junction:\n  backends:\n    a: http://h:1/api\n"
            + "    b: {url: \"http://h:2\", protocol: h2c, cache_timeout: 10m, openapi: /openapi.json,"
            + " health: {path: \"/healthz?full=1\", interval: 5s, timeout: 5s, healthy_statuses: [200-299, 404]}}\n"),
        Arguments.of("a single name for backends", route("{path: /x, backends: a, methods: post}")),
        Arguments.of("weighted backends", route("{path: /x, balance: round_robin, backends: [{backend: a, weight: 3}, b]}")),
        Arguments.of("a template with a Unicode name", route("{id: r, path: \"/models/{modèle}\", backend: a, success: 200}")),
        Arguments.of("every payload condition", route("{path: /x, backend: a, payload: [{/model: gpt-4o, /stream: {exists: false}},"
            + " {/model: {one_of: [a, 7, null]}, /tier: {glob: \"gold-?\"}, /opts: {equals: {glob: 1}}, /meta: {a: 1},"
            + " /list: [1, 2], /n: ~}]}")),
        Arguments.of("key fields", "junction:\n  cache: {store: redis, redis: \"redis://127.0.0.1:6380/2\","
            + " key_fields: {/v1/chat: [/model], \"/m/{id}\": [], /n: , /o: /p~1q}}\n"),
        Arguments.of("a seed backend without settings", "\"http://127.0.0.1:3000\":\n"),
        Arguments.of("seed timeouts in seconds and as a duration", "\"http://127.0.0.1:3000\": {cache_timeout: 6000}\n"
            + "\"https://127.0.0.1:3100/api/\": {cache_timeout: 10m, endpoints: {/a: , \"/b/{id}\": {payload: }}}\n"),
        Arguments.of("a seed payload with nested values", "\"http://127.0.0.1:3000\":\n  endpoints:\n    /a:\n"
            + "      payload: [{name: x, opts: {deep: [1, 2]}, none: ~}, {}]\n"),
        Arguments.of("an empty mapping: the seed format without backends", "{}\n"));
  }

  /**
   * Keywords a draft-07 validator knows too ({@code $defs} is reached only by JSON pointer), so
   * editors whose YAML language server validates with draft-07 read the schema the same way.
   */
  @Test
  void theSchemaUsesOnlyKeywordsDraft07ValidatorsKnow() throws IOException {
    List<String> unknown = new ArrayList<>();
    checkKeywords(new ObjectMapper().readTree(ConfigSchema.generate()), "#", unknown);

    assertThat(unknown).isEmpty();
  }

  private static final List<String> DRAFT_07 = List.of("$schema", "$id", "$ref", "$defs", "title", "description", "default",
      "examples", "type", "enum", "pattern", "minimum", "maximum", "items", "minItems", "properties", "required",
      "additionalProperties", "propertyNames", "minProperties", "maxProperties", "not", "anyOf", "oneOf", "if", "then", "else");

  private static void checkKeywords(JsonNode schema, String at, List<String> unknown) {
    schema.properties().forEach(e -> {
      String where = at + "/" + e.getKey();
      if (!DRAFT_07.contains(e.getKey())) {
        unknown.add(where);
      } else if (List.of("properties", "$defs").contains(e.getKey())) {
        e.getValue().properties().forEach(p -> checkKeywords(p.getValue(), where + "/" + p.getKey(), unknown));
      } else if (List.of("anyOf", "oneOf").contains(e.getKey())) {
        for (int i = 0; i < e.getValue().size(); i++) {
          checkKeywords(e.getValue().get(i), where + "/" + i, unknown);
        }
      } else if (e.getValue().isObject() && !List.of("default", "examples").contains(e.getKey())) {
        checkKeywords(e.getValue(), where, unknown);
      }
    });
  }

  static String firstDifference(String a, String b) {
    String[] la = a.split("\n", -1);
    String[] lb = b.split("\n", -1);
    for (int i = 0; i < Math.min(la.length, lb.length); i++) {
      if (!la[i].equals(lb[i])) {
        return "first difference at line " + (i + 1) + ": committed '" + la[i].trim() + "', generated '" + lb[i].trim() + "'";
      }
    }
    return "committed has " + la.length + " lines, generated " + lb.length;
  }
}
