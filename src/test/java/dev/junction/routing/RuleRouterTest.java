package dev.junction.routing;

import static dev.junction.routing.RoutingFixture.backend;
import static dev.junction.routing.RoutingFixture.config;
import static dev.junction.routing.RoutingFixture.describe;
import static dev.junction.routing.RoutingFixture.equalsJson;
import static dev.junction.routing.RoutingFixture.parse;
import static dev.junction.routing.RoutingFixture.payload;
import static dev.junction.routing.RoutingFixture.rule;
import static dev.junction.routing.RoutingFixture.seedBackend;
import static dev.junction.routing.RoutingFixture.seedRule;
import static dev.junction.routing.RoutingFixture.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.junction.config.ValueMatcher;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The decision table: one request per row, against configurations built as the loader would. */
class RuleRouterTest {
  /** Marks a row whose payload has not been read yet. */
  private static final String UNREAD = "<unread>";

  static final String B3000 = "http://127.0.0.1:3000";
  static final String B3100 = "http://127.0.0.1:3100";

  /** The seed README's first example (Quick Start). */
  static final RuleRouter SEED_QUICK_START = RuleRouter.create(config(
      List.of(seedBackend(B3000, 6000), seedBackend(B3100, 5000)),
      seedRule("3000-get_log_files", B3000, "/get_log_files",
          "[{\"name\": \"log_file.log\", \"path\": \"c:/logs\"},"
              + " {\"name\": \"backup_log.log\", \"path\": \"d:/backup/logs\"}]", 4),
      seedRule("3000-load_log_file", B3000, "/load_log_file",
          "[{\"name\": \"log_file.log\", \"path\": \"c:/logs\"}]", 11),
      seedRule("3100-archive_logs", B3100, "/archive_logs",
          "[{\"source\": \"c:/logs\", \"destination\": \"e:/archives\", \"compress\": true}]", 19)), null);

  /** The seed README's "Example Request": the same path on two backends, told apart by payload. */
  static final RuleRouter SEED_EXAMPLE_REQUEST = RuleRouter.create(config(
      List.of(seedBackend(B3000, 6000), seedBackend(B3100, 5000)),
      seedRule("3000-get_log_files", B3000, "/get_log_files",
          "[{\"name\": \"log_file.log\", \"path\": \"c:/logs\"}]", 4),
      seedRule("3100-get_log_files", B3100, "/get_log_files",
          "[{\"name\": \"backup_log.log\", \"path\": \"d:/backup/logs\"}]", 10)), null);

  /** Junction-format rules: templates, method filters, every matcher kind. */
  static final RuleRouter RICH = RuleRouter.create(config(
      List.of(backend("a", "http://a.internal"), backend("b", "http://b.internal"), backend("c", "http://c.internal")),
      rule("model-get", "/models/{id}", Set.of("GET"), List.of(), "a"),
      rule("special", "/models/special", Set.of(), List.of(), "b"),
      rule("items-user", "/v1/{org}/items/{id}", Set.of("POST"), List.of(when("/user", new ValueMatcher.Exists(true))), "c"),
      rule("items", "/v1/{org}/items/{id}", Set.of(), List.of(), "b", "a"),
      rule("chat-openai", "/chat", Set.of("POST"),
          List.of(when("/model", new ValueMatcher.OneOf(List.of(parse("\"gpt-4\""), parse("\"gpt-4o\""))))), "a"),
      rule("chat-llama", "/chat", Set.of("POST"), List.of(when("/model", new ValueMatcher.Glob("llama-*"))), "b"),
      rule("chat-options", "/chat", Set.of("POST"),
          List.of(when("/options", equalsJson("{\"temperature\": 1, \"tags\": [\"x\", 2]}"))), "c"),
      rule("num", "/num", Set.of(), List.of(when("/n", equalsJson("1"))), "a"),
      rule("no-debug", "/quiet", Set.of(), List.of(when("/debug", new ValueMatcher.Exists(false))), "a"),
      rule("null-v", "/null", Set.of(), List.of(when("/v", equalsJson("null"))), "a")), null);

  /** No backend at all. */
  static final RuleRouter EMPTY = RuleRouter.create(config(List.of()), null);

  static Stream<Arguments> table() {
    return Stream.of(
        // Seed README, Quick Start: the payload entries and their subset test.
        row(SEED_QUICK_START, "POST", "/get_log_files", "{\"name\": \"log_file.log\", \"path\": \"c:/logs\"}",
            "forward " + B3000 + " by 3000-get_log_files"),
        row(SEED_QUICK_START, "POST", "/get_log_files", "{\"path\": \"d:/backup/logs\", \"name\": \"backup_log.log\"}",
            "forward " + B3000 + " by 3000-get_log_files"),
        row(SEED_QUICK_START, "POST", "/get_log_files", "{\"name\": \"log_file.log\", \"path\": \"c:/logs\", \"lines\": 10}",
            "forward " + B3000 + " by 3000-get_log_files"),
        row(SEED_QUICK_START, "POST", "/get_log_files", "{\"name\": \"log_file.log\"}", "discover key sha256"),
        row(SEED_QUICK_START, "POST", "/get_log_files", "{\"name\": \"other.log\", \"path\": \"c:/logs\"}",
            "discover key sha256"),
        row(SEED_QUICK_START, "PUT", "/get_log_files", "{\"name\": \"log_file.log\", \"path\": \"c:/logs\"}",
            "forward " + B3000 + " by 3000-get_log_files"),
        row(SEED_QUICK_START, "PATCH", "/load_log_file", "{\"name\": \"log_file.log\", \"path\": \"c:/logs\"}",
            "forward " + B3000 + " by 3000-load_log_file"),
        row(SEED_QUICK_START, "POST", "/load_log_file", "{\"name\": \"backup_log.log\", \"path\": \"d:/backup/logs\"}",
            "discover key sha256"),
        row(SEED_QUICK_START, "POST", "/archive_logs",
            "{\"source\": \"c:/logs\", \"destination\": \"e:/archives\", \"compress\": true}",
            "forward " + B3100 + " by 3100-archive_logs"),
        row(SEED_QUICK_START, "POST", "/archive_logs",
            "{\"source\": \"c:/logs\", \"destination\": \"e:/archives\", \"compress\": 1}", "discover key sha256"),
        row(SEED_QUICK_START, "POST", "/archive_logs",
            "{\"source\": \"c:/logs\", \"destination\": \"e:/archives\", \"compress\": \"true\"}", "discover key sha256"),
        row(SEED_QUICK_START, "POST", "/get_log_files", UNREAD, "need payload"),
        row(SEED_QUICK_START, "GET", "/get_log_files", UNREAD, "discover key -"),
        row(SEED_QUICK_START, "DELETE", "/get_log_files", UNREAD, "discover key -"),
        row(SEED_QUICK_START, "POST", "/get_log_files", null, "discover key -"),
        row(SEED_QUICK_START, "POST", "/get_log_files", "{\"name\": \"log_file.log\", ", "discover key not-json"),
        row(SEED_QUICK_START, "POST", "/get_log_files", "[{\"name\": \"log_file.log\", \"path\": \"c:/logs\"}]",
            "discover key not-json"),
        row(SEED_QUICK_START, "POST", "/elsewhere", UNREAD, "need payload"),
        row(SEED_QUICK_START, "GET", "/elsewhere", UNREAD, "discover key -"),
        // Seed README, Example Request.
        row(SEED_EXAMPLE_REQUEST, "POST", "/get_log_files", "{\"name\": \"backup_log.log\", \"path\": \"d:/backup/logs\"}",
            "forward " + B3100 + " by 3100-get_log_files"),
        row(SEED_EXAMPLE_REQUEST, "POST", "/get_log_files", "{\"name\": \"log_file.log\", \"path\": \"c:/logs\"}",
            "forward " + B3000 + " by 3000-get_log_files"),
        row(SEED_EXAMPLE_REQUEST, "POST", "/get_log_files", "{\"name\": \"backup_log.log\", \"path\": \"c:/logs\"}",
            "discover key sha256"),
        // Templates, method filters and first match across exact and template rules.
        row(RICH, "GET", "/models/42", UNREAD, "forward a by model-get"),
        row(RICH, "GET", "/models/special", UNREAD, "forward a by model-get"),
        row(RICH, "POST", "/models/special", UNREAD, "forward b by special"),
        row(RICH, "DELETE", "/models/42", UNREAD, "discover key -"),
        row(RICH, "GET", "/models/", UNREAD, "discover key -"),
        row(RICH, "GET", "/models/42/versions", UNREAD, "discover key -"),
        row(RICH, "POST", "/v1/acme/items/7", UNREAD, "need payload"),
        row(RICH, "POST", "/v1/acme/items/7", "{\"user\": null}", "forward c by items-user"),
        row(RICH, "POST", "/v1/acme/items/7", "{}", "forward b,a by items"),
        row(RICH, "GET", "/v1/acme/items/7", UNREAD, "forward b,a by items"),
        row(RICH, "POST", "/v1/acme/items/7", "not json", "forward b,a by items"),
        // OneOf, Glob, nested Equals.
        row(RICH, "POST", "/chat", "{\"model\": \"gpt-4o\"}", "forward a by chat-openai"),
        row(RICH, "POST", "/chat", "{\"model\": \"llama-3-70b\"}", "forward b by chat-llama"),
        row(RICH, "POST", "/chat", "{\"model\": \"mistral\"}", "discover key sha256"),
        row(RICH, "POST", "/chat", "{\"model\": 42}", "discover key sha256"),
        row(RICH, "POST", "/chat", "{\"options\": {\"tags\": [\"x\", 2.0], \"temperature\": 1.0}}",
            "forward c by chat-options"),
        row(RICH, "POST", "/chat", "{\"options\": {\"temperature\": 1, \"tags\": [\"x\", 2], \"seed\": 3}}",
            "discover key sha256"),
        row(RICH, "GET", "/chat", UNREAD, "discover key -"),
        // Numbers by value; booleans are not numbers.
        row(RICH, "POST", "/num", "{\"n\": 1.0}", "forward a by num"),
        row(RICH, "POST", "/num", "{\"n\": 1e0}", "forward a by num"),
        row(RICH, "POST", "/num", "{\"n\": true}", "discover key sha256"),
        row(RICH, "POST", "/num", "{\"n\": \"1\"}", "discover key sha256"),
        // Exists(false), explicit null versus missing.
        row(RICH, "POST", "/quiet", "{}", "forward a by no-debug"),
        row(RICH, "POST", "/quiet", "{\"debug\": false}", "discover key sha256"),
        row(RICH, "POST", "/quiet", null, "discover key -"),
        row(RICH, "POST", "/null", "{\"v\": null}", "forward a by null-v"),
        row(RICH, "POST", "/null", "{}", "discover key sha256"),
        // Nothing to discover.
        row(EMPTY, "GET", "/anything", UNREAD, "reject 502 no-backend"),
        row(EMPTY, "POST", "/anything", UNREAD, "reject 502 no-backend"));
  }

  private static Arguments row(RuleRouter router, String method, String path, @Nullable String body, String expected) {
    String name = router == SEED_QUICK_START ? "seed quick start" : router == SEED_EXAMPLE_REQUEST
        ? "seed example request" : router == RICH ? "rich config" : "no backend";
    return arguments(name, router, method, path, body, expected);
  }

  @ParameterizedTest(name = "{0}: {2} {3} with {4} -> {5}")
  @MethodSource("table")
  void decidesEachRequestAsTheTableSays(String config, RuleRouter router, String method, String path,
      @Nullable String body, String expected) {
    Payload p = UNREAD.equals(body) ? Payload.UNREAD : payload(body);
    RoutingDecision decision = router.decide(new RoutingRequest(method, path, p));
    assertThat(describe(decision)).isEqualTo(expected);
  }
}
