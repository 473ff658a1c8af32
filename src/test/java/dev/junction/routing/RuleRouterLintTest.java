package dev.junction.routing;

import static dev.junction.routing.RoutingFixture.backend;
import static dev.junction.routing.RoutingFixture.config;
import static dev.junction.routing.RoutingFixture.equalsJson;
import static dev.junction.routing.RoutingFixture.field;
import static dev.junction.routing.RoutingFixture.rule;
import static dev.junction.routing.RoutingFixture.seedRule;
import static dev.junction.routing.RoutingFixture.when;
import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.BackendConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ModelsConfig;
import dev.junction.config.Origin;
import dev.junction.config.RuleConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RuleRouterLintTest {
  static final List<BackendConfig> BACKENDS = List.of(backend("a", "http://a.internal"), backend("b", "http://b.internal"));

  private static RuleConfig at(RuleConfig r, int line) {
    return new RuleConfig(r.id(), r.path(), r.methods(), r.payload(), r.backends(), r.success(),
        new Origin(Path.of("junction.yaml"), line, 5));
  }

  @Test
  void anExactRuleAfterATemplateForEveryMethodIsShadowed() {
    List<String> messages = RuleRouter.lint(config(BACKENDS,
        at(rule("all-models", "/models/{id}", Set.of(), List.of(), "a"), 3),
        at(rule("one-model", "/models/special", Set.of("GET"), List.of(), "b"), 8)));
    assertThat(messages).containsExactly(
        "junction.yaml:8:5: rule 'one-model' can never match: rule 'all-models' (junction.yaml:3:5) matches every request it would");
  }

  @Test
  void aRuleForMoreMethodsThanTheEarlierOneIsNotShadowed() {
    assertThat(RuleRouter.lint(config(BACKENDS,
        rule("get-models", "/models/{id}", Set.of("GET"), List.of(), "a"),
        rule("one-model", "/models/special", Set.of(), List.of(), "b")))).isEmpty();
  }

  @Test
  void anEarlierPayloadRuleDoesNotShadowALaterRuleWithoutPayload() {
    assertThat(RuleRouter.lint(config(BACKENDS,
        rule("chat-m", "/chat", Set.of(), List.of(when("/model", equalsJson("\"m\""))), "a"),
        rule("chat", "/chat", Set.of(), List.of(), "b")))).isEmpty();
  }

  @Test
  void aDuplicatedSeedEntryIsShadowedByTheFirst() {
    String payloads = "[{\"name\": \"log_file.log\", \"path\": \"c:/logs\"}]";
    List<String> messages = RuleRouter.lint(config(BACKENDS,
        seedRule("first", "a", "/get_log_files", payloads, 4),
        seedRule("second", "b", "/get_log_files", payloads, 12)));
    assertThat(messages).containsExactly(
        "config.yaml:12:5: rule 'second' can never match: rule 'first' (config.yaml:4:5) matches every request it would");
  }

  @Test
  void aLooserEarlierPayloadShadowsAStricterLaterOne() {
    List<String> messages = RuleRouter.lint(config(BACKENDS,
        rule("by-model", "/chat", Set.of("POST"), List.of(when("/model", equalsJson("\"m\""))), "a"),
        rule("by-model-and-user", "/chat", Set.of("POST"),
            List.of(when(field("/user", equalsJson("\"u\"")), field("/model", equalsJson("\"m\"")))), "b")));
    assertThat(messages).hasSize(1).first().asString().contains("rule 'by-model-and-user' can never match");
  }

  @Test
  void aStricterEarlierPayloadDoesNotShadowALooserLaterOne() {
    assertThat(RuleRouter.lint(config(BACKENDS,
        rule("by-model-and-user", "/chat", Set.of("POST"),
            List.of(when(field("/user", equalsJson("\"u\"")), field("/model", equalsJson("\"m\"")))), "a"),
        rule("by-model", "/chat", Set.of("POST"), List.of(when("/model", equalsJson("\"m\""))), "b")))).isEmpty();
  }

  @Test
  void aPayloadRuleForGetOnlyCanNeverMatch() {
    List<String> messages = RuleRouter.lint(config(BACKENDS,
        at(rule("get-chat", "/chat", Set.of("GET", "HEAD"), List.of(when("/model", equalsJson("\"m\""))), "a"), 6)));
    assertThat(messages).containsExactly(
        "junction.yaml:6:5: rule 'get-chat' can never match: it tests the payload but its methods [GET, HEAD]"
            + " include none of POST, PUT, PATCH");
  }

  @Test
  void aRuleWithoutPayloadShadowsAPayloadRuleOnItsPayloadMethods() {
    List<String> messages = RuleRouter.lint(config(BACKENDS,
        rule("post-chat", "/chat", Set.of("POST", "PUT", "PATCH"), List.of(), "a"),
        rule("chat-m", "/chat", Set.of(), List.of(when("/model", equalsJson("\"m\""))), "b")));
    assertThat(messages).hasSize(1).first().asString().contains("rule 'chat-m' can never match: rule 'post-chat'");
  }

  @Test
  void anInvalidPathIsReportedInsteadOfThrown() {
    assertThat(RuleRouter.lint(config(BACKENDS, rule("bad", "/a//b", Set.of(), List.of(), "a"))))
        .containsExactly("<code>: rule 'bad': path: '/a//b' (expected: no empty segment)");
  }

  private static BackendConfig optedOut(String name) {
    BackendConfig b = backend(name, "http://" + name + ".internal");
    return new BackendConfig(b.name(), b.url(), null, null, null, BackendConfig.Protocol.HTTP1, false);
  }

  private static JunctionConfig withModelServers(JunctionConfig c, String... names) {
    return c.withModels(new ModelsConfig(ModelsConfig.DEFAULT_PATH, List.of(names)));
  }

  @Test
  void aRuleBackendOutsideTheModelServersThatDiscoveryAlsoProbesIsNamed() {
    List<BackendConfig> backends = List.of(backend("llm", "http://llm.internal"), backend("ws", "http://ws.internal"));

    assertThat(RuleRouter.lint(withModelServers(config(backends, rule("socket", "/ws", Set.of("GET"), List.of(), "ws")),
        "llm"))).containsExactly("discovery also probes 'ws', which a rule routes to and models.backends leaves out: if a "
            + "request no rule matches should not reach it, add discovery: false to it or set discovery.candidates");
  }

  @Test
  void aRuleBackendThatSaysDiscoveryFalseIsNotNamed() {
    List<BackendConfig> backends = List.of(backend("llm", "http://llm.internal"), optedOut("ws"));

    assertThat(RuleRouter.lint(withModelServers(config(backends, rule("socket", "/ws", Set.of("GET"), List.of(), "ws")),
        "llm"))).isEmpty();
  }

  @Test
  void withoutAModelListARuleBackendDiscoveryAlsoProbesIsNotNamed() {
    List<BackendConfig> backends = List.of(backend("llm", "http://llm.internal"), backend("ws", "http://ws.internal"));

    assertThat(RuleRouter.lint(config(backends, rule("socket", "/ws", Set.of("GET"), List.of(), "ws")))).isEmpty();
  }

  @Test
  void aBackendNoRuleAndNoDiscoveryReachesIsNeverUsed() {
    List<BackendConfig> backends = List.of(backend("a", "http://a.internal"), optedOut("idle"));

    assertThat(RuleRouter.lint(config(backends, rule("x", "/x", Set.of(), List.of(), "a")))).containsExactly(
        "backend 'idle' is never used: no rule routes to it and it says discovery: false");
  }
}
