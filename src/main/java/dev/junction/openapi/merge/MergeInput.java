package dev.junction.openapi.merge;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.config.RuleConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * What {@link OpenApiMerger#merge} works from.
 *
 * @param backendOrder every backend name, in config order (the order of tie-breaks and output)
 * @param rules the explicit rules, in config order
 * @param discoveryCandidates the backends discovery tries, in order
 * @param documents each backend's fetched document by backend name; backends without one are absent
 * @param primaryPath maps a path to the primary path clients call (the alias table); identity when
 *     there are no aliases
 * @param title the merged document's {@code info.title}
 * @param version the merged document's {@code info.version}
 */
public record MergeInput(
    List<String> backendOrder,
    List<RuleConfig> rules,
    List<String> discoveryCandidates,
    Map<String, JsonNode> documents,
    UnaryOperator<String> primaryPath,
    String title,
    String version,
    Models models) {

  /**
   * Junction's own model list and the catalog stage, as the document shows them.
   *
   * @param path where Junction answers {@code GET} with the merged model list; {@code null}: it does not
   * @param field where a request body names its model, for the catalog stage; {@code null}: no catalog routing
   * @param listed every model some backend's catalog lists now: routed by Junction, so part of any
   *     enum the rules give {@code field}
   */
  public record Models(@Nullable String path, @Nullable JsonPointer field, List<String> listed) {
    public static final Models NONE = new Models(null, null, List.of());

    public Models {
      listed = List.copyOf(listed);
    }
  }

  /** Without a model list or catalog. */
  public MergeInput(List<String> backendOrder, List<RuleConfig> rules, List<String> discoveryCandidates,
      Map<String, JsonNode> documents, UnaryOperator<String> primaryPath, String title, String version) {
    this(backendOrder, rules, discoveryCandidates, documents, primaryPath, title, version, Models.NONE);
  }

  public MergeInput {
    requireNonNull(models, "models");
    backendOrder = List.copyOf(backendOrder);
    rules = List.copyOf(rules);
    discoveryCandidates = List.copyOf(discoveryCandidates);
    documents = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(documents));
    requireNonNull(primaryPath, "primaryPath");
    requireNonNull(title, "title");
    requireNonNull(version, "version");
  }
}
