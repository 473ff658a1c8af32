package dev.junction.routing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.routing.Payload;
import dev.junction.routing.PayloadProjection;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Parses a buffered body into the {@link Payload} routing sees. Bounded: nesting depth, string and
 * number lengths are capped so that a hostile body costs at most its (already bounded) size.
 * Anything that is not exactly one JSON object is {@link Payload#NOT_AN_OBJECT}, and so is any body
 * that is not valid UTF-8, except one declared as JSON: {@link Payload.InvalidUtf8}. It never throws.
 */
public final class PayloadParser {
  static final int MAX_DEPTH = 64;

  private static final int MAX_STRING_LENGTH = StreamReadConstraints.defaults().getMaxStringLength();
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(MAX_DEPTH)
          .maxNumberLength(100)
          .maxStringLength(MAX_STRING_LENGTH)
          .build())
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final JsonNodeFactory NODES = MAPPER.getNodeFactory();
  /** For one value inside a document: the trailing-token check is the document's, done once. */
  private static final ObjectReader SUBTREE = MAPPER.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private PayloadParser() {}

  /** A body whose content type is not known (never {@link Payload.InvalidUtf8}), the whole tree. */
  public static Payload parse(byte[] body) {
    return parse(body, null, PayloadProjection.WHOLE);
  }

  /** The whole tree, without a projection. */
  public static Payload parse(byte[] bytes, @Nullable CharSequence contentType) {
    return parse(bytes, contentType, PayloadProjection.WHOLE);
  }

  /**
   * @param contentType the request's {@code Content-Type}, or null; when it declares JSON, a body
   *     that is not valid UTF-8 is {@link Payload.InvalidUtf8} instead of {@link Payload#NOT_AN_OBJECT}
   * @param projection the members to build (see {@link PayloadProjection}); the whole body is read
   *     and checked either way, so the kind of payload answered never depends on it
   */
  public static Payload parse(byte[] bytes, @Nullable CharSequence contentType, PayloadProjection projection) {
    if (bytes.length == 0) {
      return Payload.ABSENT;
    }
    // Checked before parsing: Jackson decodes some invalid sequences (the overlong C0 AF as "/"), and
    // a rule must never match on text the client did not send.
    int bad = firstInvalidUtf8(bytes);
    if (bad >= 0) {
      return declaresJson(contentType) ? new Payload.InvalidUtf8(bad) : Payload.NOT_AN_OBJECT;
    }
    PayloadProjection.Level root = projection.root();
    try {
      if (root == null) {
        JsonNode node = MAPPER.readTree(bytes);
        return node instanceof ObjectNode o ? new Payload.Json(o) : Payload.NOT_AN_OBJECT;
      }
      try (JsonParser p = MAPPER.createParser(bytes)) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
          return Payload.NOT_AN_OBJECT;
        }
        ObjectNode view = projectObject(p, root, bytes.length > MAX_STRING_LENGTH);
        if (p.nextToken() != null) {
          return Payload.NOT_AN_OBJECT; // trailing tokens, as FAIL_ON_TRAILING_TOKENS
        }
        return Payload.Json.projected(view, projection, () -> whole(bytes));
      }
    } catch (IOException | RuntimeException e) {
      return Payload.NOT_AN_OBJECT;
    }
  }

  /**
   * The object starting at the current {@code START_OBJECT}, with only the members {@code level}
   * names; every other value is still read to its end and checked as the tree parser would (its
   * strings scanned, its decimals converted), so that a body this accepts is one it accepts too.
   * Returns on the object's {@code END_OBJECT}.
   *
   * @param measureStrings whether skipped strings must be decoded to check Jackson's string length
   *     limit; a body of at most that many bytes cannot hold a longer string, and then the parser's
   *     own skipping (which checks escapes, control characters and UTF-8) is enough
   */
  private static ObjectNode projectObject(JsonParser p, PayloadProjection.Level level, boolean measureStrings)
      throws IOException {
    // Sized for the one or two members a projection usually keeps, not the default sixteen.
    ObjectNode o = new ObjectNode(NODES, new LinkedHashMap<>(4));
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String name = p.currentName();
      JsonToken value = p.nextToken();
      PayloadProjection.Level member = level.member(name);
      if (member == null) {
        skipValue(p, value, measureStrings);
      } else if (member == PayloadProjection.Level.FULL || value != JsonToken.START_OBJECT) {
        // Later duplicates replace earlier ones, as in the tree parser.
        o.set(name, value(p, value));
      } else {
        o.set(name, projectObject(p, member, measureStrings));
      }
    }
    return o;
  }

  /**
   * The value starting at {@code first}, whole. Strings, booleans and null are the nodes the tree
   * parser makes of them, without its per-call deserialization context; numbers, arrays and objects
   * go through it, so that their node types (int, long, big integer, decimal) stay its own.
   */
  private static JsonNode value(JsonParser p, JsonToken first) throws IOException {
    return switch (first) {
      case VALUE_STRING -> NODES.textNode(p.getText());
      case VALUE_TRUE -> NODES.booleanNode(true);
      case VALUE_FALSE -> NODES.booleanNode(false);
      case VALUE_NULL -> NODES.nullNode();
      default -> SUBTREE.readTree(p);
    };
  }

  /** Reads the value starting at {@code first} to its last token, as the tree parser would. */
  private static void skipValue(JsonParser p, JsonToken first, boolean measureStrings) throws IOException {
    int depth = 0;
    JsonToken t = first;
    while (true) {
      switch (t) {
        case START_OBJECT, START_ARRAY -> depth++;
        case END_OBJECT, END_ARRAY -> depth--;
        // The length limit is checked when a String is made, so here, decoded without making one.
        case VALUE_STRING -> {
          if (measureStrings && p.getTextLength() > MAX_STRING_LENGTH) {
            throw new IOException("string value longer than " + MAX_STRING_LENGTH + " characters");
          }
        }
        // The tree parser converts decimals (USE_BIG_DECIMAL_FOR_FLOATS), which can fail on an
        // exponent out of range. Without an exponent (the usual 0.2), and for integers, a token of
        // at most 100 characters always converts, so only those with one are converted here.
        case VALUE_NUMBER_FLOAT -> {
          if (hasExponent(p)) {
            p.getDecimalValue();
          }
        }
        default -> { }
      }
      if (depth == 0) {
        return;
      }
      t = p.nextToken();
      if (t == null) {
        throw new IOException("unexpected end of input"); // the parser reports this first
      }
    }
  }

  /** Whether the current number token has an exponent, read from the parser's own buffer. */
  private static boolean hasExponent(JsonParser p) throws IOException {
    char[] text = p.getTextCharacters();
    int end = p.getTextOffset() + p.getTextLength();
    for (int i = p.getTextOffset(); i < end; i++) {
      if ((text[i] | 0x20) == 'e') {
        return true;
      }
    }
    return false;
  }

  private static ObjectNode whole(byte[] bytes) {
    try {
      return (ObjectNode) MAPPER.readTree(bytes);
    } catch (IOException | RuntimeException e) {
      // The projected parse read and checked these same bytes with the same parser.
      throw new IllegalStateException("payload: the whole tree does not parse where its projection did: " + e, e);
    }
  }

  /** {@code application/json} or any {@code +json} type, parameters ignored. */
  static boolean declaresJson(@Nullable CharSequence declared) {
    if (declared == null) {
      return false;
    }
    String contentType = declared.toString(); // only for a body that is not UTF-8
    int semicolon = contentType.indexOf(';');
    String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    return type.equals("application/json") || (type.endsWith("+json") && type.indexOf('/') > 0);
  }

  /**
   * The offset of the first byte that is not valid UTF-8 (RFC 3629: no overlong forms, no
   * surrogates, nothing above U+10FFFF), or -1 when all are; for a sequence that is malformed or cut
   * short, the offset of its first byte. ASCII goes eight bytes at a time: a chat body is mostly
   * ASCII, and this check reads every byte of it (a profile of 256 KiB bodies put 14% of the event
   * loop's CPU in a byte-at-a-time loop here).
   */
  static int firstInvalidUtf8(byte[] bytes) {
    int n = bytes.length;
    int i = 0;
    while (i < n) {
      while (i + 8 <= n && ((long) LONGS.get(bytes, i) & 0x8080808080808080L) == 0) {
        i += 8;
      }
      if (i == n) {
        break;
      }
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      int lead = b & 0xFF;
      int more;
      int low = 0x80;
      int high = 0xBF; // the bounds of the second byte, narrower after some leads
      if (lead >= 0xC2 && lead <= 0xDF) {
        more = 1;
      } else if (lead >= 0xE0 && lead <= 0xEF) {
        more = 2;
        if (lead == 0xE0) {
          low = 0xA0; // else overlong
        } else if (lead == 0xED) {
          high = 0x9F; // else a surrogate
        }
      } else if (lead >= 0xF0 && lead <= 0xF4) {
        more = 3;
        if (lead == 0xF0) {
          low = 0x90; // else overlong
        } else if (lead == 0xF4) {
          high = 0x8F; // else above U+10FFFF
        }
      } else {
        return i; // a continuation byte without a lead, C0, C1 or F5 to FF
      }
      if (i + more >= n) {
        return i; // cut short at the end
      }
      int second = bytes[i + 1] & 0xFF;
      if (second < low || second > high) {
        return i;
      }
      for (int k = 2; k <= more; k++) {
        if ((bytes[i + k] & 0xC0) != 0x80) {
          return i;
        }
      }
      i += more + 1;
    }
    return -1;
  }
}
