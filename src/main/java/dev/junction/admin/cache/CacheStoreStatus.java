package dev.junction.admin.cache;

import static java.util.Objects.requireNonNull;

import dev.junction.cache.DecisionStore;
import io.swagger.v3.oas.annotations.media.Schema;

/** The persistent store's state, as the admin API shows it. */
@Schema(description = "The persistent decision store behind the in-memory cache.")
public record CacheStoreStatus(
    @Schema(description = "sqlite, redis or memory.", example = "sqlite")
    String kind,
    @Schema(description = "False while the store cannot be used; Junction serves from memory meanwhile.")
    boolean up,
    @Schema(description = "What is wrong when not up, else where the store is (no secrets).",
        example = "junction-cache.db")
    String detail) {

  public CacheStoreStatus {
    requireNonNull(kind, "kind");
    requireNonNull(detail, "detail");
  }

  public static CacheStoreStatus from(DecisionStore.StoreHealth h) {
    return new CacheStoreStatus(h.kind(), h.up(), h.detail());
  }
}
