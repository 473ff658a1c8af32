package dev.junction.openapi.merge;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.config.RuleConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

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
    String version) {
  public MergeInput {
    backendOrder = List.copyOf(backendOrder);
    rules = List.copyOf(rules);
    discoveryCandidates = List.copyOf(discoveryCandidates);
    documents = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(documents));
    requireNonNull(primaryPath, "primaryPath");
    requireNonNull(title, "title");
    requireNonNull(version, "version");
  }
}
