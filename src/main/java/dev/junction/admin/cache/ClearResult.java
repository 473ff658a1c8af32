package dev.junction.admin.cache;

import io.swagger.v3.oas.annotations.media.Schema;

/** The body of {@code DELETE /cache}. */
@Schema(description = "The outcome of clearing the cache.")
public record ClearResult(
    @Schema(description = "How many entries were removed.", example = "42")
    long removed) {}
