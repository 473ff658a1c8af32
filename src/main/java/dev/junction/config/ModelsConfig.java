package dev.junction.config;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import java.time.Duration;
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
 * @param route whether a request naming a model of these catalogs goes straight to a backend that
 *     lists it (the catalog stage, between explicit rules and the decision cache)
 * @param refresh how often each backend's catalog is fetched again
 * @param field where a request's JSON body names its model
 * @param balance how requests for a model several backends list are spread over them
 */
public record ModelsConfig(String path, List<String> backends, boolean route, Duration refresh, JsonPointer field,
    BalanceStrategy balance) {
  public static final String DEFAULT_PATH = "/models";
  public static final Duration DEFAULT_REFRESH = Duration.ofSeconds(30);
  public static final JsonPointer DEFAULT_FIELD = JsonPointer.compile("/model");

  /** Catalog routing on, with the defaults. */
  public ModelsConfig(String path, List<String> backends) {
    this(path, backends, true, DEFAULT_REFRESH, DEFAULT_FIELD, BalanceStrategy.FIRST);
  }

  public ModelsConfig {
    requireNonNull(refresh, "refresh");
    requireNonNull(field, "field");
    requireNonNull(balance, "balance");
    if (refresh.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException("refresh: " + refresh + " (expected: at least 1s)");
    }
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
