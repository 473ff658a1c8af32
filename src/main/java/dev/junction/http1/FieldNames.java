package dev.junction.http1;

import io.netty.util.AsciiString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Shared {@link AsciiString}s for the field names most heads carry, so that parsing a head does not
 * make a new name object for each of them. A shared name is used only when the bytes received are
 * exactly its bytes, case included: names still reach the other side as they were sent. Immutable
 * and thread-safe.
 */
public final class FieldNames {
  private static final String[] COMMON = {
      "Host", "User-Agent", "Accept", "Accept-Encoding", "Accept-Language", "Accept-Ranges", "Content-Type",
      "Content-Length", "Content-Encoding", "Connection", "Keep-Alive", "Transfer-Encoding", "Authorization",
      "Cookie", "Set-Cookie", "Date", "Server", "Cache-Control", "Pragma", "Expires", "Last-Modified", "ETag",
      "Vary", "Origin", "Referer", "Location", "Upgrade", "Via", "Expect", "TE", "Trailer",
      "X-Request-Id", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "X-Real-IP",
      "Access-Control-Allow-Origin", "Strict-Transport-Security", "X-Content-Type-Options"};
  private static final int MAX = 32;
  /** Per length: the shared names of that length, title case and lower case. */
  private static final AsciiString[][] BY_LENGTH = table();

  private FieldNames() {}

  private static AsciiString[][] table() {
    List<List<AsciiString>> byLength = new ArrayList<>();
    for (int i = 0; i <= MAX; i++) {
      byLength.add(new ArrayList<>());
    }
    for (String name : COMMON) {
      for (String spelling : new String[] {name, name.toLowerCase(Locale.ROOT)}) {
        if (spelling.length() <= MAX) {
          byLength.get(spelling.length()).add(AsciiString.cached(spelling));
        }
      }
    }
    AsciiString[][] out = new AsciiString[MAX + 1][];
    for (int i = 0; i <= MAX; i++) {
      out[i] = byLength.get(i).toArray(new AsciiString[0]);
    }
    return out;
  }

  /** The name in {@code head[from, from + length)}: a shared one when the bytes match one exactly. */
  static AsciiString of(byte[] head, int from, int length) {
    if (length <= MAX) {
      for (AsciiString known : BY_LENGTH[length]) {
        byte[] k = known.array(); // offset 0: made by AsciiString.cached
        if (k[0] == head[from] && Arrays.equals(k, 0, length, head, from, from + length)) {
          return known;
        }
      }
    }
    return new AsciiString(head, from, length, false);
  }
}
