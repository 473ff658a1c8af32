package dev.junction.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.config.ModelAlias;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Pure: reading one OpenAI list ({@code {"object":"list","data":[...]}}) and concatenating several. */
final class ModelLists {
  static final ObjectMapper JSON = new ObjectMapper();

  private ModelLists() {}

  /** The {@code data} array of an OpenAI list, or {@code null} when {@code body} is not one. */
  static @Nullable ArrayNode data(byte[] body) {
    JsonNode n;
    try {
      n = JSON.readTree(body);
    } catch (java.io.IOException e) {
      return null;
    }
    return n != null && n.path("data") instanceof ArrayNode a ? a : null;
  }

  /** The lists concatenated in order; an entry whose {@code id} an earlier entry has is left out. */
  static ObjectNode merge(List<ArrayNode> lists) {
    return merge(lists, List.of());
  }

  /**
   * The lists concatenated in order, then the model aliases under their public names; an entry whose
   * {@code id} an earlier entry has is left out, and a backend's entry whose id is an alias too (the
   * alias wins in routing) gives way to the alias.
   */
  static ObjectNode merge(List<ArrayNode> lists, List<ModelAlias> aliases) {
    ObjectNode out = JSON.createObjectNode();
    out.put("object", "list");
    ArrayNode data = out.putArray("data");
    Set<String> ids = new HashSet<>();
    aliases.forEach(a -> ids.add(a.name()));
    for (ArrayNode list : lists) {
      for (JsonNode entry : list) {
        JsonNode id = entry.get("id");
        if (id == null || !id.isTextual() || ids.add(id.asText())) {
          data.add(entry);
        }
      }
    }
    for (ModelAlias a : aliases) {
      ObjectNode entry = data.addObject();
      entry.put("id", a.name());
      entry.put("object", "model");
      entry.put("created", 0);
      entry.put("owned_by", "junction");
      ObjectNode about = entry.putObject("junction");
      about.put("alias_of", a.model());
      if (a.backend() != null) {
        about.put("backend", a.backend());
      }
    }
    return out;
  }
}
