package dev.junction.alias;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalPathTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      /                          | /
      /audio/speech              | /audio/speech
      /a/./b/../c                | /a/c
      /a/b/..                    | /a/
      /a/.                       | /a/
      /a/..                      | /
      /.                         | /
      /a/b/                      | /a/b/
      /a//b                      | /a//b
      /a//../b                   | /a/b
      /a/.hidden/...             | /a/.hidden/...
      /v1/%2e%2e/admin           | /admin
      /v1/%2E/x                  | /v1/x
      /%41%62%7e%2D%5f           | /Ab~-_
      /a%2fb                     | /a%2Fb
      /a%2fb/../c                | /c
      /caf%c3%a9                 | /caf%C3%A9
      /100%25                    | /100%25
      /%252e%252e                | /%252e%252e
      /a;b=c/d:e@f!$&'()*+,      | /a;b=c/d:e@f!$&'()*+,
      """)
  void canonicalizesValidPaths(String raw, String expected) {
    CanonicalPath.Result result = CanonicalPath.canonicalize(raw);

    assertThat(result.ok()).isTrue();
    assertThat(result.path()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} rejected: {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      ""                         | path: '' (expected: starts with '/')
      a/b                        | path: 'a/b' (expected: starts with '/')
      *                          | path: '*' (expected: starts with '/'; the asterisk form of OPTIONS is handled before canonicalization)
      /..                        | path: '/..' (expected: no '..' segment climbing above the root)
      /../x                      | path: '/../x' (expected: no '..' segment climbing above the root)
      /v1/%2e%2e/%2e%2e/admin    | path: '/v1/%2e%2e/%2e%2e/admin' (expected: no '..' segment climbing above the root)
      /./..                      | path: '/./..' (expected: no '..' segment climbing above the root)
      /a%zz                      | path: '/a%zz' (expected: '%' followed by two hex digits at index 2)
      /a%4                       | path: '/a%4' (expected: '%' followed by two hex digits at index 2)
      /a%                        | path: '/a%' (expected: '%' followed by two hex digits at index 2)
      /a%00b                     | path: '/a%00b' (expected: no encoded NUL '%00', found at index 2)
      /a?b=1                     | path: '/a?b=1' (expected: only characters allowed in a URI path, found '?' at index 2)
      /a#frag                    | path: '/a#frag' (expected: only characters allowed in a URI path, found '#' at index 2)
      /a b                       | path: '/a b' (expected: only characters allowed in a URI path, found ' ' at index 2)
      /a\\..\\x                  | path: '/a\\..\\x' (expected: only characters allowed in a URI path, found '\\' at index 2)
      """)
  void rejectsInvalidPathsWithAReason(String raw, String reason) {
    CanonicalPath.Result result = CanonicalPath.canonicalize(raw);

    assertThat(result.ok()).isFalse();
    assertThat(result.reason()).isEqualTo(reason);
  }

  @Test
  void rejectsControlCharactersAndShowsThemEscaped() {
    CanonicalPath.Result result = CanonicalPath.canonicalize("/a\r\nX-Injected: 1");

    assertThat(result.reason()).isEqualTo(
        "path: '/a\\u000D\\u000AX-Injected: 1' (expected: no control character, found U+000D at index 2)");
  }

  @Test
  void rejectsDelete() {
    assertThat(CanonicalPath.canonicalize("/a\u007f").reason())
        .isEqualTo("path: '/a\\u007F' (expected: no control character, found U+007F at index 2)");
  }

  @Test
  void rejectsRawNonAsciiCharacters() {
    assertThat(CanonicalPath.canonicalize("/caf\u00e9").reason()).isEqualTo(
        "path: '/caf\\u00E9' (expected: ASCII only (percent-encode other characters), found U+00E9 at index 4)");
  }

  @Test
  void cutsVeryLongPathsInTheReason() {
    String raw = "/" + "a".repeat(300) + "%zz";

    assertThat(CanonicalPath.canonicalize(raw).reason())
        .startsWith("path: '/aaa")
        .contains("...' (expected: '%' followed by two hex digits at index 301)")
        .hasSizeLessThan(220);
  }

  @Test
  void returnsTheSameInstanceForAPathThatNeedsNoChange() {
    String raw = new String("/v1/audio/speech");

    assertThat(CanonicalPath.canonicalize(raw).path()).isSameAs(raw);
  }

  @Test
  void returnsTheSameInstanceForAnAlreadyCanonicalEscape() {
    String raw = new String("/a%2Fb");

    assertThat(CanonicalPath.canonicalize(raw).path()).isSameAs(raw);
  }

  @Test
  void canonicalFormIsAFixedPoint() {
    String once = CanonicalPath.canonicalize("/x/%7euser/./a%2fb/../%2E%2e/c%3a").path();

    assertThat(CanonicalPath.canonicalize(once).path()).isEqualTo(once).isEqualTo("/x/c%3A");
  }

  @Test
  void askingAValidResultForAReasonFails() {
    CanonicalPath.Result result = CanonicalPath.canonicalize("/a");

    assertThatThrownBy(result::reason).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void askingAnInvalidResultForAPathFailsWithTheReason() {
    CanonicalPath.Result result = CanonicalPath.canonicalize("/..");

    assertThatThrownBy(result::path)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("path: invalid (path: '/..' (expected: no '..' segment climbing above the root))");
  }
}
