package dev.junction.admin.example;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

@Schema(description = "A widget.")
public record Widget(
    @Schema(description = "Its unique name.", example = "sprocket")
    String name,
    @Schema(description = "What it is for; absent when nobody said.")
    @Nullable String purpose) {

  public Widget {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: blank (expected: a name)");
    }
  }
}
