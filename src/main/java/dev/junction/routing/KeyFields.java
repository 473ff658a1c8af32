package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import dev.junction.config.CacheConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * The {@code key_fields} of one path pattern: the pointers whose values make up the payload part of
 * a cache key, distinct and sorted by their text so the fingerprint does not depend on the order
 * they were listed in.
 */
record KeyFields(PathPattern pattern, List<String> names, List<JsonPointer> pointers) {
  KeyFields {
    requireNonNull(pattern, "pattern");
    names = List.copyOf(names);
    pointers = List.copyOf(pointers);
  }

  static KeyFields of(PathPattern pattern, List<JsonPointer> pointers) {
    TreeMap<String, JsonPointer> sorted = new TreeMap<>();
    for (JsonPointer p : pointers) {
      sorted.put(p.toString(), p);
    }
    return new KeyFields(pattern, new ArrayList<>(sorted.keySet()), new ArrayList<>(sorted.values()));
  }

  /**
   * Every {@code key_fields} entry, compiled, answering which one applies to a path: an exact
   * pattern equal to the path first; else, among templates that match, the one with the most
   * literal segments, ties broken by pattern text. Immutable and thread-safe.
   */
  static final class Table {
    private final Map<String, KeyFields> exact;
    private final List<KeyFields> templates;

    private Table(Map<String, KeyFields> exact, List<KeyFields> templates) {
      this.exact = exact;
      this.templates = templates;
    }

    /**
     * @throws IllegalArgumentException {@code "cache.key_fields: path: '...' (expected: ...)"} for a
     *     pattern that is not a valid rule path
     */
    static Table compile(CacheConfig cache) {
      Map<String, KeyFields> exact = new HashMap<>();
      List<KeyFields> templates = new ArrayList<>();
      cache.keyFields().forEach((path, pointers) -> {
        PathPattern pattern;
        try {
          pattern = new PathPattern(path);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("cache.key_fields: " + e.getMessage(), e);
        }
        KeyFields fields = of(pattern, pointers);
        if (pattern.isTemplate()) {
          templates.add(fields);
        } else {
          exact.put(path, fields);
        }
      });
      templates.sort(Comparator.comparingInt((KeyFields k) -> -k.pattern().literalSegments())
          .thenComparing(k -> k.pattern().pattern()));
      return new Table(Map.copyOf(exact), List.copyOf(templates));
    }

    /** The entry for {@code path}, or {@code null} when the whole payload is the key. */
    @Nullable KeyFields forPath(String path) {
      KeyFields k = exact.get(path);
      if (k != null) {
        return k;
      }
      for (KeyFields t : templates) {
        if (t.pattern().matches(path)) {
          return t;
        }
      }
      return null;
    }
  }
}
