package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GlobTest {

  @ParameterizedTest(name = "''{0}'' matches ''{1}'': {2}")
  @CsvSource({
      "llama-*, llama-3-70b, true",
      "llama-*, llama-, true",
      "llama-*, llama, false",
      "*, '', true",
      "'', '', true",
      "'', x, false",
      "?, x, true",
      "?, '', false",
      "?, xy, false",
      "a?c, abc, true",
      "*.log, backup_log.log, true",
      "*.log, backup_log.log.gz, false",
      "*log*, catalogue, true",
      "a*b*c, axxbyyc, true",
      "a*b*c, axxbyy, false",
      "**, anything, true",
      "gpt-4?, gpt-4o, true",
      "gpt-4?, gpt-4, false",
  })
  void starMatchesAnyRunAndQuestionMarkExactlyOneCharacter(String pattern, String text, boolean expected) {
    assertThat(Glob.compile(pattern).matches(text)).isEqualTo(expected);
  }

  @Test
  void regexMetacharactersAreLiteral() {
    assertThat(Glob.compile("a.b").matches("axb")).isFalse();
    assertThat(Glob.compile("(a|b)+[c]").matches("(a|b)+[c]")).isTrue();
  }

  @Test
  void questionMarkMatchesOneCodePointOutsideTheBasicPlane() {
    assertThat(Glob.compile("x?y").matches("x\uD83D\uDE00y")).isTrue();
  }

  @Test
  void aPathologicalPatternOnALongTextFinishes() {
    String text = "a".repeat(200_000);
    assertThat(Glob.compile("a*a*a*a*a*a*a*a*a*a*b").matches(text)).isFalse();
    assertThat(Glob.compile("*a*a*a*a*a*a*a*a*a*a").matches(text)).isTrue();
    assertThat(Glob.compile("*".repeat(1_000) + "b").matches(text)).isFalse();
  }
}
