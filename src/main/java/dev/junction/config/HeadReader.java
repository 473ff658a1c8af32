package dev.junction.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A route's {@code headers}, {@code query} and {@code host} conditions. A header or query condition
 * is a plain scalar (the value equals its text: {@code 2} and {@code "2"} alike) or a mapping with
 * exactly one of {@code equals}, {@code one_of}, {@code glob}, {@code exists}. One instance per load.
 */
final class HeadReader {
  private static final List<String> OPERATORS = ConfigKeys.TEXT_CONDITION.names();
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** Headers a condition could never see as the client sent them: framing and hop-by-hop fields. */
  private static final Set<String> UNROUTABLE = Set.of("content-length", "transfer-encoding", "connection",
      "keep-alive", "te", "upgrade", "proxy-connection");

  private final LoadProblems problems;
  private final Scalars scalars;

  HeadReader(Scalars scalars) {
    this.problems = scalars.problems();
    this.scalars = scalars;
  }

  /** Reads the three keys of route section {@code s}; {@code null} after a problem. */
  @Nullable HeadConditions read(Section s) {
    int before = problems.size();
    Map<String, ValueMatcher> headers = conditions(s.value("headers"), s.path("headers"), true);
    Map<String, ValueMatcher> query = conditions(s.value("query"), s.path("query"), false);
    List<String> hosts = hosts(s.value("host"), s.path("host"));
    if (problems.size() != before) {
      return null;
    }
    try {
      return new HeadConditions(headers, query, hosts);
    } catch (IllegalArgumentException e) {
      s.reject(e, problems);
      return null;
    }
  }

  private Map<String, ValueMatcher> conditions(@Nullable Node node, String path, boolean header) {
    Map<String, ValueMatcher> out = new LinkedHashMap<>();
    if (node == null) {
      return out;
    }
    String expected = header ? "a mapping of header name: condition, such as {x-tenant: acme}"
        : "a mapping of parameter name: condition, such as {api-version: 2024-06-01}";
    if (!(node instanceof MappingNode m) || m.getValue().isEmpty()) {
      problems.add(node, path, (node instanceof MappingNode || Section.isNull(node) ? "empty" : Section.describe(node))
          + " (expected: " + expected + ")");
      return out;
    }
    Map<String, String> lowerSeen = new LinkedHashMap<>();
    for (Section.Entry e : Section.entries(m, path, problems)) {
      String name = e.key();
      if (header) {
        if (!TOKEN.matcher(name).matches()) {
          problems.add(e.keyNode(), e.path(), Section.shown(name) + " (expected: a header name such as x-tenant)");
          continue;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (UNROUTABLE.contains(lower) || lower.startsWith(":")) {
          problems.add(e.keyNode(), e.path(), Section.shown(name) + " is a framing or hop-by-hop header (expected: "
              + "an end-to-end header such as x-tenant; route on the host with host:)");
          continue;
        }
        if (lower.equals("host")) {
          problems.add(e.keyNode(), e.path(), "'host' as a header condition (expected: the route's host: key, which "
              + "also reads HTTP/2's :authority and leaves out the port)");
          continue;
        }
        String first = lowerSeen.putIfAbsent(lower, name);
        if (first != null) {
          problems.add(e.keyNode(), e.path(), Section.shown(name) + " repeats header '" + first
              + "' (expected: each header once; names are case-insensitive)");
          continue;
        }
      } else if (name.isEmpty()) {
        problems.add(e.keyNode(), e.path(), "empty (expected: a query parameter name)");
        continue;
      }
      ValueMatcher matcher = matcher(e.value(), e.path());
      if (matcher != null) {
        out.put(name, matcher);
      }
    }
    return out;
  }

  private @Nullable ValueMatcher matcher(Node value, String path) {
    if (value instanceof ScalarNode s) {
      if (Section.isNull(s)) {
        problems.add(value, path, "empty (expected: a text, or {exists: true} for a header or parameter that is present)");
        return null;
      }
      String text = text(s, path);
      return text == null ? null : new ValueMatcher.Equals(TextNode.valueOf(text));
    }
    if (!(value instanceof MappingNode m)) {
      problems.add(value, path, "a list (expected: a text, or {one_of: [...]} for several)");
      return null;
    }
    Section op = Section.of(m, path, OPERATORS, "exactly one of " + String.join(", ", OPERATORS), problems);
    List<Section.Entry> written = new ArrayList<>(op.entries());
    if (written.size() != 1) {
      if (!written.isEmpty() || m.getValue().isEmpty()) {
        problems.add(m, path, (written.isEmpty() ? "empty" : String.join(" and ", written.stream().map(Section.Entry::key)
            .toList())) + " (expected: exactly one of " + String.join(", ", OPERATORS) + ")");
      }
      return null;
    }
    String operator = written.get(0).key();
    Node v = written.get(0).value();
    String at = written.get(0).path();
    switch (operator) {
      case "equals": {
        String text = v instanceof ScalarNode s && !Section.isNull(s) ? text(s, at) : null;
        if (text == null && !(v instanceof ScalarNode s2 && !Section.isNull(s2))) {
          problems.add(v, at, Section.describe(v) + " (expected: a text)");
        }
        return text == null ? null : new ValueMatcher.Equals(TextNode.valueOf(text));
      }
      case "one_of": {
        if (!(v instanceof SequenceNode list) || list.getValue().isEmpty()) {
          problems.add(v, at, Section.describe(v) + " (expected: a non-empty list of texts)");
          return null;
        }
        List<JsonNode> options = new ArrayList<>();
        for (int i = 0; i < list.getValue().size(); i++) {
          Node item = list.getValue().get(i);
          String itemPath = KeyPaths.index(at, i);
          if (!(item instanceof ScalarNode s) || Section.isNull(s)) {
            problems.add(item, itemPath, Section.describe(item) + " (expected: a text)");
            continue;
          }
          String text = text(s, itemPath);
          if (text != null) {
            options.add(TextNode.valueOf(text));
          }
        }
        return options.size() == list.getValue().size() ? new ValueMatcher.OneOf(options) : null;
      }
      case "glob": {
        if (!(v instanceof ScalarNode s) || !s.getTag().equals(Tag.STR)) {
          problems.add(v, at, Section.describe(v) + " (expected: a glob string such as \"2024-*\")");
          return null;
        }
        String pattern = scalars.expand(s, at);
        return pattern == null ? null : new ValueMatcher.Glob(pattern);
      }
      default: {
        Boolean present = scalars.bool(v, at);
        return present == null ? null : new ValueMatcher.Exists(present);
      }
    }
  }

  /** A scalar's text as written (numbers and booleans too), environment references expanded. */
  private @Nullable String text(ScalarNode s, String path) {
    return s.getTag().equals(Tag.STR) ? scalars.expand(s, path) : s.getValue();
  }

  private List<String> hosts(@Nullable Node node, String path) {
    if (node == null) {
      return List.of();
    }
    if (node instanceof SequenceNode seq && seq.getValue().isEmpty()) {
      problems.add(node, path, "empty (expected: at least one host, or no host key for any host)");
      return List.of();
    }
    return scalars.strings(node, path, "a host such as api.example.com", h -> {
      String problem = HeadConditions.hostProblem(h.toLowerCase(Locale.ROOT));
      return problem == null ? null : Section.shown(h) + " " + problem;
    });
  }
}
