package dev.junction.routing;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.junction.config.BackendConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ModelAlias;
import dev.junction.config.ModelsConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The model aliases of one configuration, ready for the pipeline: public name to alias, and for an
 * alias pinned to a backend its decision, built once. The model is read where the catalog stage
 * reads it ({@code models.field}, default {@code /model}). Immutable.
 */
public final class ModelAliases {
  /** No model alias. */
  public static final ModelAliases NONE = new ModelAliases(ModelsConfig.DEFAULT_FIELD, Map.of(), Map.of());

  private final JsonPointer field;
  private final Map<String, ModelAlias> byName;
  private final Map<String, RoutingDecision.Forward> pinned;

  private ModelAliases(JsonPointer field, Map<String, ModelAlias> byName, Map<String, RoutingDecision.Forward> pinned) {
    this.field = field;
    this.byName = byName;
    this.pinned = pinned;
  }

  /** The aliases of {@code config}; their backends must be configured (the loader checked). */
  public static ModelAliases of(JunctionConfig config) {
    requireNonNull(config, "config");
    if (config.modelAliases().isEmpty()) {
      return NONE;
    }
    JsonPointer field = field(config);
    Map<String, ModelAlias> byName = new LinkedHashMap<>();
    Map<String, RoutingDecision.Forward> pinned = new LinkedHashMap<>();
    for (ModelAlias a : config.modelAliases()) {
      byName.put(a.name(), a);
      if (a.backend() != null) {
        BackendConfig b = config.backend(a.backend()).orElseThrow(() -> new IllegalArgumentException(
            "model_aliases." + a.name() + ".backend: '" + a.backend() + "' (expected: a configured backend)"));
        pinned.put(a.name(), new RoutingDecision.Forward(List.of(b), ruleId(a)));
      }
    }
    return new ModelAliases(field, Map.copyOf(byName), Map.copyOf(pinned));
  }

  /** Where {@code config}'s request bodies name their model: {@code models.field}, else {@code /model}. */
  static JsonPointer field(JunctionConfig config) {
    return config.models() == null ? ModelsConfig.DEFAULT_FIELD : config.models().field();
  }

  /** The id a pinned alias's decision carries in logs, metrics and the decision header. */
  static String ruleId(ModelAlias a) {
    return "model-alias:" + a.name();
  }

  public boolean isEmpty() {
    return byName.isEmpty();
  }

  /** Where the body names its model. */
  public JsonPointer field() {
    return field;
  }

  /** Every alias, by public name. */
  public Map<String, ModelAlias> all() {
    return byName;
  }

  /** The alias the body's model names, {@code null} when none. */
  @Nullable ModelAlias lookup(Payload.Json payload) {
    JsonNode model = payload.at(field);
    return model.isTextual() ? byName.get(model.textValue()) : null;
  }

  /** The decision of an alias pinned to a backend, {@code null} for a plain rename. */
  RoutingDecision.@Nullable Forward pinned(ModelAlias a) {
    return pinned.get(a.name());
  }
}
