package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The one change Junction makes to a request body: a model alias's string value replaced, byte for
 * byte everywhere else. The body is scanned with a streaming parser (no tree); every string value
 * at the pointer is replaced (a body that repeats the key gets each occurrence, so whatever a
 * backend's parser keeps, it reads the new name). Pure and thread-safe.
 */
public final class ModelRewrite {
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private ModelRewrite() {}

  /**
   * {@code body} with the string at {@code field} replaced by {@code value} (JSON-escaped); {@code
   * null} when the body holds no string there or is not JSON.
   */
  public static byte @Nullable [] rewrite(byte[] body, JsonPointer field, String value) {
    requireNonNull(body, "body");
    requireNonNull(field, "field");
    requireNonNull(value, "value");
    List<long[]> spans = new ArrayList<>();
    try (JsonParser p = FACTORY.createParser(body)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (t == JsonToken.VALUE_STRING && p.getParsingContext().pathAsPointer().equals(field)) {
          long start = p.currentTokenLocation().getByteOffset();
          p.getText(); // reads the string to its closing quote
          long end = p.currentLocation().getByteOffset();
          spans.add(new long[] {start, end});
        }
      }
    } catch (IOException e) {
      return null;
    }
    if (spans.isEmpty()) {
      return null;
    }
    byte[] replacement = quoted(value);
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + spans.size() * replacement.length);
    int at = 0;
    for (long[] span : spans) {
      int start = (int) span[0];
      int end = (int) span[1];
      if (start < at || end > body.length || body[start] != '"' || body[end - 1] != '"') {
        return null; // not where a string token must be: refuse rather than corrupt the body
      }
      out.write(body, at, start - at);
      out.write(replacement, 0, replacement.length);
      at = end;
    }
    out.write(body, at, body.length - at);
    return out.toByteArray();
  }

  private static byte[] quoted(String value) {
    byte[] inner = JsonStringEncoder.getInstance().quoteAsUTF8(value);
    byte[] out = new byte[inner.length + 2];
    out[0] = '"';
    System.arraycopy(inner, 0, out, 1, inner.length);
    out[out.length - 1] = '"';
    return out;
  }
}
