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

  /**
   * The hand-written check against the JDK's strict decoder, as the reference, on bodies built from
   * the bytes where UTF-8 goes wrong (every lead byte, the bounds of each second byte, continuation
   * bytes) at every offset a word-at-a-time scan can put them.
   */
  @Test
  void theUtf8CheckAgreesWithTheJdkDecoderOnEveryKindOfSequence() {
    int[] interesting = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
        0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF};
    java.util.Random random = new java.util.Random(23);
    int invalid = 0;
    for (int run = 0; run < 200_000; run++) {
      byte[] body = new byte[random.nextInt(40)];
      for (int i = 0; i < body.length; i++) {
        body[i] = (byte) (random.nextInt(3) == 0 ? interesting[random.nextInt(interesting.length)] : 'a');
      }
      int expected = jdkFirstInvalid(body);
      invalid += expected >= 0 ? 1 : 0;
      assertThat(PayloadParser.firstInvalidUtf8(body)).as("%s", java.util.HexFormat.of().formatHex(body)).isEqualTo(expected);
    }
    assertThat(invalid).isBetween(50_000, 190_000); // both kinds were tried, many times
    for (int cp : new int[] {0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF}) {
      byte[] one = ("0123456789" + new String(Character.toChars(cp))).getBytes(StandardCharsets.UTF_8);
      assertThat(PayloadParser.firstInvalidUtf8(one)).as("U+%X", cp).isEqualTo(-1);
    }
  }

  private static int jdkFirstInvalid(byte[] body) {
    java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
        .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
    java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(body);
    java.nio.charset.CoderResult r = decoder.decode(in, java.nio.CharBuffer.allocate(body.length + 1), true);
    return r.isError() ? in.position() : -1;
  }
}
