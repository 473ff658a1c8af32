package dev.junction.routing;

import static dev.junction.routing.RoutingFixture.backend;
import static dev.junction.routing.RoutingFixture.config;
import static dev.junction.routing.RoutingFixture.describe;
import static dev.junction.routing.RoutingFixture.keyFields;
import static dev.junction.routing.RoutingFixture.request;
import static dev.junction.routing.RoutingFixture.rule;
import static dev.junction.routing.RoutingFixture.unread;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonPointer;
import dev.junction.config.BackendConfig;
import dev.junction.config.CacheConfig;
import dev.junction.config.DiscoveryConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.Origin;
import dev.junction.config.RuleConfig;
import dev.junction.config.StatusSet;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What happens when no rule decides: candidates, success set, cache keys; and building a router. */
class RuleRouterDiscoveryTest {
  static final BackendConfig A = backend("a", "http://a.internal");
  static final BackendConfig B = backend("b", "http://b.internal");
  static final BackendConfig C = backend("c", "http://c.internal");

  private static RoutingDecision.Discover discover(RuleRouter router, RoutingRequest request) {
    RoutingDecision d = router.decide(request);
    assertThat(d).isInstanceOf(RoutingDecision.Discover.class);
    return (RoutingDecision.Discover) d;
  }

  private static CacheKey key(RuleRouter router, String method, String path, String body) {
    CacheKey key = discover(router, request(method, path, body)).key();
    assertThat(key).isNotNull();
    return key;
  }

  @ParameterizedTest(name = "{0} {1} needs the payload: {2}")
  @CsvSource({
      "GET, /chat, false",
      "POST, /chat, true",
      "POST, /models/special, false",
      "POST, /v1/acme/items/7, true",
      "PUT, /nowhere, true",
      "DELETE, /nowhere, false",
  })
  void needsPayloadOnlyForPayloadMethodsThatReachAPayloadRuleOrDiscovery(String method, String path, boolean expected) {
    assertThat(RuleRouterTest.RICH.needsPayload(method, path)).isEqualTo(expected);
  }

  @Test
  void needsPayloadIsFalseWhenTheRequestWouldBeRejectedAnyway() {
    assertThat(RuleRouterTest.EMPTY.needsPayload("POST", "/x")).isFalse();
  }

  @Test
  void candidatesAreEveryBackendInFileOrderByDefault() {
    RuleRouter router = RuleRouter.create(config(List.of(C, A, B)), null);
    assertThat(discover(router, unread("GET", "/x")).candidates()).containsExactly(C, A, B);
  }

  @Test
  void theFallbackOverrideReplacesTheCandidates() {
    BackendConfig cli = backend("http://127.0.0.1:3200", "http://127.0.0.1:3200");
    RuleRouter router = RuleRouter.create(config(List.of(A, B)), List.of(cli, A));
    assertThat(discover(router, unread("GET", "/x")).candidates()).containsExactly(cli, A);
  }

  @Test
  void anEmptyFallbackOverrideKeepsTheConfiguredCandidates() {
    RuleRouter router = RuleRouter.create(config(List.of(A, B)), List.of());
    assertThat(discover(router, unread("GET", "/x")).candidates()).containsExactly(A, B);
  }

  @Test
  void discoveryCandidatesAreResolvedByNameInTheirOrder() {
    JunctionConfig config = config(List.of(A, B, C)).withDiscovery(
        new DiscoveryConfig(List.of("c", "a"), StatusSet.SUCCESS_2XX, StatusSet.NOT_HANDLED, Duration.ofSeconds(30)));
    assertThat(discover(RuleRouter.create(config, null), unread("GET", "/x")).candidates()).containsExactly(C, A);
  }

  @Test
  void anEmptyCandidateListMeansNothingIsDiscovered() {
    JunctionConfig config = config(List.of(A)).withDiscovery(
        new DiscoveryConfig(List.of(), StatusSet.SUCCESS_2XX, StatusSet.NOT_HANDLED, Duration.ofSeconds(30)));
    assertThat(describe(RuleRouter.create(config, null).decide(unread("GET", "/x")))).isEqualTo("reject 502 no-backend");
  }

  @Test
  void discoveryUsesTheDiscoveryDefaultSuccessSet() {
    StatusSet success = StatusSet.range(200, 299).union(StatusSet.of(304));
    RuleConfig withOwnSuccess = new RuleConfig("r", "/x", Set.of("POST"), List.of(), List.of("a"),
        StatusSet.of(201), Origin.CODE);
    JunctionConfig config = config(List.of(A), withOwnSuccess).withDiscovery(
        new DiscoveryConfig(null, success, StatusSet.NOT_HANDLED, Duration.ofSeconds(30)));
    assertThat(discover(RuleRouter.create(config, null), unread("GET", "/x")).success()).isEqualTo(success);
  }

  @Test
  void aRequestWithoutPayloadIsKeyedOnMethodAndPathOnly() {
    RuleRouter router = RuleRouter.create(config(List.of(A)), null);
    assertThat(discover(router, unread("GET", "/v1/models")).key()).isEqualTo(new CacheKey("GET", "/v1/models", "-"));
  }

  @Test
  void theFingerprintIgnoresKeyOrderWhitespaceAndNumberSpelling() {
    RuleRouter router = RuleRouter.create(config(List.of(A)), null);
    assertThat(key(router, "POST", "/chat", "{\"model\": \"m\", \"n\": 1}"))
        .isEqualTo(key(router, "POST", "/chat", "{ \"n\" : 1.0 ,\t\"model\":\"m\" }"));
  }

  @Test
  void withoutKeyFieldsTheWholePayloadIsTheKey() {
    RuleRouter router = RuleRouter.create(config(List.of(A)), null);
    assertThat(key(router, "POST", "/chat", "{\"model\": \"m\", \"prompt\": \"hello\"}"))
        .isNotEqualTo(key(router, "POST", "/chat", "{\"model\": \"m\", \"prompt\": \"bye\"}"));
  }

  @ParameterizedTest(name = "{0} {1}: whole tree at once: {2}")
  @CsvSource({
      "POST, /chat, false",       // payload rules read /model and /options: only those are built
      "POST, /num, false",
      "POST, /nowhere, true",     // no payload rule applies: discovery fingerprints the whole payload
      "PUT, /chat, true",         // the /chat rules are POST only
      "POST, /v1/acme/items/7, false",
  })
  void theWholePayloadIsBuiltAtOnceOnlyWhereDiscoveryWouldReadItAll(String method, String path, boolean whole) {
    PayloadProjection p = RuleRouterTest.RICH.projection(unread(method, path));

    assertThat(p.isWhole()).isEqualTo(whole);
    if (!whole) {
      assertThat(p.pointers()).containsExactly("/debug", "/model", "/n", "/options", "/user", "/v");
    }
  }

  @Test
  void keyFieldsOrNoCandidatesKeepTheProjection() {
    RuleRouter keyed = RuleRouter.create(withKeyFields(keyFields("/v1/chat/completions", "/model")), null);

    assertThat(keyed.projection(unread("POST", "/v1/chat/completions")).pointers()).containsExactly("/model");
    assertThat(keyed.projection(unread("POST", "/other")).isWhole()).isTrue();
    assertThat(RuleRouterTest.EMPTY.projection(unread("POST", "/other")).isWhole()).isFalse();
  }

  @Test
  void keyFieldsMakeTwoPromptsForTheSameModelShareAKey() {
    RuleRouter router = RuleRouter.create(withKeyFields(keyFields("/v1/chat/completions", "/model")), null);
    assertThat(key(router, "POST", "/v1/chat/completions", "{\"model\": \"m\", \"prompt\": \"hello\"}"))
        .isEqualTo(key(router, "POST", "/v1/chat/completions", "{\"model\": \"m\", \"prompt\": \"bye\"}"));
  }

  @Test
  void keyFieldsKeepDifferentModelsApart() {
    RuleRouter router = RuleRouter.create(withKeyFields(keyFields("/v1/chat/completions", "/model")), null);
    assertThat(key(router, "POST", "/v1/chat/completions", "{\"model\": \"m1\", \"prompt\": \"hello\"}"))
        .isNotEqualTo(key(router, "POST", "/v1/chat/completions", "{\"model\": \"m2\", \"prompt\": \"hello\"}"));
  }

  @Test
  void keyFieldsOfATemplateApplyToEveryPathItMatches() {
    RuleRouter router = RuleRouter.create(withKeyFields(keyFields("/v1/{org}/chat", "/model")), null);
    assertThat(key(router, "POST", "/v1/acme/chat", "{\"model\": \"m\", \"prompt\": \"hello\"}").fingerprint())
        .isEqualTo(key(router, "POST", "/v1/acme/chat", "{\"model\": \"m\", \"prompt\": \"bye\"}").fingerprint());
  }

  @Test
  void anExactKeyFieldsEntryWinsOverATemplateOne() {
    Map<String, List<JsonPointer>> fields = Map.of(
        "/v1/{org}/chat", List.of(JsonPointer.compile("/model")),
        "/v1/acme/chat", List.of(JsonPointer.compile("/prompt")));
    RuleRouter router = RuleRouter.create(withKeyFields(fields), null);
    assertThat(key(router, "POST", "/v1/acme/chat", "{\"model\": \"m1\", \"prompt\": \"hello\"}"))
        .isEqualTo(key(router, "POST", "/v1/acme/chat", "{\"model\": \"m2\", \"prompt\": \"hello\"}"));
  }

  @Test
  void aMatchingRuleAnswersTheSameForwardEveryTime() {
    RuleRouter router = RuleRouter.create(config(List.of(A), rule("r", "/x", Set.of(), List.of(), "a")), null);
    assertThat(router.decide(unread("GET", "/x"))).isSameAs(router.decide(unread("GET", "/x")));
  }

  @Test
  void buildingFailsForARuleNamingAnUnknownBackend() {
    RuleConfig r = new RuleConfig("r1", "/x", Set.of(), List.of(), List.of("nope"), null,
        new Origin(Path.of("junction.yaml"), 7, 3));
    assertThatThrownBy(() -> RuleRouter.create(config(List.of(A, B), r), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("junction.yaml:7:3: rule 'r1': backends: 'nope' (expected: one of [a, b])");
  }

  @Test
  void buildingFailsForAnInvalidRulePath() {
    assertThatThrownBy(() -> RuleRouter.create(config(List.of(A), rule("r1", "/a/{x", Set.of(), List.of(), "a")), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("<code>: rule 'r1': path: '/a/{x' (expected: {name} as a whole segment)");
  }

  @Test
  void buildingFailsForAnUnknownDiscoveryCandidate() {
    JunctionConfig config = config(List.of(A)).withDiscovery(
        new DiscoveryConfig(List.of("z"), StatusSet.SUCCESS_2XX, StatusSet.NOT_HANDLED, Duration.ofSeconds(30)));
    assertThatThrownBy(() -> RuleRouter.create(config, null))
        .hasMessage("discovery.candidates: 'z' (expected: one of [a])");
  }

  @Test
  void aBackendThatSaysDiscoveryFalseIsNotACandidate() {
    BackendConfig ws = new BackendConfig("ws", URI.create("http://ws.internal"), null, null, null,
        BackendConfig.Protocol.HTTP1, false);
    RuleRouter router = RuleRouter.create(config(List.of(A, ws)), null);

    assertThat(router.candidates()).extracting(BackendConfig::name).containsExactly("a");
  }

  @Test
  void buildingFailsForACandidateThatSaysDiscoveryFalse() {
    BackendConfig ws = new BackendConfig("ws", URI.create("http://ws.internal"), null, null, null,
        BackendConfig.Protocol.HTTP1, false);
    JunctionConfig config = config(List.of(A, ws)).withDiscovery(
        new DiscoveryConfig(List.of("a", "ws"), StatusSet.SUCCESS_2XX, StatusSet.NOT_HANDLED, Duration.ofSeconds(30)));
    assertThatThrownBy(() -> RuleRouter.create(config, null))
        .hasMessage("discovery.candidates: 'ws' says discovery: false (expected: leave it out of the candidates, or "
            + "remove discovery: false)");
  }

  @Test
  void buildingFailsForAnInvalidKeyFieldsPath() {
    assertThatThrownBy(() -> RuleRouter.create(withKeyFields(keyFields("chat", "/model")), null))
        .hasMessage("cache.key_fields: path: 'chat' (expected: starts with /)");
  }

  private static JunctionConfig withKeyFields(Map<String, List<JsonPointer>> fields) {
    CacheConfig d = CacheConfig.defaults();
    return config(List.of(A)).withCache(
        new CacheConfig(d.store(), d.sqlitePath(), d.redisUri(), d.defaultTtl(), d.maxEntries(), fields));
  }
}
