package dev.junction.admin.backends;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A backend's live model list, as the catalog stage routes by it. */
@Schema(description = "The backend's model list (models.backends), fetched every models.refresh: a request naming one "
    + "of these models goes to a backend listing it.")
public record BackendCatalogInfo(
    @Schema(description = "The model ids it lists, in its order.", example = "[\"llama-3.1-8b\", \"qwen-2.5-72b\"]")
    List<String> models,
    @Schema(description = "When the list was fetched; absent: never (it lists nothing yet).")
    @Nullable Instant fetchedAt,
    @Schema(description = "The last refresh failed: models is the list fetched at fetchedAt, kept.")
    boolean stale,
    @Schema(description = "Why the last refresh failed; absent after a success.", example = "HTTP 500")
    @Nullable String error) {
  public BackendCatalogInfo {
    requireNonNull(models, "models");
    models = List.copyOf(models);
  }
}
