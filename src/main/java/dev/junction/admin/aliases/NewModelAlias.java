package dev.junction.admin.aliases;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /model-aliases}. */
@Schema(description = "A model alias to add.")
public record NewModelAlias(
    @Schema(description = "The public model name clients send.", example = "gpt-4o")
    String name,
    @Schema(description = "The backend's name for the model.", example = "llama-3.1-70b")
    String model,
    @Schema(description = "The backend it goes to; absent: the usual routing picks one for the model.", example = "llm-a")
    @Nullable String backend) {

  public NewModelAlias {
    requireNonNull(name, "name");
    requireNonNull(model, "model");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: empty (expected: a model name such as gpt-4o)");
    }
    if (model.isBlank()) {
      throw new IllegalArgumentException("model: empty (expected: the backend's name for it)");
    }
    if (name.equals(model)) {
      throw new IllegalArgumentException("model: '" + model + "' (expected: a name other than the alias)");
    }
  }
}
