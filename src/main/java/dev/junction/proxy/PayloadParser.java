package dev.junction.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.routing.Payload;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Parses a buffered body into the {@link Payload} routing sees. Bounded: nesting depth, string and
 * number lengths are capped so that a hostile body costs at most its (already bounded) size.
 * Anything that is not exactly one JSON object is {@link Payload#NOT_AN_OBJECT}, and so is any body
 * that is not valid UTF-8, except one declared as JSON: {@link Payload.InvalidUtf8}. It never throws.
 */
final class PayloadParser {
  static final int MAX_DEPTH = 64;

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(100)
          .build())
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private PayloadParser() {}

  /** A body whose content type is not known: never {@link Payload.InvalidUtf8}. */
  static Payload parse(byte[] body) {
    return parse(body, null);
  }

  /**
   * @param contentType the request's {@code Content-Type}, or null; when it declares JSON, a body
   *     that is not valid UTF-8 is {@link Payload.InvalidUtf8} instead of {@link Payload#NOT_AN_OBJECT}
   */
  static Payload parse(byte[] bytes, @Nullable String contentType) {
    if (bytes.length == 0) {
      return Payload.ABSENT;
    }
    // Checked before parsing: Jackson decodes some invalid sequences (the overlong C0 AF as "/"), and
    // a rule must never match on text the client did not send.
    int bad = firstInvalidUtf8(bytes);
    if (bad >= 0) {
      return declaresJson(contentType) ? new Payload.InvalidUtf8(bad) : Payload.NOT_AN_OBJECT;
    }
    try {
      JsonNode node = MAPPER.readTree(bytes);
      return node instanceof ObjectNode o ? new Payload.Json(o) : Payload.NOT_AN_OBJECT;
    } catch (IOException | RuntimeException e) {
      return Payload.NOT_AN_OBJECT;
    }
  }

  /** {@code application/json} or any {@code +json} type, parameters ignored. */
  static boolean declaresJson(@Nullable String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || (type.endsWith("+json") && type.indexOf('/') > 0);
  }

  /**
   * The offset of the first byte that is not valid UTF-8 (RFC 3629: no overlong forms, no
   * surrogates, nothing above U+10FFFF), or -1 when all are. ASCII is skipped without decoding.
   */
  static int firstInvalidUtf8(byte[] bytes) {
    int ascii = 0;
    while (ascii < bytes.length && bytes[ascii] >= 0) {
      ascii++;
    }
    if (ascii == bytes.length) {
      return -1;
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, ascii, bytes.length - ascii);
    CharBuffer out = CharBuffer.allocate(1024);
    while (true) {
      CoderResult r = decoder.decode(in, out, true);
      if (r.isError()) {
        return in.position(); // the decoder stops before the malformed sequence
      }
      if (r.isUnderflow()) {
        return -1; // all read (a truncated sequence at the end is an error above, with end of input true)
      }
      out.clear(); // overflow: the decoded text is not needed
    }
  }
}
