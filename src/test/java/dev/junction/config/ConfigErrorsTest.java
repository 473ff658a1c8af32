package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.junction.config.ConfigException.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad files, each with the exact text a user sees: {@code file:line:column: key: message}. */
class ConfigErrorsTest {
  private static final Path FILE = Path.of("bad.yaml");
  private static final Map<String, String> ENV = Map.of("SET", "value");

  private static JunctionConfig load(String yaml) {
    return ConfigLoader.load(yaml, FILE, ENV);
  }

  private static Arguments bad(String description, String yaml, String expected) {
    return Arguments.of(description, yaml, expected);
  }

  private static final String BACKEND_A = "junction:\n  backends: {a: \"http://h:1\"}\n  routes:\n";

  static Stream<Arguments> badFiles() {
    return Stream.of(
        bad("an unknown seed key suggests the closest known one", """
            "http://127.0.0.1:3000":
              cache_timout: 6000
            """, "bad.yaml:2:3: \"http://127.0.0.1:3000\".cache_timout: unknown key 'cache_timout' "
            + "(expected one of: cache_timeout, endpoints) - did you mean 'cache_timeout'?"),
        bad("an unknown key far from every known one lists them all", """
            junction:
              colour: red
            """, "bad.yaml:2:3: junction.colour: unknown key 'colour' "
            + "(expected one of: listen, admin, backends, routes, aliases, cache, proxy, discovery, openapi, models, access_log, "
            + "tracing, model_aliases)"),
        bad("a sampling fraction above 1 is refused", """
            junction:
              tracing: {enabled: true, sampling: 5}
            """, "bad.yaml:2:38: junction.tracing.sampling: 5 (expected: a number from 0 to 1, such as 0.05)"),
        bad("a sampling fraction written as a percent is refused", """
            junction:
              tracing:
                sampling: 5%
            """, "bad.yaml:3:15: junction.tracing.sampling: '5%' (expected: a number from 0 to 1, such as 0.05)"),
        bad("a tracing endpoint that is not an http(s) URL is refused", """
            junction:
              tracing:
                endpoint: grpc://collector:4317
            """, "bad.yaml:3:15: junction.tracing.endpoint: 'grpc://collector:4317' (expected: an http(s) URL such as "
            + "http://otel-collector:4318/v1/traces)"),
        bad("a misspelt tracing key suggests the right one", """
            junction:
              tracing:
                samplng: 0.1
            """, "bad.yaml:3:5: junction.tracing.samplng: unknown key 'samplng' (expected one of: enabled, endpoint, sampling, "
            + "service_name) - did you mean 'sampling'?"),
        bad("an unknown key beside junction is rejected", """
            junction: {}
            junctoin: {}
            """, "bad.yaml:2:1: junctoin: unknown key 'junctoin' (expected one of: junction) - did you mean 'junction'?"),
        bad("a duplicate key names both lines", """
            junction:
              listen: 127.0.0.1:1
              admin: {}
              listen: 127.0.0.1:2
            """, "bad.yaml:4:3: junction.listen: duplicate key 'listen' (first at line 2, again at line 4)"),
        bad("a duplicate seed endpoint names both lines", """
            "http://127.0.0.1:3000":
              endpoints:
                "/a": {}
                "/a": {}
            """, "bad.yaml:4:5: \"http://127.0.0.1:3000\".endpoints.\"/a\": duplicate key '/a' (first at line 3, again at line 4)"),
        bad("a duplicate payload field names both lines", """
            "http://127.0.0.1:3000":
              endpoints:
                "/get_log_files":
                  payload:
                    - name: "log_file.log"
                    - name: "backup_log.log"
                      name: "other.log"
            """, "bad.yaml:7:11: \"http://127.0.0.1:3000\".endpoints.\"/get_log_files\".payload[1].name: "
            + "duplicate key 'name' (first at line 6, again at line 7)"),
        bad("a route naming an unknown backend lists the known ones", """
            junction:
              backends:
                llm-a: http://127.0.0.1:3000
                tts: http://127.0.0.1:3200
              routes:
                - path: /v1/chat/completions
                  backend: llm-b
            """, "bad.yaml:7:16: junction.routes[0].backend: unknown backend 'llm-b' (expected one of: llm-a, tts)"
            + " - did you mean 'llm-a'?"),
        bad("a discovery candidate must be a backend", """
            junction:
              backends: {a: "http://h:1"}
              discovery:
                candidates: [a, b]
            """, "bad.yaml:4:21: junction.discovery.candidates[1]: unknown backend 'b' (expected one of: a)"),
        bad("a duration needs a known unit", """
            junction:
              proxy:
                connect_timeout: 5 seconds
            """, "bad.yaml:3:22: junction.proxy.connect_timeout: '5 seconds' "
            + "(expected: a duration such as 250ms, 5s, 2m, 1h, 1d, or a number of seconds)"),
        bad("a zero duration is refused", """
            "http://127.0.0.1:3000":
              cache_timeout: 0
            """, "bad.yaml:2:18: \"http://127.0.0.1:3000\".cache_timeout: '0' (expected: a duration > 0)"),
        bad("a size too large for the record is refused", """
            junction:
              proxy: {max_buffered_body: 2GiB}
            """, "bad.yaml:2:30: junction.proxy.max_buffered_body: '2GiB' (expected: 0 to 2147483647 bytes)"),
        bad("a record's own check lands on its key", """
            junction:
              proxy:
                max_header_size: 100
            """, "bad.yaml:3:22: junction.proxy.max_header_size: 100 (expected: >= 1024)"),
        bad("a zero request head timeout is refused", """
            junction:
              proxy:
                request_head_timeout: 0
            """, "bad.yaml:3:27: junction.proxy.request_head_timeout: '0' (expected: a duration > 0)"),
        bad("a request body timeout needs a known unit", """
            junction:
              proxy:
                request_body_timeout: 1 minute
            """, "bad.yaml:3:27: junction.proxy.request_body_timeout: '1 minute' "
            + "(expected: a duration such as 250ms, 5s, 2m, 1h, 1d, or a number of seconds)"),
        bad("a negative client idle timeout is refused", """
            junction:
              proxy: {client_idle_timeout: -5s}
            """, "bad.yaml:2:32: junction.proxy.client_idle_timeout: '-5s' "
            + "(expected: a duration such as 250ms, 5s, 2m, 1h, 1d, or a number of seconds)"),
        bad("retry_non_idempotent knows only timeout", """
            junction:
              backends: {a: "http://127.0.0.1:3000"}
              routes:
                - {path: /x, backend: a, retry_non_idempotent: [timeout, reset]}
            """, "bad.yaml:4:62: junction.routes[0].retry_non_idempotent[1]: 'reset' (expected one of: timeout)"),
        bad("a misspelt client timeout suggests the key", """
            junction:
              proxy:
                request_header_timeout: 5s
            """, "bad.yaml:3:5: junction.proxy.request_header_timeout: unknown key 'request_header_timeout' (expected one of: "
            + "connect_timeout, response_timeout, idle_timeout, max_buffered_body, max_connections_per_backend, max_waiting_per_backend, "
            + "max_header_size, ejection, request_head_timeout, request_body_timeout, client_idle_timeout, max_retry_after, retry_budget) - did you mean "
            + "'request_head_timeout'?"),
        bad("an ejection cooldown of zero names its key", """
            junction:
              proxy:
                ejection: {cooldown: 0}
            """, "bad.yaml:3:26: junction.proxy.ejection.cooldown: '0' (expected: a duration > 0)"),
        bad("an unknown ejection key suggests the closest", """
            junction:
              proxy:
                ejection: {failure: 3}
            """, "bad.yaml:3:16: junction.proxy.ejection.failure: unknown key 'failure' (expected one of: failures, cooldown) - did you mean 'failures'?"),
        bad("a check across keys of a record lands on its section", """
            junction:
              cache:
                store: redis
            """, "bad.yaml:3:5: junction.cache: redis: missing (expected: redis://HOST:PORT when store is redis)"),
        bad("an unknown store suggests the closest", """
            junction:
              cache: {store: sqlit}
            """, "bad.yaml:2:18: junction.cache.store: 'sqlit' (expected one of: sqlite, redis, memory) - did you mean 'sqlite'?"),
        bad("a backend URL must be http or https", """
            junction:
              backends:
                a: ftp://127.0.0.1:21
            """, "bad.yaml:3:8: junction.backends.a: 'ftp://127.0.0.1:21' (expected: an http:// or https:// URL such as http://127.0.0.1:3000)"),
        bad("a backend needs a URL", """
            junction:
              backends:
                tts:
            """, "bad.yaml:3:9: junction.backends.tts: empty (expected: an http:// or https:// URL such as http://127.0.0.1:3000)"),
        bad("a backend URL must not carry credentials", """
            junction:
              backends:
                a: {url: "http://user:pw@h:1"}
            """, "bad.yaml:3:14: junction.backends.a.url: user info in URL (expected: an http:// or https:// URL such as "
            + "http://127.0.0.1:3000, without user:password@)"),
        bad("a seed key must be a backend URL", """
            "127.0.0.1:3000":
              endpoints: {}
            """, "bad.yaml:1:1: \"127.0.0.1:3000\": not a backend URL (expected: an http:// or https:// URL such as http://127.0.0.1:3000)"),
        bad("own-format keys at the top level point to the junction key", """
            backends:
              a: http://h:1
            """, "bad.yaml:1:1: backends: not a backend URL (expected: an http:// or https:// URL such as http://127.0.0.1:3000)"
            + " - Junction's own format puts 'backends' under a top-level 'junction' key"),
        bad("a payload field must be a JSON pointer", BACKEND_A + """
                - path: /v1/chat
                  backend: a
                  payload:
                    - model: gpt-4o
            """, "bad.yaml:7:11: junction.routes[0].payload[0].model: 'model' (expected: a JSON pointer such as /model)"),
        bad("a pointer escape must be ~0 or ~1", BACKEND_A + """
                - path: /v1/chat
                  backend: a
                  payload: [{/a~2: 1}]
            """, "bad.yaml:6:18: junction.routes[0].payload[0]./a~2: '/a~2' (expected: a JSON pointer such as /model)"),
        bad("an unset environment variable is named", """
            junction:
              admin:
                token: ${JUNCTION_ADMIN_TOKEN}
            """, "bad.yaml:3:12: junction.admin.token: environment variable 'JUNCTION_ADMIN_TOKEN' is not set "
            + "(expected: set it, or write $${JUNCTION_ADMIN_TOKEN} for a literal)"),
        bad("a malformed environment reference is refused", """
            junction:
              listen: "${SET"
            """, "bad.yaml:2:11: junction.listen: '${SET' (expected: ${NAME} with NAME made of letters, digits and _, "
            + "or $${ for a literal ${)"),
        bad("payload rules need a method that carries a payload", BACKEND_A + """
                - path: /v1/models
                  methods: [GET, HEAD]
                  backend: a
                  payload:
                    - /model: x
            """, "bad.yaml:5:16: junction.routes[0].methods: GET, HEAD with payload conditions "
            + "(expected: payload rules only match POST, PUT and PATCH)"),
        bad("a method must be an HTTP token", BACKEND_A + """
                - {path: /x, backend: a, methods: ["GET POST"]}
            """, "bad.yaml:4:40: junction.routes[0].methods[0]: 'GET POST' (expected: a method such as POST)"),
        bad("a template variable must be a whole segment", BACKEND_A + """
                - path: /models/{id
                  backend: a
            """, "bad.yaml:4:13: junction.routes[0].path: '/models/{id' "
            + "(expected: a template variable {name} as a whole segment, not '{id')"),
        bad("a template variable may not repeat", BACKEND_A + """
                - {path: "/a/{id}/b/{id}", backend: a}
            """, "bad.yaml:4:14: junction.routes[0].path: '/a/{id}/b/{id}' (expected: each template variable once, but {id} repeats)"),
        bad("a route needs a path", BACKEND_A + """
                - backend: a
            """, "bad.yaml:4:7: junction.routes[0].path: missing (expected: a path such as /v1/chat/completions)"),
        bad("a route takes backend or backends, not both", BACKEND_A + """
                - {path: /x, backend: a, backends: [a]}
            """, "bad.yaml:4:40: junction.routes[0].backends: given with backend (expected: either backend: NAME or backends: [NAME, ...])"),
        bad("route ids are unique, default ones included", BACKEND_A + """
                - {path: /x, backend: a}
                - {id: route-1, path: /y, backend: a}
            """, "bad.yaml:5:12: junction.routes[1].id: 'route-1' repeats the route id at line 4 (expected: unique route ids)"),
        bad("an operator cannot be mixed with other keys", BACKEND_A + """
                - path: /x
                  backend: a
                  payload:
                    - /model: {glob: "gpt-*", tier: gold}
            """, "bad.yaml:7:19: junction.routes[0].payload[0]./model: 'glob' with other keys "
            + "(expected: exactly one of equals, one_of, glob, exists, or {equals: {...}} to compare a whole object)"),
        bad("one_of needs at least one value", BACKEND_A + """
                - {path: /x, backend: a, payload: [{/model: {one_of: []}}]}
            """, "bad.yaml:4:58: junction.routes[0].payload[0]./model.one_of: a list (expected: a non-empty list of values)"),
        bad("exists takes a boolean", BACKEND_A + """
                - {path: /x, backend: a, payload: [{/stream: {exists: "yes"}}]}
            """, "bad.yaml:4:59: junction.routes[0].payload[0]./stream.exists: 'yes' (expected: true or false)"),
        bad("a status must be between 100 and 599", BACKEND_A + """
                - {path: /x, backend: a, success: [200-299, 99]}
            """, "bad.yaml:4:49: junction.routes[0].success[1]: status: 99 (expected: 100..599)"),
        bad("an alias must be a path", """
            junction:
              aliases:
                /audio/speech: [v1/audio/speech]
            """, "bad.yaml:3:21: junction.aliases./audio/speech[0]: 'v1/audio/speech' (expected: a path starting with /)"),
        bad("a YAML syntax error is reported where it is found", """
            junction:
              listen: a: b
            """, "bad.yaml:2:12: a ':' where no new key can start (expected: a value with ': ' in it quoted, or the key "
            + "on a line of its own)"),
        bad("a tab used for indentation is reported", "junction:\n\tlisten: x\n",
            "bad.yaml:2:1: a tab character (expected: spaces; YAML does not allow tabs for indentation)"),
        bad("a second document is refused", "junction: {}\n---\njunction: {}\n",
            "bad.yaml:2:1: a second YAML document (expected: one document; remove the '---' line and what follows, or "
            + "merge them)"),
        bad("an unclosed flow mapping says where it was opened", "junction:\n  backends:\n    a: {url: http://x:1\n"
            + "  routes: []\n", "bad.yaml:4:9: the mapping { opened at line 3:8 is not closed, found ':' (expected: "
            + "',' and another key, or '}')"),
        bad("an unclosed quote says where it was opened", "junction:\n  backends:\n    a: \"http://x:1\n",
            "bad.yaml:4:1: a quoted text opened at line 3:8 is not closed (expected: the closing quote)"),
        bad("a key indented less than its siblings is reported in words", "junction:\n  backends:\n    a:\n"
            + "      url: http://x:1\n     discovery: false\n", "bad.yaml:5:6: this line does not fit the mapping opened at "
            + "line 3:5, found a mapping (expected: a key indented like the keys above it, or a value indented under its key)"),
        bad("an alias without its anchor is reported", "junction:\n  proxy: *limits\n",
            "bad.yaml:2:10: the alias *limits refers to no anchor (expected: &limits on a value above it)"),
        bad("a misspelt method is refused with the nearest one", BACKEND_A + """
                - {path: /x, backend: a, methods: [GTE]}
            """, "bad.yaml:4:40: junction.routes[0].methods[0]: 'GTE' is not an HTTP method (expected: a registered method "
            + "such as GET, POST, PUT, PATCH or DELETE) - did you mean 'GET'?"),
        bad("CONNECT is never routed", BACKEND_A + """
                - {path: /x, backend: a, methods: [connect]}
            """, "bad.yaml:4:40: junction.routes[0].methods[0]: 'connect' (expected: another method: Junction is not a "
            + "forward proxy and answers CONNECT with 405)"),
        bad("an alias of itself is refused", """
            junction:
              aliases:
                /x: [/y, /x]
            """, "bad.yaml:3:14: junction.aliases./x[1]: '/x' is the primary path itself (expected: another path that "
            + "leads to /x)"),
        bad("a header condition on a framing header is refused", BACKEND_A + """
                - {path: /x, backend: a, headers: {Transfer-Encoding: chunked}}
            """, "bad.yaml:4:40: junction.routes[0].headers.Transfer-Encoding: 'Transfer-Encoding' is a framing or "
            + "hop-by-hop header (expected: an end-to-end header such as x-tenant; route on the host with host:)"),
        bad("a header condition on Host points at host:", BACKEND_A + """
                - {path: /x, backend: a, headers: {Host: a.example.com}}
            """, "bad.yaml:4:40: junction.routes[0].headers.Host: 'host' as a header condition (expected: the route's "
            + "host: key, which also reads HTTP/2's :authority and leaves out the port)"),
        bad("a header named twice in two cases is refused", BACKEND_A + """
                - {path: /x, backend: a, headers: {x-tier: gold, X-Tier: silver}}
            """, "bad.yaml:4:54: junction.routes[0].headers.X-Tier: 'X-Tier' repeats header 'x-tier' (expected: each "
            + "header once; names are case-insensitive)"),
        bad("a query condition's operator is checked", BACKEND_A + """
                - {path: /x, backend: a, query: {v: {equal: 2}}}
            """, "bad.yaml:4:42: junction.routes[0].query.v.equal: unknown key 'equal' (expected one of: equals, one_of, "
            + "glob, exists) - did you mean 'equals'?"),
        bad("a header value must be text", BACKEND_A + """
                - {path: /x, backend: a, headers: {x-tier: [gold]}}
            """, "bad.yaml:4:48: junction.routes[0].headers.x-tier: a list (expected: a text, or {one_of: [...]} for "
            + "several)"),
        bad("a model alias of a model alias is refused", """
            junction:
              model_aliases:
                gpt-4o: gpt-4
                gpt-4: llama-3.1-70b
            """, "bad.yaml:3:13: junction.model_aliases.gpt-4o: 'gpt-4' is itself an alias (line 4) (expected: the "
            + "backend's own name: a request is renamed once)"),
        bad("a model alias naming itself is refused", """
            junction:
              model_aliases: {gpt-4o: gpt-4o}
            """, "bad.yaml:2:27: junction.model_aliases.gpt-4o: 'gpt-4o' is the alias itself (expected: another name)"),
        bad("a model alias's backend must exist", BACKEND_A.replace("  routes:\n", "") + """
              model_aliases: {gpt-4o: {backend: b, model: llama}}
            """, "bad.yaml:3:37: junction.model_aliases.gpt-4o.backend: unknown backend 'b' (expected one of: a)"),
        bad("a host condition takes no port", BACKEND_A + """
                - {path: /x, backend: a, host: "api.example.com:443"}
            """, "bad.yaml:4:36: junction.routes[0].host: 'api.example.com:443' (expected: a host name without the port, "
            + "such as api.example.com or *.example.com)"),
        bad("an empty file is an empty configuration", "",
            "bad.yaml: empty configuration (expected: backend URLs at the top level, or a 'junction' mapping)"),
        bad("a file of comments is an empty configuration", "# nothing yet\n",
            "bad.yaml: empty configuration (expected: backend URLs at the top level, or a 'junction' mapping)"),
        bad("a top level that is not a mapping is refused", "- http://127.0.0.1:3000\n",
            "bad.yaml:1:1: a list at the top level (expected: a mapping of backend URLs, or a 'junction' mapping)"),
        bad("a junction key among backend URLs is refused", "http://h:1: {}\njunction: {}\n",
            "bad.yaml:2:1: junction: 'junction' among backend URLs (expected: either the seed format, backend URLs at the"
            + " top level, or Junction's format, a single top-level 'junction' key)"),
        bad("a seed payload must be a list", """
            "http://127.0.0.1:3000":
              endpoints:
                /a:
                  payload: {name: x}
            """, "bad.yaml:4:16: \"http://127.0.0.1:3000\".endpoints./a.payload: a mapping (expected: a list of mappings of field: value)"),
        bad("an integer no request body could carry is refused (found by RulePatternFuzzTest)", BACKEND_A + """
                - path: /x
                  backend: a
                  payload:
                    - /n: {one_of: [1, %s]}
            """.formatted("9".repeat(101)), "bad.yaml:7:28: junction.routes[0].payload[0]./n.one_of[1]: an integer of 101 "
            + "digits (expected: at most 100: a request body carrying a longer number is not parsed, so it could never match)"),
        bad("a pointer deeper than any body Junction parses is refused (found by RulePatternFuzzTest)", BACKEND_A + """
                - path: /x
                  backend: a
                  payload:
                    - %s: {exists: true}
            """.formatted("/d".repeat(65)), "bad.yaml:7:11: junction.routes[0].payload[0]." + "/d".repeat(65)
            + ": needs a request body nested 65 levels deep (expected: at most 64: a deeper body is not parsed, so it could "
            + "never match)"),
        bad("a seed value nested deeper than any body Junction parses is refused", """
            "http://127.0.0.1:3000":
              endpoints:
                /a:
                  payload:
                    - name: %s
            """.formatted("[".repeat(64) + "]".repeat(64)), "bad.yaml:5:11: \"http://127.0.0.1:3000\".endpoints./a.payload[0].name"
            + ": needs a request body nested 65 levels deep (expected: at most 64: a deeper body is not parsed, so it could "
            + "never match)"),
        bad("a custom tag is refused", """
            junction:
              listen: !!binary aGVsbG8=
            """, "bad.yaml:2:11: unsupported tag '!!binary' (expected: plain YAML values without tags)"),
        bad("a tag naming a Java or Python type is refused", """
            junction:
              listen: !!python/object/apply:os.system ["id"]
            """, "bad.yaml:2:11: the tag !!python/object/apply:os.system (expected: plain values: Junction "
            + "reads no tag that would build an object)"),
        bad("a merge key is refused", """
            junction:
              admin: &a {enabled: true}
              proxy:
                <<: *a
            """, "bad.yaml:4:5: merge keys (<<) are not supported (expected: the keys written out)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badFiles")
  void badFileIsReportedWithFileLineColumnAndKey(String description, String yaml, String expected) {
    assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class).hasMessage(expected);
  }

  @Test
  void allProblemsAreReportedTogetherInDocumentOrder() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("""
        junction:
          proxy: {idle_timeout: soon}
          listen: nowhere
          routes:
            - {path: /x, backend: ghost}
          cache: {ttl: 0}
          admin: {enabled: maybe}
        """));

    assertThat(e.problems()).extracting(p -> p.origin().line() + " " + p.key()).containsExactly(
        "2 junction.proxy.idle_timeout", "3 junction.listen", "5 junction.routes[0].backend", "6 junction.cache.ttl",
        "7 junction.admin.enabled");
  }

  @Test
  void aProblemCarriesItsOriginKeyAndMessageApart() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> load("junction:\n  cache: {max_entries: -5}\n"));

    assertThat(e.problems()).containsExactly(
        new Problem(new Origin(FILE, 2, 24), "junction.cache.max_entries", "-5 (expected: >= 1)"));
  }

  @Test
  void aMissingFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    assertThatThrownBy(() -> ConfigLoader.load(missing)).isInstanceOf(ConfigException.class)
        .hasMessage(missing + ": cannot read: no such file");
  }

  @Test
  void aDirectoryIsNotAConfigFile(@TempDir Path dir) {
    assertThatThrownBy(() -> ConfigLoader.load(dir)).isInstanceOf(ConfigException.class)
        .hasMessage(dir + ": cannot read: a directory (expected: a YAML file)");
  }

  @Test
  void textThatIsNotUtf8IsRefused(@TempDir Path dir) throws Exception {
    Path file = Files.write(dir.resolve("latin1.yaml"), "junction:\n  listen: \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThatThrownBy(() -> ConfigLoader.load(file)).isInstanceOf(ConfigException.class)
        .hasMessage(file + ": not valid UTF-8 text (expected: a UTF-8 YAML file)");
  }

  @Test
  void aByteOrderMarkIsAccepted(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bom.yaml"), "\uFEFFjunction:\n  listen: 127.0.0.1:9\n");

    assertThat(ConfigLoader.load(file).listen()).isEqualTo(new HostPort("127.0.0.1", 9));
  }
}
