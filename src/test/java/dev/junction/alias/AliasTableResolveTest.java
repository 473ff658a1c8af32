package dev.junction.alias;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.alias.AliasTable.Entry;
import dev.junction.alias.AliasTable.Kind;
import dev.junction.alias.AliasTable.Source;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AliasTableResolveTest {
  private static final AliasTable TABLE = AliasTable.build(config(), Set.of("/health"));

  private static Map<String, List<String>> config() {
    Map<String, List<String>> c = new LinkedHashMap<>();
    c.put("/audio/speech", List.of("/v1/audio/speech", "/tts"));
    c.put("/*", List.of("/v1/*"));
    c.put("/api/*", List.of("/v2/api/*"));
    c.put("/models", List.of("/v1/api/models"));
    c.put("/health", List.of("/v1/health"));
    return c;
  }

  @ParameterizedTest(name = "{0} -> {1} via {2}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      /v1/audio/speech   | /audio/speech  | /v1/audio/speech
      /tts               | /audio/speech  | /tts
      /v1/health         | /health        | /v1/health
      /v1/models         | /models        | /v1/*
      /v1/               | /              | /v1/*
      /v1//x             | //x            | /v1/*
      /v1/a/b/           | /a/b/          | /v1/*
      /v2/api/chat       | /api/chat      | /v2/api/*
      /v2/api/           | /api/          | /v2/api/*
      /v1/api/models     | /models        | /v1/api/models
      /v1/tts            | /tts           | /v1/*
      """)
  void resolvesAnAliasToItsPrimary(String path, String primary, String via) {
    AliasTable.Resolution r = TABLE.resolve(path);

    assertThat(r.primary()).isEqualTo(primary);
    assertThat(r.alias()).isNotNull();
    assertThat(r.alias().alias()).isEqualTo(via);
  }

  @ParameterizedTest(name = "{0} is not an alias")
  @CsvSource(textBlock = """
      /audio/speech
      /v1
      /v1x/models
      /v2/api
      /v2/apix/chat
      /health
      /V1/models
      """)
  void leavesOtherPathsAlone(String path) {
    AliasTable.Resolution r = TABLE.resolve(path);

    assertThat(r.aliased()).isFalse();
    assertThat(r.primary()).isSameAs(path);
  }

  @Test
  void theLongestPrefixAliasWins() {
    Map<String, List<String>> c = new LinkedHashMap<>();
    c.put("/*", List.of("/v1/*"));
    c.put("/models/*", List.of("/v1/models/*"));
    AliasTable table = AliasTable.build(c, Set.of());

    assertThat(table.resolve("/v1/models/gpt").alias().alias()).isEqualTo("/v1/models/*");
  }

  @Test
  void anExactAliasWinsOverAPrefixAlias() {
    assertThat(TABLE.resolve("/v1/audio/speech").alias().kind()).isEqualTo(Kind.EXACT);
  }

  @Test
  void anExactAliasResolvesWithoutAllocatingANewResolution() {
    assertThat(TABLE.resolve(new String("/tts"))).isSameAs(TABLE.resolve("/tts"));
  }

  @Test
  void primaryPathReturnsTheInputInstanceWhenNothingMatches() {
    String path = new String("/chat/completions");

    assertThat(TABLE.primaryPath(path)).isSameAs(path);
  }

  @Test
  void primaryPathRewritesPrefixAliases() {
    assertThat(TABLE.primaryPath("/v2/api/chat")).isEqualTo("/api/chat");
  }

  @Test
  void anEmptyTableResolvesNothing() {
    AliasTable empty = AliasTable.build(Map.of(), Set.of());

    assertThat(empty.resolve("/v1/x").aliased()).isFalse();
  }

  @Test
  void entriesListConfigAliasesInConfigOrder() {
    assertThat(TABLE.entries()).containsExactly(
        new Entry("/v1/audio/speech", "/audio/speech", Kind.EXACT, Source.CONFIG),
        new Entry("/tts", "/audio/speech", Kind.EXACT, Source.CONFIG),
        new Entry("/v1/*", "/*", Kind.PREFIX, Source.CONFIG),
        new Entry("/v2/api/*", "/api/*", Kind.PREFIX, Source.CONFIG),
        new Entry("/v1/api/models", "/models", Kind.EXACT, Source.CONFIG),
        new Entry("/v1/health", "/health", Kind.EXACT, Source.CONFIG));
  }

  @Test
  void byPrimaryListsEveryPrimaryWithItsAliases() {
    Map<String, List<String>> c = new LinkedHashMap<>(config());
    c.put("/memory", List.of());
    AliasTable table = AliasTable.build(c, Set.of()).withRuntimeAlias("/v1/memory", "/memory")
        .withRuntimeAlias("/speak", "/audio/speech").withRuntimeAlias("/old/chat", "/chat");

    assertThat(table.byPrimary()).containsExactly(
        Map.entry("/audio/speech", List.of("/v1/audio/speech", "/tts", "/speak")),
        Map.entry("/*", List.of("/v1/*")),
        Map.entry("/api/*", List.of("/v2/api/*")),
        Map.entry("/models", List.of("/v1/api/models")),
        Map.entry("/health", List.of("/v1/health")),
        Map.entry("/memory", List.of("/v1/memory")),
        Map.entry("/chat", List.of("/old/chat")));
  }
}
