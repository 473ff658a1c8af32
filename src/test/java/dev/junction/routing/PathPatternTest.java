package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathPatternTest {

  @ParameterizedTest(name = "{0} matches {1}: {2}")
  @CsvSource({
      "/audio/speech, /audio/speech, true",
      "/audio/speech, /audio/speech/, false",
      "/audio/speech, /audio, false",
      "/, /, true",
      "/models/, /models/, true",
      "/models/, /models, false",
      "/models/{id}, /models/42, true",
      "/models/{id}, /models/a%2Fb, true",
      "/models/{id}, /models/, false",
      "/models/{id}, /models, false",
      "/models/{id}, /models/42/x, false",
      "/models/{id}, /models/42/, false",
      "/models/{id}, /modelsx/42, false",
      "/models/{id}, /model/42, false",
      "/v1/{org}/items/{id}, /v1/acme/items/7, true",
      "/v1/{org}/items/{id}, /v1/acme/item/7, false",
      "/v1/{org}/items/{id}, /v1//items/7, false",
      "/{a}/{b}, /x/y, true",
      "/{a}/{b}, x/y, false",
  })
  void matchesWholeSegmentsOnTheCanonicalPath(String pattern, String path, boolean expected) {
    assertThat(new PathPattern(pattern).matches(path)).isEqualTo(expected);
  }

  @Test
  void aPatternWithANameSegmentIsATemplate() {
    assertThat(new PathPattern("/models/{id}").isTemplate()).isTrue();
    assertThat(new PathPattern("/models/id").isTemplate()).isFalse();
  }

  @ParameterizedTest(name = "{0} covers {1}: {2}")
  @CsvSource({
      "/models/{id}, /models/42, true",
      "/models/{id}, /models/{name}, true",
      "/{a}/{b}, /models/{id}, true",
      "/models/{id}, /{a}/{b}, false",
      "/models/{id}, /models/, false",
      "/models/{id}, /models/42/x, false",
      "/models/42, /models/42, true",
      "/models/42, /models/{id}, false",
      "/models/42, /models/43, false",
  })
  void coversWhenEveryPathTheOtherMatchesItMatchesToo(String pattern, String other, boolean expected) {
    assertThat(new PathPattern(pattern).covers(new PathPattern(other))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "''{0}'' is rejected with ''{1}''")
  @CsvSource(delimiter = '|', value = {
      "models/{id}    | path: 'models/{id}' (expected: starts with /)",
      "/a//b          | path: '/a//b' (expected: no empty segment)",
      "/a?x=1         | path: '/a?x=1' (expected: no query or fragment)",
      "/a#top         | path: '/a#top' (expected: no query or fragment)",
      "/v1/*          | path: '/v1/*' (expected: an exact path or {name} segments; * is not a wildcard in rule paths)",
      "/models/x{id}  | path: '/models/x{id}' (expected: {name} as a whole segment)",
      "/models/{id    | path: '/models/{id' (expected: {name} as a whole segment)",
      "/models/{}     | path: '/models/{}' (expected: a {name} of letters, digits, '_', '-' or '.')",
      "/models/{a/b}  | path: '/models/{a/b}' (expected: {name} as a whole segment)",
      "/{id}/x/{id}   | path: '/{id}/x/{id}' (expected: distinct names, 'id' appears twice)",
  })
  void rejectsAnInvalidPatternNamingItAndWhatWasExpected(String pattern, String message) {
    assertThatThrownBy(() -> new PathPattern(pattern))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void rejectsWhitespaceInAPattern() {
    assertThatThrownBy(() -> new PathPattern("/a b"))
        .hasMessage("path: '/a b' (expected: no whitespace or control characters; percent-encode them)");
  }
}
