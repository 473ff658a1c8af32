package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.routing.Payload;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What routing sees of a body: JSON objects, other bodies, and bodies declared as JSON that are not UTF-8. */
class PayloadParserTest {
  private static Buffer bytes(int... b) {
    Buffer out = Buffer.buffer();
    for (int x : b) {
      out.appendByte((byte) x);
    }
    return out;
  }

  private static Buffer text(String s) {
    return Buffer.buffer(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aJsonObjectWithNonAsciiTextIsParsed() {
    assertThat(PayloadParser.parse((text("{\"model\":\"caf\u00e9 \ud83d\ude00\"}")).getBytes(), "application/json"))
        .isInstanceOf(Payload.Json.class);
  }

  @Test
  void aBodyDeclaredAsJsonWithABadByteIsInvalidUtf8AtThatByte() {
    Buffer body = text("{\"m\":\"").appendBuffer(bytes(0xFF)).appendBuffer(text("\"}"));

    assertThat(PayloadParser.parse((body).getBytes(), "application/json")).isEqualTo(new Payload.InvalidUtf8(6));
  }

  @Test
  void aSequenceCutShortAtTheEndIsInvalidUtf8() {
    Buffer body = text("{\"m\":\"").appendBuffer(bytes(0xE2, 0x82));

    assertThat(PayloadParser.parse((body).getBytes(), "application/json")).isEqualTo(new Payload.InvalidUtf8(6));
  }

  @Test
  void anOverlongEncodingIsInvalidUtf8() {
    Buffer body = text("{\"m\":\"").appendBuffer(bytes(0xC0, 0xAF)).appendBuffer(text("\"}"));

    assertThat(PayloadParser.parse((body).getBytes(), "application/json")).isEqualTo(new Payload.InvalidUtf8(6));
  }

  @Test
  void anOverlongSlashInABodyOfUnknownTypeIsNeverReadAsASlash() {
    Buffer body = text("{\"m\":\"").appendBuffer(bytes(0xC0, 0xAF)).appendBuffer(text("\"}"));

    assertThat(PayloadParser.parse((body).getBytes(), null)).isEqualTo(Payload.NOT_AN_OBJECT);
  }

  @Test
  void anEncodedSurrogateIsInvalidUtf8() {
    Buffer body = text("{\"m\":\"").appendBuffer(bytes(0xED, 0xA0, 0x80)).appendBuffer(text("\"}"));

    assertThat(PayloadParser.parse((body).getBytes(), "application/json")).isEqualTo(new Payload.InvalidUtf8(6));
  }

  @Test
  void aPlusJsonTypeWithParametersDeclaresJson() {
    assertThat(PayloadParser.parse((bytes(0xFF)).getBytes(), "Application/Problem+JSON; charset=utf-8")).isEqualTo(new Payload.InvalidUtf8(0));
  }

  @Test
  void invalidUtf8InABodyNotDeclaredAsJsonIsJustNotAnObject() {
    assertThat(PayloadParser.parse((bytes(0xFF, 0xD8, 0xFF, 0xE0)).getBytes(), "image/jpeg")).isEqualTo(Payload.NOT_AN_OBJECT);
    assertThat(PayloadParser.parse((bytes(0xFF, 0xD8, 0xFF, 0xE0)).getBytes(), null)).isEqualTo(Payload.NOT_AN_OBJECT);
  }

  @Test
  void validUtf8ThatIsNotJsonIsNotAnObjectEvenWhenDeclaredAsJson() {
    assertThat(PayloadParser.parse((text("{\"m\": caf\u00e9")).getBytes(), "application/json")).isEqualTo(Payload.NOT_AN_OBJECT);
  }
}
