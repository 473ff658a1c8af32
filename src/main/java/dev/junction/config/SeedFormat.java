package dev.junction.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The seed router's format, read unchanged: top-level keys are backend URLs, each with an optional
 * {@code cache_timeout} (seconds; Junction's forms such as {@code 10m} are accepted too) and
 * {@code endpoints} mapping paths to payload alternatives. Each endpoint becomes one rule for any
 * method, forwarding to its backend; each alternative {@code {name: x}} becomes the condition
 * {@code /name equals x}. Every other setting keeps its default. No environment expansion: the
 * seed had none. One instance per load.
 */
final class SeedFormat {
  private static final List<String> BACKEND_KEYS = ConfigKeys.SEED_BACKEND.names();
  private static final List<String> ENDPOINT_KEYS = ConfigKeys.SEED_ENDPOINT.names();
  private static final String PAYLOAD = "a list of mappings of field: value";

  private final LoadProblems problems;
  private final Quantities quantities;
  private final JsonValues json;
  private final List<BackendConfig> backends = new ArrayList<>();
  private final List<RuleConfig> rules = new ArrayList<>();

  SeedFormat(LoadProblems problems, Scalars scalars) {
    this.problems = problems;
    this.quantities = new Quantities(scalars);
    this.json = new JsonValues(scalars);
  }

  JunctionConfig read(MappingNode root, @Nullable Path source) {
    Map<String, Integer> lines = new HashMap<>();
    for (Section.Entry e : Section.entries(root, "", problems)) {
      if (e.key().equals(ConfigLoader.JUNCTION_KEY)) {
        problems.add(e.keyNode(), e.path(), "'junction' among backend URLs (expected: either the seed format, "
            + "backend URLs at the top level, or Junction's format, a single top-level 'junction' key)");
        continue;
      }
      URI url = Urls.backend(e.key());
      String name = e.key().endsWith("/") ? e.key().substring(0, e.key().length() - 1) : e.key();
      if (url == null) {
        problems.add(e.keyNode(), e.path(), "not a backend URL (expected: " + Urls.EXPECTED + ")" + hint(e.key()));
        continue;
      }
      String problem = Urls.backendProblem(url);
      if (problem != null) {
        problems.add(e.keyNode(), e.path(), problem);
        url = null;
      }
      Integer first = lines.putIfAbsent(name, e.keyNode().getStartMark().getLine() + 1);
      if (first != null) {
        problems.add(e.keyNode(), e.path(), "backend '" + name + "' repeats the one at line " + first
            + " (expected: each backend once)");
        url = null;
      }
      backend(e, name, url);
    }
    return new JunctionConfig(source, JunctionConfig.DEFAULT_LISTEN, backends, rules, Map.of(),
        CacheConfig.defaults(), ProxyConfig.defaults(), DiscoveryConfig.defaults(), AdminConfig.defaults());
  }

  /** A pointer to Junction's format when a top-level key looks like it belongs there. */
  private static String hint(String key) {
    if (JunctionFormat.KEYS.contains(key)) {
      return " - Junction's own format puts '" + key + "' under a top-level 'junction' key";
    }
    return Suggestions.closest(key, List.of(ConfigLoader.JUNCTION_KEY)) != null ? " - did you mean 'junction'?" : "";
  }

  /** Reads one backend; with a {@code null} url its body is still checked but nothing is kept. */
  private void backend(Section.Entry entry, String name, @Nullable URI url) {
    Section section = Section.of(entry.value(), entry.path(), BACKEND_KEYS, "a mapping with cache_timeout, endpoints", problems);
    Node timeoutNode = section.value("cache_timeout");
    Duration timeout = timeoutNode == null ? null : quantities.duration(timeoutNode, section.path("cache_timeout"));
    if (url != null) {
      try {
        backends.add(new BackendConfig(name, url, timeout));
      } catch (IllegalArgumentException e) {
        problems.add(entry.keyNode(), entry.path(), e);
        url = null;
      }
    }
    Node endpoints = section.value("endpoints");
    if (endpoints == null) {
      return;
    }
    Section paths = Section.of(endpoints, section.path("endpoints"), null, "a mapping of path: {payload: [...]}", problems);
    for (Section.Entry endpoint : paths.entries()) {
      String problem = PathSyntax.checkTemplate(endpoint.key());
      if (problem != null) {
        problems.add(endpoint.keyNode(), endpoint.path(), problem);
      }
      List<PayloadCondition> payload = payload(endpoint);
      if (url != null && problem == null) {
        rules.add(new RuleConfig(name + " " + endpoint.key(), endpoint.key(), Set.of(), payload, List.of(name), null,
            problems.origin(endpoint.keyNode())));
      }
    }
  }

  private List<PayloadCondition> payload(Section.Entry endpoint) {
    Section section = Section.of(endpoint.value(), endpoint.path(), ENDPOINT_KEYS, "a mapping with payload", problems);
    Node node = section.value("payload");
    if (node == null) {
      return List.of();
    }
    String path = section.path("payload");
    if (!(node instanceof SequenceNode list)) {
      problems.add(node, path, Section.describe(node) + " (expected: " + PAYLOAD + ")");
      return List.of();
    }
    List<PayloadCondition> out = new ArrayList<>();
    for (int i = 0; i < list.getValue().size(); i++) {
      Node item = list.getValue().get(i);
      String itemPath = KeyPaths.index(path, i);
      if (!(item instanceof MappingNode fields)) {
        problems.add(item, itemPath, Section.describe(item) + " (expected: a mapping of field: value)");
        continue;
      }
      List<FieldCondition> conditions = new ArrayList<>();
      for (Section.Entry field : Section.entries(fields, itemPath, problems)) {
        FieldCondition condition = new FieldCondition(PathSyntax.field(field.key()),
            new ValueMatcher.Equals(json.json(field.value(), field.path())));
        if (!PayloadReader.tooDeep(problems, condition, field)) {
          conditions.add(condition);
        }
      }
      out.add(new PayloadCondition(conditions));
    }
    return out;
  }
}
