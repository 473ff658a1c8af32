package dev.junction.openapi.merge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Component names in the merged document. A name used by one contributing backend, or by several
 * with the same definition, is kept; a name whose definitions differ is prefixed by each backend's
 * name ({@code llm-a_Model}), and that backend's {@code $ref}s follow. Two definitions are the same
 * when they are equal after their own references are renamed, so a clash propagates to every
 * component that refers to a clashing one.
 */
final class ComponentNames {
  private static final String PREFIX = "#/components/";

  /** {@code type/name} keys that clash. */
  private final Set<String> clashing = new HashSet<>();

  private ComponentNames() {}

  /** @param components each contributing backend's {@code components} object, in backend order */
  static ComponentNames resolve(Map<String, JsonNode> components) {
    ComponentNames names = new ComponentNames();
    Map<String, List<String>> owners = new LinkedHashMap<>();
    components.forEach((backend, c) -> c.properties().forEach(type -> type.getValue().properties().forEach(
        n -> owners.computeIfAbsent(type.getKey() + "/" + n.getKey(), k -> new java.util.ArrayList<>()).add(backend))));
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<String, List<String>> e : owners.entrySet()) {
        if (e.getValue().size() < 2 || names.clashing.contains(e.getKey())) {
          continue;
        }
        JsonNode first = null;
        for (String backend : e.getValue()) {
          int slash = e.getKey().indexOf('/');
          JsonNode def = names.rewrite(backend,
              components.get(backend).path(e.getKey().substring(0, slash)).path(e.getKey().substring(slash + 1)));
          if (first == null) {
            first = def;
          } else if (!first.equals(def)) {
            names.clashing.add(e.getKey());
            changed = true;
            break;
          }
        }
      }
    }
    return names;
  }

  /** The name component {@code name} of {@code type} from {@code backend} has in the merged document. */
  String name(String backend, String type, String name) {
    return clashing.contains(type + "/" + name) ? prefix(backend) + "_" + name : name;
  }

  /** A deep copy of {@code node} with every local component {@code $ref} renamed for {@code backend}. */
  JsonNode rewrite(String backend, JsonNode node) {
    JsonNode copy = node.deepCopy();
    rewriteInPlace(backend, copy);
    return copy;
  }

  private void rewriteInPlace(String backend, JsonNode node) {
    if (node instanceof ObjectNode o) {
      JsonNode ref = o.get("$ref");
      if (ref != null && ref.isTextual() && ref.asText().startsWith(PREFIX)) {
        String[] parts = ref.asText().substring(PREFIX.length()).split("/", 2);
        if (parts.length == 2 && !parts[1].contains("/")) {
          String name = unescape(parts[1]);
          o.set("$ref", TextNode.valueOf(PREFIX + parts[0] + "/" + escape(name(backend, parts[0], name))));
        }
      }
      o.properties().forEach(e -> rewriteInPlace(backend, e.getValue()));
    } else if (node.isArray()) {
      node.forEach(child -> rewriteInPlace(backend, child));
    }
  }

  /** A backend name as allowed in component names ({@code [A-Za-z0-9._-]}). */
  static String prefix(String backend) {
    return backend.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  private static String unescape(String pointerToken) {
    return pointerToken.replace("~1", "/").replace("~0", "~");
  }

  private static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
