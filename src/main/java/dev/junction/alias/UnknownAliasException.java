package dev.junction.alias;

import static java.util.Objects.requireNonNull;

/** Removing an alias the table does not have; the admin API answers it with 404 Not Found. */
public final class UnknownAliasException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String alias;

  UnknownAliasException(String alias) {
    super("alias: '" + CanonicalPath.shown(requireNonNull(alias, "alias")) + "' (expected: a declared alias)");
    this.alias = alias;
  }

  /** The alias that was asked for, as given. */
  public String alias() {
    return alias;
  }
}
