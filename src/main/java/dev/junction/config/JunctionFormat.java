package dev.junction.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Junction's own format: everything under a single top-level {@code junction} key. Every section
 * and key is optional; what is left out keeps the records' defaults. Routes are read by
 * {@link RouteReader}, cache, proxy and discovery by {@link JunctionSections}, the rest here. One
 * instance per load.
 */
final class JunctionFormat {
  static final List<String> KEYS = ConfigKeys.JUNCTION.names();
  private static final List<String> ADMIN_KEYS = ConfigKeys.ADMIN.names();
  private static final List<String> BACKEND_KEYS = ConfigKeys.BACKEND.names();
  private static final List<String> PROTOCOLS = ConfigKeys.BACKEND.choices("protocol");

  private final LoadProblems problems;
  private final Scalars scalars;
  private final Quantities quantities;
  private final @Nullable Path source;
  /** Every backend name written, valid or not, so one bad backend does not also break its references. */
  private final List<String> backendNames = new ArrayList<>();

  JunctionFormat(LoadProblems problems, Scalars scalars, @Nullable Path source) {
    this.problems = problems;
    this.scalars = scalars;
    this.quantities = new Quantities(scalars);
    this.source = source;
  }

  JunctionConfig read(Section.Entry junction) {
    Section top = Section.of(junction.value(), junction.path(), KEYS, "a mapping of Junction settings", problems);
    Node listenNode = top.value("listen");
    ListenerReader.Result listener = listenNode instanceof MappingNode m
        ? new ListenerReader(scalars, source).read(m, top.path("listen")) : null;
    HostPort listen = listener != null ? listener.address() : listen(top, JunctionConfig.DEFAULT_LISTEN);
    AdminConfig admin = admin(top);
    List<BackendConfig> backends = backends(top);
    Node routes = top.value("routes");
    List<RuleConfig> rules = routes == null ? List.of()
        : new RouteReader(problems, scalars, backendNames).read(routes, top.path("routes"));
    JunctionSections sections = new JunctionSections(scalars, source);
    OpenApiConfig openapi = sections.openapi(top);
    ModelsConfig models = sections.models(top, backendNames);
    LocalEndpoints.checkClashes(openapi, backends.stream().anyMatch(b -> b.openapi() != null), models, rules, problems);
    return new JunctionConfig(source, listen, backends, rules, aliases(top), sections.cache(top), sections.proxy(top),
        sections.discovery(top, backendNames), admin, openapi, models, sections.accessLog(top),
        listener != null ? listener.listener() : ListenerConfig.defaults(), modelAliases(top, backendNames), sections.tracing(top));
  }

  /**
   * {@code model_aliases}: public name to the backend's name (a text), or to {@code {backend, model}}.
   * An alias whose model is itself an alias is refused (a chain, or a cycle): each request is
   * renamed once.
   */
  private List<ModelAlias> modelAliases(Section top, List<String> backendNames) {
    Node node = top.value("model_aliases");
    if (node == null) {
      return List.of();
    }
    Section section = Section.of(node, top.path("model_aliases"), null, "a mapping of public model name: the backend's "
        + "model name, or {backend: NAME, model: NAME}", problems);
    List<ModelAlias> out = new ArrayList<>();
    Map<String, Section.Entry> entries = new LinkedHashMap<>();
    for (Section.Entry e : section.entries()) {
      entries.put(e.key(), e);
      String model;
      String backend = null;
      if (e.value() instanceof MappingNode) {
        Section a = Section.of(e.value(), e.path(), ConfigKeys.MODEL_ALIAS.names(), "{backend: NAME, model: NAME}", problems);
        Node b = a.value("backend");
        Node m = a.value("model");
        if (b == null) {
          problems.add(e.value(), a.path("backend"), "missing (expected: the backend that serves it)");
        } else {
          backend = scalars.string(b, a.path("backend"), "a backend name");
          if (backend != null && !backendNames.contains(backend)) {
            problems.add(b, a.path("backend"), "unknown backend '" + backend + "' " + Suggestions.expectedOneOf(backend,
                backendNames));
            backend = null;
          }
        }
        if (m == null) {
          problems.add(e.value(), a.path("model"), "missing (expected: the backend's name for the model)");
          continue;
        }
        model = scalars.string(m, a.path("model"), "a model name");
        if (backend == null) {
          continue;
        }
      } else {
        model = e.isNull() ? null : scalars.string(e.value(), e.path(), "the backend's model name, or {backend, model}");
        if (e.isNull()) {
          problems.add(e.value(), e.path(), "empty (expected: the backend's model name, or {backend: NAME, model: NAME})");
        }
      }
      if (model == null) {
        continue;
      }
      try {
        out.add(new ModelAlias(e.key(), model, backend, problems.origin(e.keyNode())));
      } catch (IllegalArgumentException x) {
        problems.add(e.value(), e.path(), String.valueOf(x.getMessage()).replaceFirst("^(name|model): ", ""));
      }
    }
    for (ModelAlias a : out) {
      Section.Entry target = entries.get(a.model());
      if (target != null) {
        Section.Entry e = entries.get(a.name());
        problems.add(e.value(), e.path(), "'" + a.model() + "' is itself an alias (line " + problems.origin(target.keyNode())
            .line() + ") (expected: the backend's own name: a request is renamed once)");
      }
    }
    return out;
  }

  private HostPort listen(Section section, HostPort fallback) {
    Node node = section.value("listen");
    String text = node == null ? null : scalars.string(node, section.path("listen"), "HOST:PORT");
    if (text == null) {
      return fallback;
    }
    try {
      return HostPort.parse(text);
    } catch (IllegalArgumentException e) {
      problems.add(node, section.path("listen"), e);
      return fallback;
    }
  }

  private AdminConfig admin(Section top) {
    AdminConfig defaults = AdminConfig.defaults();
    Node node = top.value("admin");
    if (node == null) {
      return defaults;
    }
    Section admin = Section.of(node, top.path("admin"), ADMIN_KEYS, "a mapping with enabled, listen, token", problems);
    Node enabledNode = admin.value("enabled");
    Boolean enabled = enabledNode == null ? null : scalars.bool(enabledNode, admin.path("enabled"));
    Node tokenNode = admin.value("token");
    String token = tokenNode == null ? null : scalars.string(tokenNode, admin.path("token"), "a bearer token");
    if (tokenNode != null && token != null && token.isBlank()) {
      problems.add(tokenNode, admin.path("token"), "empty (expected: a token, or no token key)");
    }
    return new AdminConfig(enabled == null ? defaults.enabled() : enabled, listen(admin, defaults.listen()), token);
  }

  private List<BackendConfig> backends(Section top) {
    Node node = top.value("backends");
    if (node == null) {
      return List.of();
    }
    Section section = Section.of(node, top.path("backends"), null, "a mapping of name: URL", problems);
    List<BackendConfig> out = new ArrayList<>();
    for (Section.Entry e : section.entries()) {
      backendNames.add(e.key());
      if (e.key().isBlank()) {
        problems.add(e.keyNode(), e.path(), "empty name (expected: a backend name such as llm-a)");
      }
      BackendConfig b = backend(e);
      if (b != null) {
        out.add(b);
      }
    }
    return out;
  }

  private @Nullable BackendConfig backend(Section.Entry e) {
    Node urlNode = e.value();
    String urlPath = e.path();
    Duration timeout = null;
    String openapi = null;
    HealthCheckConfig health = null;
    BackendConfig.Protocol protocol = BackendConfig.Protocol.HTTP1;
    boolean discovery = true;
    Duration responseTimeout = null;
    Section spec = null;
    if (e.value() instanceof MappingNode) {
      spec = Section.of(e.value(), e.path(), BACKEND_KEYS,
          "a URL, or a mapping with url, cache_timeout, openapi, health, protocol, discovery and response_timeout",
          problems);
      Node timeoutNode = spec.value("cache_timeout");
      timeout = timeoutNode == null ? null : quantities.duration(timeoutNode, spec.path("cache_timeout"));
      Node openapiNode = spec.value("openapi");
      openapi = openapiNode == null ? null
          : scalars.string(openapiNode, spec.path("openapi"), "a path on the backend such as /openapi.json");
      Node healthNode = spec.value("health");
      health = healthNode == null ? null : new JunctionSections(scalars, source).health(healthNode, spec.path("health"));
      Node discoveryNode = spec.value("discovery");
      if (discoveryNode != null) {
        Boolean on = scalars.bool(discoveryNode, spec.path("discovery"));
        discovery = on == null || on;
      }
      Node responseNode = spec.value("response_timeout");
      responseTimeout = responseNode == null ? null : quantities.duration(responseNode, spec.path("response_timeout"));
      Node protocolNode = spec.value("protocol");
      if (protocolNode != null) {
        protocol = protocol(protocolNode, spec.path("protocol"));
      }
      urlNode = spec.value("url");
      urlPath = spec.path("url");
      if (urlNode == null) {
        problems.add(e.value(), urlPath, "missing (expected: " + Urls.EXPECTED + ")");
        return null;
      }
    }
    String text = scalars.string(urlNode, urlPath, Urls.EXPECTED);
    URI url = text == null ? null : Urls.backend(text);
    if (text != null && url == null) {
      problems.add(urlNode, urlPath, Section.shown(text) + " (expected: " + Urls.EXPECTED + ")");
    }
    if (url == null) {
      return null;
    }
    String problem = Urls.backendProblem(url);
    if (problem != null) {
      problems.add(urlNode, urlPath, problem);
      return null;
    }
    try {
      return new BackendConfig(e.key(), url, timeout, openapi, health, protocol == null ? BackendConfig.Protocol.HTTP1 : protocol,
          discovery, responseTimeout);
    } catch (IllegalArgumentException ex) {
      if (spec != null) {
        spec.reject(ex, problems);
      } else {
        problems.add(urlNode, urlPath, ex);
      }
      return null;
    }
  }

  private BackendConfig.@Nullable Protocol protocol(Node node, String path) {
    String text = scalars.string(node, path, "one of " + String.join(", ", PROTOCOLS));
    if (text == null) {
      return null;
    }
    for (BackendConfig.Protocol p : BackendConfig.Protocol.values()) {
      if (p.wireName().equals(text)) {
        return p;
      }
    }
    problems.add(node, path, Section.shown(text) + " " + Suggestions.expectedOneOf(text, PROTOCOLS));
    return null;
  }

  private Map<String, List<String>> aliases(Section top) {
    Node node = top.value("aliases");
    if (node == null) {
      return Map.of();
    }
    Section section = Section.of(node, top.path("aliases"), null, "a mapping of path: [alias, ...]", problems);
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Section.Entry e : section.entries()) {
      String problem = PathSyntax.checkPath(e.key());
      if (problem != null) {
        problems.add(e.keyNode(), e.path(), problem);
      }
      String primary = e.key();
      out.put(primary, e.isNull() ? List.of()
          : scalars.strings(e.value(), e.path(), "an alias path such as /v1/models", a -> a.equals(primary)
              ? Section.shown(a) + " is the primary path itself (expected: another path that leads to " + primary + ")"
              : PathSyntax.checkPath(a)));
    }
    return out;
  }
}
