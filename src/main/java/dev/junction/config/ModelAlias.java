package dev.junction.config;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * A public model name clients keep using while the backends change ({@code junction.model_aliases}):
 * a request whose JSON body names {@code name} is routed as if it named {@code model}, and the
 * body's model value is rewritten to {@code model} before forwarding (the only body change Junction
 * makes; every other byte is kept).
 *
 * @param name the public name clients send
 * @param model the name the backend knows
 * @param backend the backend it goes to; {@code null}: whichever the rules, the catalogs, the cache
 *     or discovery pick for {@code model}
 * @param origin where it was declared
 */
public record ModelAlias(String name, String model, @Nullable String backend, Origin origin) {
  public ModelAlias {
    requireNonNull(name, "name");
    requireNonNull(model, "model");
    requireNonNull(origin, "origin");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("name: empty (expected: a model name such as gpt-4o)");
    }
    if (model.isEmpty()) {
      throw new IllegalArgumentException("model: empty (expected: the backend's name for it, such as llama-3.1-70b)");
    }
    if (name.equals(model)) {
      throw new IllegalArgumentException("model: '" + model + "' is the alias itself (expected: another name)");
    }
  }
}
