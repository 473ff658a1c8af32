package dev.junction.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML mapping read with its keys checked. Keys must be scalars and appear once; with a list of
 * allowed keys (from {@link ConfigKeys}), any other key is a problem with a did-you-mean hint, and
 * a reader that asks for a key not in that list fails: it could never be written. Entries keep file
 * order.
 */
final class Section {
  /** One key and its value; {@code path} names the value. */
  record Entry(String key, ScalarNode keyNode, Node value, String path) {
    /** Whether the value is YAML null (written {@code ~}, {@code null} or nothing). */
    boolean isNull() {
      return Section.isNull(value);
    }
  }

  private final Node node;
  private final String path;
  private final @Nullable List<String> allowed;
  private final Map<String, Entry> entries;

  private Section(Node node, String path, @Nullable List<String> allowed, Map<String, Entry> entries) {
    this.node = node;
    this.path = path;
    this.allowed = allowed;
    this.entries = entries;
  }

  /**
   * Reads {@code node} as a mapping. A YAML null reads as an empty section; anything else that is
   * not a mapping is a problem ({@code expected}) and reads as empty too.
   *
   * @param allowed the keys this section accepts, in the order shown in messages; {@code null}
   *     accepts any key
   */
  static Section of(Node node, String path, @Nullable List<String> allowed, String expected, LoadProblems problems) {
    if (isNull(node)) {
      return new Section(node, path, allowed, Map.of());
    }
    if (!(node instanceof MappingNode mapping)) {
      problems.add(node, path, describe(node) + " (expected: " + expected + ")");
      return new Section(node, path, allowed, Map.of());
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Entry e : entries(mapping, path, problems)) {
      if (allowed != null && !allowed.contains(e.key())) {
        problems.add(e.keyNode(), e.path(), "unknown key '" + e.key() + "' " + Suggestions.expectedOneOf(e.key(), allowed));
      } else {
        entries.put(e.key(), e);
      }
    }
    return new Section(node, path, allowed, Collections.unmodifiableMap(entries));
  }

  /**
   * The entries of a mapping in file order. A key that is not a scalar, or that repeats an earlier
   * key, is a problem and is left out.
   */
  static List<Entry> entries(MappingNode mapping, String path, LoadProblems problems) {
    Map<String, ScalarNode> seen = new LinkedHashMap<>();
    List<Entry> out = new ArrayList<>(mapping.getValue().size());
    for (NodeTuple t : mapping.getValue()) {
      if (!(t.getKeyNode() instanceof ScalarNode key)) {
        problems.add(t.getKeyNode(), path, describe(t.getKeyNode()) + " used as a key (expected: a scalar key)");
        continue;
      }
      String childPath = KeyPaths.child(path, key);
      ScalarNode first = seen.putIfAbsent(key.getValue(), key);
      if (first != null) {
        problems.add(key, childPath, "duplicate key '" + key.getValue() + "' (first at line "
            + (first.getStartMark().getLine() + 1) + ", again at line " + (key.getStartMark().getLine() + 1) + ")");
        continue;
      }
      out.add(new Entry(key.getValue(), key, t.getValueNode(), childPath));
    }
    return out;
  }

  static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  /** A short description of a node's kind for "found X (expected: Y)" messages. */
  static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof ScalarNode s) {
      return isNull(s) && s.getValue().isEmpty() ? "empty" : shown(s.getValue());
    }
    return "a list";
  }

  /** {@code value} in single quotes, cut at 80 characters so a huge scalar cannot flood a message. */
  static String shown(String value) {
    return "'" + (value.length() <= 80 ? value : value.substring(0, 77) + "...") + "'";
  }

  Node node() {
    return node;
  }

  String path() {
    return path;
  }

  /** The path of {@code key} in this section, whether present or not. */
  String path(String key) {
    Entry e = entries.get(asked(key));
    return e != null ? e.path() : KeyPaths.child(path, key);
  }

  boolean has(String key) {
    return entries.containsKey(asked(key));
  }

  /** The entry for {@code key}, or {@code null} when absent. */
  @Nullable Entry entry(String key) {
    return entries.get(asked(key));
  }

  /** The value of {@code key}, or {@code null} when absent or YAML null. */
  @Nullable Node value(String key) {
    Entry e = entries.get(asked(key));
    return e == null || e.isNull() ? null : e.value();
  }

  Collection<Entry> entries() {
    return entries.values();
  }

  /** {@code key}, after checking that this section may hold it. */
  private String asked(String key) {
    if (allowed != null && !allowed.contains(key)) {
      throw new IllegalStateException("key '" + key + "' is read at " + path + " but is not in its catalogue " + allowed
          + ": add it to ConfigKeys");
    }
    return key;
  }

  /**
   * Records a record constructor's rejection at the key it names ({@code "ttl: ... (expected: ...)"}
   * lands on {@code ttl}), or at this section when that key is not written here.
   */
  void reject(IllegalArgumentException e, LoadProblems problems) {
    String message = String.valueOf(e.getMessage());
    int colon = message.indexOf(": ");
    Entry named = colon < 0 ? null : entries.get(message.substring(0, colon));
    if (named != null) {
      problems.add(named.value(), named.path(), message.substring(colon + 2));
    } else {
      problems.add(node, path, message);
    }
  }
}
