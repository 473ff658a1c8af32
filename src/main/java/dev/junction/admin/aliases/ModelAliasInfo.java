package dev.junction.admin.aliases;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** One model alias, as the admin API shows it. */
@Schema(description = "A model alias: a request body naming it is routed as if it named the backend's model, and its "
    + "model value is rewritten to that name before forwarding.")
public record ModelAliasInfo(
    @Schema(description = "The public model name clients send.", example = "gpt-4o")
    String name,
    @Schema(description = "The backend's name for the model, written into the request body.", example = "llama-3.1-70b")
    String model,
    @Schema(description = "The backend it goes to; absent: whichever the rules, catalogs, cache or discovery pick.",
        example = "llm-a")
    @Nullable String backend,
    @Schema(description = "config: declared in the configuration file; runtime: added through this API.")
    AliasSource source) {

  public ModelAliasInfo {
    requireNonNull(name, "name");
    requireNonNull(model, "model");
    requireNonNull(source, "source");
  }
}
