package dev.junction.openapi.merge;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Builds the one OpenAPI 3.1 document of what a client can call through Junction from the
 * backends' documents (3.0 or 3.1, JSON trees).
 *
 * <ul>
 *   <li>An operation is listed when the route table sends it to a backend whose document has it
 *       ({@link Ownership}); that backend's operation is the one shown, the first in routing order
 *       when several receive it. Operations nothing routes to are left out.
 *   <li>Paths are primary paths (the alias table applied); aliases are not listed.
 *   <li>An operation split between backends by payload rules is one operation; pinned payload
 *       fields become enums ({@link PayloadEnums}). {@code x-junction-backends} names the backends
 *       that receive it.
 *   <li>Components of the backends shown are merged; clashes are prefixed ({@link ComponentNames}).
 *   <li>{@code servers} is the relative {@code /}: Junction itself, wherever the document was
 *       fetched from.
 * </ul>
 *
 * <p>Deterministic: the same input gives the same document. Pure and thread-safe.
 */
public final class OpenApiMerger {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

  private OpenApiMerger() {}

  /** Why {@code document} cannot be merged ({@code "openapi: '2.0' (expected: ...)"}), or {@code null}. */
  public static @Nullable String problem(JsonNode document) {
    return Dialects.problem(document);
  }

  /** The merged document. Documents with a {@link #problem} are skipped. */
  public static ObjectNode merge(MergeInput in) {
    Map<String, JsonNode> docs = new LinkedHashMap<>();
    for (String b : in.backendOrder()) {
      JsonNode d = in.documents().get(b);
      if (d != null && Dialects.problem(d) == null) {
        docs.put(b, Dialects.to31(d));
      }
    }
    // (shape, method) -> the path text and operation in each backend's document
    Map<String, Map<String, Declared>> declared = new LinkedHashMap<>();
    docs.forEach((b, d) -> d.path("paths").properties().forEach(p -> {
      String primary = in.primaryPath().apply(p.getKey());
      for (String m : METHODS) {
        if (p.getValue().get(m) instanceof ObjectNode op) {
          declared.computeIfAbsent(Templates.shape(primary) + " " + m, k -> new LinkedHashMap<>())
              .putIfAbsent(b, new Declared(primary, m, op, p.getValue()));
        }
      }
    }));

    List<Chosen> chosen = new ArrayList<>();
    Set<String> contributing = new LinkedHashSet<>();
    declared.forEach((key, byBackend) -> {
      Declared any = byBackend.values().iterator().next();
      List<Ownership.Owner> owners = Ownership.owners(any.method(), any.path(), in.rules(), in.discoveryCandidates(),
          (b, m) -> byBackend.containsKey(b));
      for (Ownership.Owner o : owners) {
        Declared d = byBackend.get(o.backend());
        if (d != null) {
          chosen.add(new Chosen(o.backend(), d, owners));
          contributing.add(o.backend());
          return;
        }
      }
    });

    Map<String, JsonNode> components = new LinkedHashMap<>();
    for (String b : contributing) {
      components.put(b, docs.get(b).path("components"));
    }
    ComponentNames names = ComponentNames.resolve(components);
    ObjectNode mergedComponents = mergedComponents(components, names);

    ObjectNode paths = F.objectNode();
    Set<String> operationIds = new HashSet<>();
    Map<String, String> pathByShape = new LinkedHashMap<>();
    for (Chosen c : chosen) {
      String path = pathByShape.computeIfAbsent(Templates.shape(c.declared().path()), s -> c.declared().path());
      ObjectNode item = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
      item.set(c.declared().method(), operation(c, docs.get(c.backend()), names, mergedComponents, operationIds,
          in.models()));
    }
    String modelsPath = in.models().path();
    if (modelsPath != null) {
      // Junction answers it itself, whatever a backend's document says about the same path.
      paths.set(modelsPath, JunctionModels.pathItem(in.models()));
    }

    ObjectNode out = F.objectNode();
    out.put("openapi", "3.1.0");
    ObjectNode info = out.putObject("info");
    info.put("title", in.title());
    info.put("version", in.version());
    info.put("description", description(docs, contributing));
    out.putArray("servers").addObject().put("url", "/").put("description", "Junction");
    ArrayNode tags = tags(docs, contributing);
    if (!tags.isEmpty()) {
      out.set("tags", tags);
    }
    out.set("paths", paths);
    if (!mergedComponents.isEmpty()) {
      out.set("components", mergedComponents);
    }
    return out;
  }

  private record Declared(String path, String method, ObjectNode operation, JsonNode pathItem) {}

  private record Chosen(String backend, Declared declared, List<Ownership.Owner> owners) {}

  private static ObjectNode operation(Chosen c, JsonNode doc, ComponentNames names, ObjectNode components,
      Set<String> operationIds, MergeInput.Models models) {
    ObjectNode op = (ObjectNode) names.rewrite(c.backend(), c.declared().operation());
    op.remove("servers"); // clients call Junction, never the backend directly
    JsonNode pathParams = c.declared().pathItem().get("parameters");
    if (pathParams != null && pathParams.isArray()) {
      ArrayNode params = op.has("parameters") ? (ArrayNode) op.get("parameters") : F.arrayNode();
      Set<String> present = new HashSet<>();
      params.forEach(p -> present.add(p.path("in").asText() + ":" + p.path("name").asText() + ":" + p.path("$ref").asText()));
      ArrayNode merged = F.arrayNode();
      for (JsonNode p : names.rewrite(c.backend(), pathParams)) {
        if (!present.contains(p.path("in").asText() + ":" + p.path("name").asText() + ":" + p.path("$ref").asText())) {
          merged.add(p);
        }
      }
      merged.addAll(params);
      op.set("parameters", merged);
    }
    if (!op.has("security") && doc.has("security")) {
      op.set("security", doc.get("security").deepCopy());
    }
    String id = op.path("operationId").asText("");
    if (!id.isEmpty() && !operationIds.add(id)) {
      String prefixed = ComponentNames.prefix(c.backend()) + "_" + id;
      operationIds.add(prefixed);
      op.put("operationId", prefixed);
    }
    Map<JsonPointer, List<JsonNode>> allowed = JunctionModels.withCatalog(PayloadEnums.allowed(c.owners()), models);
    if (!allowed.isEmpty() && op.get("requestBody") instanceof ObjectNode body) {
      ObjectNode inline = inline(body, components);
      PayloadEnums.constrain(inline, allowed);
      op.set("requestBody", inline);
    }
    String routing = PayloadEnums.describe(c.owners());
    String text = op.path("description").asText("");
    op.put("description", text.isEmpty() ? routing : text + "\n\n" + routing);
    ArrayNode backends = op.putArray("x-junction-backends");
    new LinkedHashSet<>(c.owners().stream().map(Ownership.Owner::backend).toList()).forEach(backends::add);
    return op;
  }

  /** The request body itself: a local {@code $ref} to a request body component is replaced by a copy. */
  private static ObjectNode inline(ObjectNode body, ObjectNode components) {
    String ref = body.path("$ref").asText("");
    String prefix = "#/components/requestBodies/";
    if (ref.startsWith(prefix) && components.path("requestBodies").get(
        ref.substring(prefix.length()).replace("~1", "/").replace("~0", "~")) instanceof ObjectNode target) {
      return target.deepCopy();
    }
    return body;
  }

  private static ObjectNode mergedComponents(Map<String, JsonNode> components, ComponentNames names) {
    Map<String, Map<String, JsonNode>> byType = new TreeMap<>();
    components.forEach((b, c) -> c.properties().forEach(type -> type.getValue().properties().forEach(n ->
        byType.computeIfAbsent(type.getKey(), k -> new TreeMap<>())
            .putIfAbsent(names.name(b, type.getKey(), n.getKey()), names.rewrite(b, n.getValue())))));
    ObjectNode out = F.objectNode();
    byType.forEach((type, entries) -> {
      ObjectNode t = out.putObject(type);
      entries.forEach(t::set);
    });
    return out;
  }

  private static ArrayNode tags(Map<String, JsonNode> docs, Set<String> contributing) {
    ArrayNode out = F.arrayNode();
    Set<String> seen = new HashSet<>();
    for (String b : contributing) {
      for (JsonNode t : docs.get(b).path("tags")) {
        if (seen.add(t.path("name").asText())) {
          out.add(t.deepCopy());
        }
      }
    }
    return out;
  }

  private static String description(Map<String, JsonNode> docs, Set<String> contributing) {
    StringBuilder out = new StringBuilder("What a client can call through Junction, merged from the backends' documents.");
    for (String b : contributing) {
      JsonNode info = docs.get(b).path("info");
      out.append("\n- ").append(b).append(": ").append(info.path("title").asText("untitled"))
          .append(' ').append(info.path("version").asText(""));
    }
    return out.toString();
  }
}
