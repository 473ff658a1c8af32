package dev.junction;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** Junction's version, as the build wrote it into {@code dev/junction/version.properties}. */
public final class Version {
  private static final String VERSION = read();

  private Version() {}

  public static String get() {
    return VERSION;
  }

  private static String read() {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/dev/junction/version.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return p.getProperty("version", "unknown");
  }
}
