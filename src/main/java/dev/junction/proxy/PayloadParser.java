package dev.junction.proxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.routing.Payload;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/**
 * Parses a buffered body into the {@link Payload} routing sees. Bounded: nesting depth, string and
 * number lengths are capped so that a hostile body costs at most its (already bounded) size.
 * Anything that is not exactly one JSON object is {@link Payload#NOT_AN_OBJECT}; it never throws.
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

  static Payload parse(Buffer body) {
    if (body.length() == 0) {
      return Payload.ABSENT;
    }
    try {
      JsonNode node = MAPPER.readTree(body.getBytes());
      return node instanceof ObjectNode o ? new Payload.Json(o) : Payload.NOT_AN_OBJECT;
    } catch (IOException | RuntimeException e) {
      return Payload.NOT_AN_OBJECT;
    }
  }
}
