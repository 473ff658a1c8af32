package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * Payload fingerprints for cache keys: hex SHA-256 of the canonical JSON of the routing-relevant
 * part of a payload.
 *
 * <p>Canonical JSON: object keys sorted by {@link String#compareTo} at every depth, no whitespace,
 * strings escaped by Jackson, numbers in {@link JsonValues#canonicalNumber} form. Two payloads get
 * the same fingerprint exactly when they are equal under {@link JsonValues#equal}: key order,
 * whitespace and {@code 1} versus {@code 1.0} do not change it.
 *
 * <p>Thread-safe: each thread reuses its own {@link MessageDigest}; the canonical bytes stream into
 * it without being held in memory.
 */
final class Fingerprints {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(Fingerprints::newDigest);

  private Fingerprints() {}

  /** Fingerprint of the whole value (a payload whose path has no {@code key_fields}). */
  static String of(JsonNode value) {
    requireNonNull(value, "value");
    return digest(g -> write(value, g));
  }

  /**
   * Fingerprint of the object mapping each of {@code fields}' pointers to the value it resolves to
   * in {@code payload}; a pointer that does not resolve is left out, so a missing field and an
   * explicit {@code null} give different fingerprints.
   */
  static String ofFields(Payload.Json payload, KeyFields fields) {
    requireNonNull(payload, "payload");
    requireNonNull(fields, "fields");
    return digest(g -> writeFields(payload, fields, g));
  }

  /** The canonical JSON text of {@code value}, as hashed by {@link #of}; for tests and diagnostics. */
  static String canonicalJson(JsonNode value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    generate(out, g -> write(value, g));
    return out.toString(StandardCharsets.UTF_8);
  }

  private static String digest(Writer writer) {
    MessageDigest md = SHA256.get();
    md.reset();
    generate(new DigestOutputStream(OutputStream.nullOutputStream(), md), writer);
    return HEX.formatHex(md.digest());
  }

  private static void generate(OutputStream out, Writer writer) {
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException("canonical JSON: " + e.getMessage() + " (expected: in-memory output)", e);
    }
  }

  private static void writeFields(Payload.Json payload, KeyFields fields, JsonGenerator g) throws IOException {
    g.writeStartObject();
    List<String> names = fields.names();
    List<JsonPointer> pointers = fields.pointers();
    for (int i = 0; i < names.size(); i++) {
      JsonNode v = payload.at(pointers.get(i));
      if (!v.isMissingNode()) {
        g.writeFieldName(names.get(i));
        write(v, g);
      }
    }
    g.writeEndObject();
  }

  private static void write(JsonNode n, JsonGenerator g) throws IOException {
    if (n.isObject()) {
      String[] names = new String[n.size()];
      Iterator<String> it = n.fieldNames();
      for (int i = 0; it.hasNext(); i++) {
        names[i] = it.next();
      }
      Arrays.sort(names);
      g.writeStartObject();
      for (String name : names) {
        g.writeFieldName(name);
        write(n.get(name), g);
      }
      g.writeEndObject();
    } else if (n.isArray()) {
      g.writeStartArray();
      for (JsonNode element : n) {
        write(element, g);
      }
      g.writeEndArray();
    } else if (n.isNumber()) {
      g.writeNumber(JsonValues.canonicalNumber(n));
    } else if (n.isTextual()) {
      g.writeString(n.textValue());
    } else if (n.isBoolean()) {
      g.writeBoolean(n.booleanValue());
    } else if (n.isNull()) {
      g.writeNull();
    } else {
      // Binary and POJO nodes never come from parsing a request; hash their text form.
      g.writeString(n.asText());
    }
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256: unavailable (expected: every Java runtime has it)", e);
    }
  }

  @FunctionalInterface
  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }
}
