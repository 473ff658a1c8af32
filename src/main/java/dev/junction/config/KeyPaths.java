package dev.junction.config;

import org.yaml.snakeyaml.DumperOptions.ScalarStyle;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Dotted key paths naming a place in the document, for messages: {@code junction.routes[2].payload[0]./model}
 * or {@code "http://127.0.0.1:3000".endpoints."/get_log_files".payload[1]}. Indexes are 0-based. A
 * key is shown in double quotes when it was quoted in the file or when it holds a character that
 * would make the path ambiguous ({@code . [ ] " '}, {@code :}, whitespace), or is empty.
 */
final class KeyPaths {
  private KeyPaths() {}

  static String child(String parent, ScalarNode key) {
    boolean quoted = key.getScalarStyle() == ScalarStyle.DOUBLE_QUOTED || key.getScalarStyle() == ScalarStyle.SINGLE_QUOTED;
    return child(parent, key.getValue(), quoted);
  }

  static String child(String parent, String key, boolean quoted) {
    String segment = quoted || needsQuotes(key) ? quote(key) : key;
    return parent.isEmpty() ? segment : parent + "." + segment;
  }

  static String child(String parent, String key) {
    return child(parent, key, false);
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /**
   * The last plain segment of a path without its index, to avoid repeating a key in a message.
   * Best effort: a quoted segment holding a dot is not recognised, which only costs repetition.
   */
  static String last(String path) {
    int dot = path.lastIndexOf('.');
    String segment = dot < 0 ? path : path.substring(dot + 1);
    int bracket = segment.indexOf('[');
    return bracket < 0 ? segment : segment.substring(0, bracket);
  }

  private static boolean needsQuotes(String key) {
    if (key.isEmpty()) {
      return true;
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.' || c == '[' || c == ']' || c == '"' || c == '\'' || c == ':' || Character.isWhitespace(c)) {
        return true;
      }
    }
    return false;
  }

  private static String quote(String key) {
    return "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
