package dev.junction.alias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.junction.alias.AliasTable.Entry;
import dev.junction.alias.AliasTable.Kind;
import dev.junction.alias.AliasTable.Source;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AliasTableRuntimeTest {
  private static final AliasTable TABLE =
      AliasTable.build(Map.of("/audio/speech", List.of("/v1/audio/speech")), Set.of("/health"));

  @Test
  void addingARuntimeAliasMakesItResolve() {
    AliasTable t = TABLE.withRuntimeAlias("/speak", "/audio/speech");

    assertThat(t.resolve("/speak").primary()).isEqualTo("/audio/speech");
  }

  @Test
  void addingARuntimeAliasLeavesTheOldTableUnchanged() {
    TABLE.withRuntimeAlias("/speak", "/audio/speech");

    assertThat(TABLE.resolve("/speak").aliased()).isFalse();
    assertThat(TABLE.entries()).hasSize(1);
  }

  @Test
  void runtimeAliasesAreListedAfterConfigOnesWithTheirSource() {
    AliasTable t = TABLE.withRuntimeAlias("/v3/*", "/*").withRuntimeAlias("/speak", "/audio/speech");

    assertThat(t.entries()).containsExactly(
        new Entry("/v1/audio/speech", "/audio/speech", Kind.EXACT, Source.CONFIG),
        new Entry("/v3/*", "/*", Kind.PREFIX, Source.RUNTIME),
        new Entry("/speak", "/audio/speech", Kind.EXACT, Source.RUNTIME));
  }

  @Test
  void aRuntimePrefixAliasResolves() {
    AliasTable t = TABLE.withRuntimeAlias("/v3/*", "/*");

    assertThat(t.resolve("/v3/models").primary()).isEqualTo("/models");
  }

  @Test
  void addingTheSameRuntimeAliasAgainReturnsTheSameTable() {
    AliasTable t = TABLE.withRuntimeAlias("/speak", "/audio/speech");

    assertThat(t.withRuntimeAlias("/speak", "/audio/speech")).isSameAs(t);
  }

  @Test
  void removingARuntimeAliasStopsItResolvingInTheNewTableOnly() {
    AliasTable with = TABLE.withRuntimeAlias("/speak", "/audio/speech");
    AliasTable without = with.withoutRuntimeAlias("/speak");

    assertThat(without.resolve("/speak").aliased()).isFalse();
    assertThat(with.resolve("/speak").primary()).isEqualTo("/audio/speech");
  }

  @Test
  void removingAnUnknownAliasSaysItIsUnknown() {
    UnknownAliasException e =
        catchThrowableOfType(UnknownAliasException.class, () -> TABLE.withoutRuntimeAlias("/nope"));

    assertThat(e.alias()).isEqualTo("/nope");
    assertThat(e).hasMessage("alias: '/nope' (expected: a declared alias)");
  }

  @Test
  void removingAConfigAliasAtRuntimeIsRefusedWithWhatToDoInstead() {
    AliasConflictException e = catchThrowableOfType(
        AliasConflictException.class, () -> TABLE.withoutRuntimeAlias("/v1/audio/speech"));

    assertThat(e.messages())
        .containsExactly("alias '/v1/audio/speech' for '/audio/speech' is declared in config; edit the file");
  }

  @Test
  void aRemovedRuntimeAliasCanBeAddedForAnotherPrimary() {
    AliasTable t = TABLE.withRuntimeAlias("/speak", "/audio/speech").withoutRuntimeAlias("/speak")
        .withRuntimeAlias("/speak", "/tts");

    assertThat(t.resolve("/speak").primary()).isEqualTo("/tts");
  }

  @Test
  void aNewConfigKeepsRuntimeAliases() {
    AliasTable t = TABLE.withRuntimeAlias("/speak", "/audio/speech")
        .withConfig(Map.of("/models", List.of("/v1/models")));

    assertThat(t.byPrimary()).containsOnly(
        Map.entry("/models", List.of("/v1/models")),
        Map.entry("/audio/speech", List.of("/speak")));
  }

  @Test
  void aNewConfigClashingWithARuntimeAliasIsRejected() {
    AliasTable t = TABLE.withRuntimeAlias("/speak", "/audio/speech");

    AliasConflictException e = catchThrowableOfType(
        AliasConflictException.class, () -> t.withConfig(Map.of("/say", List.of("/speak"))));

    assertThat(e.messages())
        .containsExactly("alias '/speak' for '/audio/speech' clashes with alias '/speak' for '/say'");
  }

  @Test
  void reservedPathsAreKeptAcrossChanges() {
    AliasTable t = TABLE.withRuntimeAlias("/speak", "/audio/speech").withoutRuntimeAlias("/speak");

    assertThat(t.reservedPrimaries()).containsExactly("/health");
  }

  @Test
  void entryFindsAnAliasAsDeclared() {
    assertThat(TABLE.withRuntimeAlias("/v3/*", "/*").entry("/v3/*"))
        .contains(new Entry("/v3/*", "/*", Kind.PREFIX, Source.RUNTIME));
  }
}
