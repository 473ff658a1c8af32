package dev.junction.proxy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * {@code X-Request-Id}: the client's value when it is sane (1 to 128 visible ASCII characters),
 * otherwise a fresh one: 128 random bits as 32 lower-case hex digits, from
 * {@link ThreadLocalRandom} (no lock, unlike {@code UUID.randomUUID()}). Stateless; any thread.
 */
public final class RequestIds {
  public static final String HEADER = "X-Request-Id";
  static final int MAX_LENGTH = 128;
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private RequestIds() {}

  /** {@code given} when sane, else a generated id. */
  static String of(@Nullable String given) {
    return given != null && sane(given) ? given : generate();
  }

  static boolean sane(String id) {
    int n = id.length();
    if (n == 0 || n > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  static String generate() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    byte[] out = new byte[32];
    hex(r.nextLong(), out, 0);
    hex(r.nextLong(), out, 16);
    return new String(out, StandardCharsets.ISO_8859_1); // Latin-1 bytes: copied once, not decoded
  }

  private static void hex(long v, byte[] out, int at) {
    for (int i = 15; i >= 0; i--) {
      out[at + i] = HEX[(int) (v & 0xf)];
      v >>>= 4;
    }
  }
}
