package dev.junction.alias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Every conflict kind, at build time and when added at runtime, with the message a user reads. */
class AliasTableConflictTest {
  private static final Set<String> RESERVED = Set.of("/health", "/admin/*");

  private static AliasTable build(Object... primaryThenAliases) {
    Map<String, List<String>> config = new LinkedHashMap<>();
    for (int i = 0; i < primaryThenAliases.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> aliases = (List<String>) primaryThenAliases[i + 1];
      config.put((String) primaryThenAliases[i], aliases);
    }
    return AliasTable.build(config, RESERVED);
  }

  private static AliasConflictException conflict(ThrowingCallable call) {
    return catchThrowableOfType(AliasConflictException.class, call);
  }

  // --- at build time

  @Test
  void anAliasOfAReservedPathIsRejected() {
    assertThat(conflict(() -> build("/x", List.of("/health"))).messages())
        .containsExactly("alias '/health' for '/x' clashes with reserved path '/health'");
  }

  @Test
  void anAliasUnderAReservedPrefixIsRejected() {
    assertThat(conflict(() -> build("/x", List.of("/admin/x"))).messages())
        .containsExactly("alias '/admin/x' for '/x' clashes with reserved path '/admin/*'");
  }

  @Test
  void aPrefixAliasCoveringAReservedPathIsRejected() {
    AliasConflictException e = conflict(
        () -> AliasTable.build(Map.of("/*", List.of("/v1/*")), Set.of("/v1/health")));

    assertThat(e.messages())
        .containsExactly("alias '/v1/*' for '/*' clashes with reserved path '/v1/health'");
  }

  @Test
  void aReservedPathMayHaveAliases() {
    assertThat(build("/health", List.of("/v1/health")).resolve("/v1/health").primary())
        .isEqualTo("/health");
  }

  @Test
  void anAliasThatIsAlsoAPrimaryIsRejectedBecauseItWouldChain() {
    assertThat(conflict(() -> build("/a", List.of("/v1/a"), "/b", List.of("/a"))).messages())
        .containsExactly("alias '/a' for '/b' clashes with primary '/a'");
  }

  @Test
  void anAliasEqualToAPrimaryDeclaredWithoutAliasesIsRejected() {
    assertThat(conflict(() -> build("/a", List.of(), "/b", List.of("/a"))).messages())
        .containsExactly("alias '/a' for '/b' clashes with primary '/a'");
  }

  @Test
  void theSameAliasForTwoPrimariesIsRejected() {
    assertThat(conflict(() -> build("/x", List.of("/v1/x"), "/y", List.of("/v1/x"))).messages())
        .containsExactly("alias '/v1/x' for '/y' clashes with alias '/v1/x' for '/x'");
  }

  @Test
  void theSameAliasTwiceForOnePrimaryIsRejected() {
    assertThat(conflict(() -> build("/x", List.of("/v1/x", "/v1/x"))).messages())
        .containsExactly("alias '/v1/x' for '/x' is declared twice");
  }

  @Test
  void aCycleIsRejectedNamingTheWholeLoop() {
    assertThat(conflict(() -> build("/a", List.of("/b"), "/b", List.of("/c"), "/c", List.of("/a"))).messages())
        .containsExactly(
            "alias '/b' for '/a' forms a cycle: '/b' -> '/a' -> '/c' -> '/b'",
            "alias '/c' for '/b' forms a cycle: '/c' -> '/b' -> '/a' -> '/c'",
            "alias '/a' for '/c' forms a cycle: '/a' -> '/c' -> '/b' -> '/a'");
  }

  @Test
  void anAliasOfItselfIsRejected() {
    assertThat(conflict(() -> build("/x", List.of("/x"))).messages())
        .containsExactly("alias '/x' for '/x' is its own primary");
  }

  @Test
  void aPrefixAliasContainingItsOwnPrimaryIsRejected() {
    assertThat(conflict(() -> AliasTable.build(Map.of("/v1/*", List.of("/*")), Set.of())).messages())
        .containsExactly("alias '/*' for '/v1/*' contains its own primary (would map '/v1/x' to '/v1/v1/x')");
  }

  @Test
  void aPrefixAliasUnderItsOwnPrimaryIsAccepted() {
    assertThat(build("/*", List.of("/v1/*")).resolve("/v1/x").primary()).isEqualTo("/x");
  }

  @Test
  void aPrefixAliasShadowingAnotherPrimaryIsRejected() {
    assertThat(conflict(() -> build("/*", List.of("/v1/*"), "/v1/models", List.of("/models-old"))).messages())
        .containsExactly("alias '/v1/*' for '/*' clashes with primary '/v1/models'");
  }

  @Test
  void aPrefixAliasShadowingAPrefixPrimaryIsRejected() {
    assertThat(conflict(() -> build("/*", List.of("/v1/*"), "/v1/api/*", List.of("/old/*"))).messages())
        .containsExactly("alias '/v1/*' for '/*' clashes with primary '/v1/api/*'");
  }

  @Test
  void malformedAliasesAreRejectedWithWhatWasExpected() {
    AliasConflictException e = conflict(() -> build("/x", List.of(
        "v1/x", "/v1/*/x", "/v1*", "/v1/%7ex", "/v1/x?y", "/v1/./*")));

    assertThat(e.malformed()).isTrue();
    assertThat(e.messages()).containsExactly(
        "alias 'v1/x' for '/x' is malformed (expected: a path starting with '/')",
        "alias '/v1/*/x' for '/x' is malformed (expected: '*' only in a final '/*')",
        "alias '/v1*' for '/x' is malformed (expected: '*' only in a final '/*')",
        "alias '/v1/%7ex' for '/x' is malformed (expected: the canonical form '/v1/~x')",
        "alias '/v1/x?y' for '/x' is malformed (expected: only characters allowed in a URI path, found '?' at index 5)",
        "alias '/v1/./*' for '/x' is malformed (expected: the canonical form '/v1/*')");
  }

  @Test
  void aMalformedPrimaryIsRejectedOnce() {
    assertThat(conflict(() -> build("x", List.of("/v1/x", "/v2/x"))).messages())
        .containsExactly("primary 'x' is malformed (expected: a path starting with '/')");
  }

  @Test
  void mixingAnExactPathAndAPrefixIsRejected() {
    assertThat(conflict(() -> build("/x", List.of("/v1/*"))).messages())
        .containsExactly("alias '/v1/*' for '/x' mixes an exact path and a prefix (expected: both ending in '/*' or neither)");
  }

  @Test
  void clashesAreNotMalformed() {
    assertThat(conflict(() -> build("/x", List.of("/x"))).malformed()).isFalse();
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    AliasConflictException e = conflict(() -> build("/x", List.of("/health", "/x", "v1")));

    assertThat(e.messages()).hasSize(3);
    assertThat(e).hasMessage(String.join("\n", e.messages()));
  }

  @Test
  void aMalformedReservedPathIsAProgrammingError() {
    assertThatThrownBy(() -> AliasTable.build(Map.of(), Set.of("health")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reservedPrimaries: 'health' (expected: a path starting with '/')");
  }

  // --- at runtime, against a valid table

  private static final AliasTable TABLE = build(
      "/x", List.of("/v1/x"), "/a", List.of("/b"), "/*", List.of("/v1/*"), "/speech", List.of());

  @Test
  void aRuntimeAliasForAnotherPrimaryThanTheConfigOneIsRejected() {
    assertThat(conflict(() -> TABLE.withRuntimeAlias("/v1/x", "/y")).messages())
        .containsExactly("alias '/v1/x' for '/y' clashes with alias '/v1/x' for '/x'");
  }

  @Test
  void aRuntimeAliasAlreadyInConfigIsRejected() {
    assertThat(conflict(() -> TABLE.withRuntimeAlias("/v1/x", "/x")).messages())
        .containsExactly("alias '/v1/x' for '/x' is already declared in config");
  }

  @Test
  void aRuntimeAliasAlreadyAddedForAnotherPrimaryIsRejected() {
    AliasTable t = TABLE.withRuntimeAlias("/r", "/x");

    assertThat(conflict(() -> t.withRuntimeAlias("/r", "/speech")).messages())
        .containsExactly("alias '/r' for '/speech' clashes with alias '/r' for '/x'");
  }

  @Test
  void aRuntimeAliasOfAReservedPathIsRejected() {
    assertThat(conflict(() -> TABLE.withRuntimeAlias("/health", "/x")).messages())
        .containsExactly("alias '/health' for '/x' clashes with reserved path '/health'");
  }

  @Test
  void aRuntimeAliasEqualToAPrimaryIsRejected() {
    assertThat(conflict(() -> TABLE.withRuntimeAlias("/speech", "/x")).messages())
        .containsExactly("alias '/speech' for '/x' clashes with primary '/speech'");
  }

  @Test
  void aRuntimeAliasOfAnAliasIsRejectedBecauseItWouldChain() {
    assertThat(conflict(() -> TABLE.withRuntimeAlias("/v2/x", "/v1/x")).messages()).containsExactly(
        "alias '/v1/x' for '/x' clashes with primary '/v1/x'",
        "alias '/v1/*' for '/*' clashes with primary '/v1/x'");
  }

  @Test
  void aRuntimeAliasClosingACycleIsRejected() {
    assertThat(conflict(() -> TABLE.withRuntimeAlias("/a", "/b")).messages()).containsExactly(
        "alias '/b' for '/a' forms a cycle: '/b' -> '/a' -> '/b'",
        "alias '/a' for '/b' forms a cycle: '/a' -> '/b' -> '/a'");
  }

  @Test
  void aRuntimeAliasOfItselfIsRejected() {
    assertThat(conflict(() -> TABLE.withRuntimeAlias("/y", "/y")).messages())
        .containsExactly("alias '/y' for '/y' is its own primary");
  }

  @Test
  void aRuntimePrefixAliasContainingItsOwnPrimaryIsRejected() {
    assertThat(conflict(() -> TABLE.withRuntimeAlias("/api/*", "/api/v2/*")).messages())
        .containsExactly("alias '/api/*' for '/api/v2/*' contains its own primary (would map '/api/v2/x' to '/api/v2/v2/x')");
  }

  @Test
  void aRuntimePrimaryShadowedByAnExistingPrefixAliasIsRejected() {
    assertThat(conflict(() -> TABLE.withRuntimeAlias("/old", "/v1/new")).messages())
        .containsExactly("alias '/v1/*' for '/*' clashes with primary '/v1/new'");
  }

  @Test
  void aMalformedRuntimeAliasIsRejectedAsMalformed() {
    AliasConflictException e = conflict(() -> TABLE.withRuntimeAlias("v2", "/x"));

    assertThat(e.malformed()).isTrue();
    assertThat(e.messages())
        .containsExactly("alias 'v2' for '/x' is malformed (expected: a path starting with '/')");
  }

  @Test
  void aRejectedRuntimeAliasLeavesTheTableUnchanged() {
    conflict(() -> TABLE.withRuntimeAlias("/health", "/x"));

    assertThat(TABLE.entries()).hasSize(3);
  }
}
