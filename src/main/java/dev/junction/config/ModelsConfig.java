package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * The data plane's merged model list ({@code junction.models}): a local endpoint answering
 * {@code GET path} with the OpenAI list format ({@code {"object":"list","data":[...]}}) made of the
 * lists the named backends answer on the same path.
 *
 * @param path the path Junction answers (default {@code /models}); aliases such as
 *     {@code /v1/models} reach it through the alias table
 * @param backends backend names asked, in this order; their entries are concatenated in this order,
 *     a model id already listed by an earlier backend is skipped
 */
public record ModelsConfig(String path, List<String> backends) {
  public static final String DEFAULT_PATH = "/models";

  public ModelsConfig {
    requireNonNull(path, "path");
    backends = List.copyOf(backends);
    String problem = PathSyntax.checkPath(path);
    if (problem != null) {
      throw new IllegalArgumentException("path: " + problem);
    }
    if (backends.isEmpty()) {
      throw new IllegalArgumentException("backends: [] (expected: at least one backend name)");
    }
  }
}
