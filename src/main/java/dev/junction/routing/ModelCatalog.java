package dev.junction.routing;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The catalog stage's table, one immutable version: model id to the decision for it, and where a
 * request's JSON body names its model. A new version replaces the whole table when a backend's
 * catalog changes; {@link #lookup} reads one field of the parsed payload and one hash map.
 */
public final class ModelCatalog {
  /** No catalog: the stage never decides. */
  public static final ModelCatalog NONE = new ModelCatalog(null, Map.of());

  private final @Nullable JsonPointer field;
  private final Map<String, RoutingDecision.Catalog> byModel;

  /**
   * @param field where the body names its model; {@code null} turns the stage off
   * @param byModel the decision for each model some catalog lists
   */
  public ModelCatalog(@Nullable JsonPointer field, Map<String, RoutingDecision.Catalog> byModel) {
    this.field = field;
    // in catalog order (models.backends, then each list's own), which the OpenAPI enum shows
    this.byModel = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(byModel));
  }

  /** The decision for the model {@code payload} names, or {@code null} when no catalog lists it. */
  public RoutingDecision.@Nullable Catalog lookup(Payload.Json payload) {
    if (field == null || byModel.isEmpty()) {
      return null;
    }
    JsonNode model = payload.at(field);
    return model.isTextual() ? byModel.get(model.textValue()) : null;
  }

  /** Where the body names its model; {@code null} when the stage is off. */
  public @Nullable JsonPointer field() {
    return field;
  }

  /** Every model some catalog lists, with its decision, in catalog order. */
  public Map<String, RoutingDecision.Catalog> models() {
    return byModel;
  }
}
