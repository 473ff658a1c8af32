package dev.junction.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the changes between two OpenAPI 3.1 documents that break existing clients: a removed
 * operation or success response, a removed schema or property, a new required request property or
 * parameter, a changed type or format, a removed enum value, a response property that may now be
 * absent. Additions are not breaking.
 *
 * <p>A finding's subject is an operation ({@code GET /cache/{key}}) or a schema name ({@code
 * CacheEntry}); listing the subject in the allow-list file accepts every finding about it.
 *
 * <p>A small focused checker rather than openapi-diff: that library drags in the non-jakarta
 * swagger-core and swagger-parser v2 next to ours, and we need only these rules.
 */
final class BreakingChangeChecker {
  private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
  private static final String SCHEMA_REF = "#/components/schemas/";

  /** One breaking change. */
  record Finding(String subject, String message) {
    @Override
    public String toString() {
      return subject + ": " + message;
    }
  }

  private enum Use {
    REQUEST,
    RESPONSE
  }

  private final JsonNode before;
  private final JsonNode after;
  private final List<Finding> findings = new ArrayList<>();
  private final Set<String> requestSchemas = new HashSet<>();
  private final Set<String> responseSchemas = new HashSet<>();

  private BreakingChangeChecker(JsonNode before, JsonNode after) {
    this.before = before;
    this.after = after;
  }

  /** Every breaking change from {@code before} to {@code after}. */
  static List<Finding> compare(JsonNode before, JsonNode after) {
    BreakingChangeChecker c = new BreakingChangeChecker(before, after);
    for (JsonNode doc : List.of(before, after)) {
      c.collectUses(doc);
    }
    c.paths();
    c.schemas();
    return List.copyOf(c.findings);
  }

  /** The subjects listed in an allow-list file: one per line, {@code #} starts a comment. */
  static Set<String> allowList(Path file) throws IOException {
    Set<String> out = new TreeSet<>();
    if (!Files.exists(file)) {
      return out;
    }
    for (String line : Files.readAllLines(file)) {
      String s = line.replaceFirst("#.*", "").trim();
      if (!s.isEmpty()) {
        out.add(s);
      }
    }
    return out;
  }

  private void paths() {
    for (Map.Entry<String, JsonNode> p : before.path("paths").properties()) {
      for (String m : METHODS) {
        JsonNode b = p.getValue().get(m);
        if (b == null) {
          continue;
        }
        String subject = m.toUpperCase(java.util.Locale.ROOT) + " " + p.getKey();
        JsonNode a = after.path("paths").path(p.getKey()).get(m);
        if (a == null) {
          findings.add(new Finding(subject, "operation removed"));
        } else {
          operation(subject, b, a);
        }
      }
    }
  }

  private void operation(String subject, JsonNode b, JsonNode a) {
    for (JsonNode ap : a.path("parameters")) {
      JsonNode bp = parameter(b, ap.path("in").asText(), ap.path("name").asText());
      String name = ap.path("in").asText() + " parameter " + ap.path("name").asText();
      if (ap.path("required").asBoolean() && (bp == null || !bp.path("required").asBoolean())) {
        findings.add(new Finding(subject, name + (bp == null ? " added as required" : " became required")));
      }
      if (bp != null) {
        schema(subject, name, bp.path("schema"), ap.path("schema"), Set.of(Use.REQUEST));
      }
    }
    JsonNode bb = b.path("requestBody");
    JsonNode ab = a.path("requestBody");
    if (ab.path("required").asBoolean() && !bb.path("required").asBoolean()) {
      findings.add(new Finding(subject, "request body became required"));
    }
    content(subject, "request body", bb.path("content"), ab.path("content"), Set.of(Use.REQUEST));
    for (Map.Entry<String, JsonNode> r : b.path("responses").properties()) {
      JsonNode ar = a.path("responses").get(r.getKey());
      if (ar == null) {
        findings.add(new Finding(subject, "response " + r.getKey() + " removed"));
      } else {
        content(subject, "response " + r.getKey(), r.getValue().path("content"), ar.path("content"), Set.of(Use.RESPONSE));
      }
    }
  }

  private static JsonNode parameter(JsonNode op, String in, String name) {
    for (JsonNode p : op.path("parameters")) {
      if (p.path("in").asText().equals(in) && p.path("name").asText().equals(name)) {
        return p;
      }
    }
    return null;
  }

  private void content(String subject, String where, JsonNode b, JsonNode a, Set<Use> use) {
    for (Map.Entry<String, JsonNode> m : b.properties()) {
      JsonNode am = a.get(m.getKey());
      if (am == null) {
        findings.add(new Finding(subject, where + ": media type " + m.getKey() + " removed"));
      } else {
        schema(subject, where, m.getValue().path("schema"), am.path("schema"), use);
      }
    }
  }

  private void schemas() {
    for (Map.Entry<String, JsonNode> s : before.path("components").path("schemas").properties()) {
      JsonNode a = after.path("components").path("schemas").get(s.getKey());
      if (a == null) {
        findings.add(new Finding(s.getKey(), "schema removed"));
        continue;
      }
      Set<Use> use = new HashSet<>();
      if (requestSchemas.contains(s.getKey())) {
        use.add(Use.REQUEST);
      }
      if (responseSchemas.contains(s.getKey())) {
        use.add(Use.RESPONSE);
      }
      schema(s.getKey(), "", s.getValue(), a, use);
    }
  }

  /** Compares two schemas where a value is used; references are compared by name, not followed. */
  private void schema(String subject, String where, JsonNode b, JsonNode a, Set<Use> use) {
    String at = where.isEmpty() ? "" : where + ": ";
    Set<String> bt = types(b);
    Set<String> atypes = types(a);
    boolean narrowed = !atypes.containsAll(bt);
    boolean widened = !bt.containsAll(atypes);
    if ((narrowed && use.contains(Use.REQUEST)) || (widened && use.contains(Use.RESPONSE))) {
      findings.add(new Finding(subject, at + "type changed from " + bt + " to " + atypes));
    }
    if (!b.path("format").asText().equals(a.path("format").asText())) {
      findings.add(new Finding(subject, at + "format changed from '" + b.path("format").asText() + "' to '"
          + a.path("format").asText() + "'"));
    }
    if (b.has("enum")) {
      Set<String> av = new HashSet<>();
      a.path("enum").forEach(v -> av.add(v.toString()));
      for (JsonNode v : b.path("enum")) {
        if (a.has("enum") && !av.contains(v.toString())) {
          findings.add(new Finding(subject, at + "enum value " + v + " removed"));
        }
      }
    }
    for (Map.Entry<String, JsonNode> p : b.path("properties").properties()) {
      JsonNode ap = a.path("properties").get(p.getKey());
      if (ap == null) {
        findings.add(new Finding(subject, at + "property " + p.getKey() + " removed"));
      } else {
        schema(subject, where.isEmpty() ? p.getKey() : where + "." + p.getKey(), p.getValue(), ap, use);
      }
    }
    Set<String> br = strings(b.path("required"));
    Set<String> ar = strings(a.path("required"));
    for (String r : ar) {
      if (!br.contains(r) && use.contains(Use.REQUEST)) {
        findings.add(new Finding(subject, at + "property " + r + " is now required in requests"));
      }
    }
    for (String r : br) {
      if (!ar.contains(r) && a.path("properties").has(r) && use.contains(Use.RESPONSE)) {
        findings.add(new Finding(subject, at + "property " + r + " may now be absent from responses"));
      }
    }
    if (b.has("items") && a.has("items")) {
      schema(subject, where + "[]", b.path("items"), a.path("items"), use);
    }
    if (b.path("additionalProperties").isObject() && a.path("additionalProperties").isObject()) {
      schema(subject, where + "{}", b.path("additionalProperties"), a.path("additionalProperties"), use);
    }
  }

  /** The type set, with a reference standing for the type {@code ref:Name}. */
  private static Set<String> types(JsonNode s) {
    Set<String> out = new TreeSet<>();
    if (s.has("$ref")) {
      out.add("ref:" + s.path("$ref").asText().replace(SCHEMA_REF, ""));
    }
    JsonNode t = s.path("type");
    if (t.isTextual()) {
      out.add(t.asText());
    }
    t.forEach(v -> out.add(v.asText()));
    return out;
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new TreeSet<>();
    array.forEach(v -> out.add(v.asText()));
    return out;
  }

  /** Which component schemas a request body or parameter, and which a response, can reach. */
  private void collectUses(JsonNode doc) {
    for (JsonNode item : doc.path("paths")) {
      for (String m : METHODS) {
        JsonNode op = item.get(m);
        if (op == null) {
          continue;
        }
        reach(doc, op.path("requestBody"), requestSchemas);
        reach(doc, op.path("parameters"), requestSchemas);
        reach(doc, op.path("responses"), responseSchemas);
      }
    }
  }

  private static void reach(JsonNode doc, JsonNode from, Set<String> out) {
    Deque<JsonNode> todo = new ArrayDeque<>();
    todo.push(from);
    while (!todo.isEmpty()) {
      JsonNode n = todo.pop();
      String ref = n.path("$ref").asText("");
      if (ref.startsWith(SCHEMA_REF) && out.add(ref.substring(SCHEMA_REF.length()))) {
        todo.push(doc.path("components").path("schemas").path(ref.substring(SCHEMA_REF.length())));
      } else if (ref.startsWith("#/components/responses/")) {
        todo.push(doc.path("components").path("responses").path(ref.substring("#/components/responses/".length())));
      }
      n.forEach(todo::push);
    }
  }
}
