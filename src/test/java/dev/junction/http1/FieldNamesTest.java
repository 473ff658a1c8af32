package dev.junction.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Common field names are shared, never respelled: the bytes received are the bytes kept. */
class FieldNamesTest {
  private static AsciiString name(String text) {
    byte[] head = ("xx" + text + ": v").getBytes(StandardCharsets.US_ASCII);
    return FieldNames.of(head, 2, text.length());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Host", "host", "Content-Length", "content-length", "X-Request-Id", "x-request-id", "TE", "te"})
  void aCommonSpellingIsShared(String text) {
    assertThat((Object) name(text)).isSameAs(name(text));
    assertThat(name(text).toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"HOST", "hOST", "Content-length", "X-Custom", "Hos", "Hostt", "A"})
  void anyOtherSpellingIsKeptAsSent(String text) {
    assertThat((Object) name(text)).isNotSameAs(name(text));
    assertThat(name(text).toString()).isEqualTo(text);
  }
}
