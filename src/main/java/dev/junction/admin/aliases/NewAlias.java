package dev.junction.admin.aliases;

import static java.util.Objects.requireNonNull;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.regex.Pattern;

/** The body of {@code POST /aliases}. */
@Schema(description = "An alias to add. Both paths start with /; for a prefix alias both end with /*.")
public record NewAlias(
    @Schema(description = "The alias path.", example = "/v1/models")
    String alias,
    @Schema(description = "The primary path it stands for.", example = "/models")
    String primary) {

  private static final Pattern PATH = Pattern.compile("/[^\\s?#]*");

  public NewAlias {
    requireNonNull(alias, "alias");
    requireNonNull(primary, "primary");
    check("alias", alias);
    check("primary", primary);
    if (alias.equals(primary)) {
      throw new IllegalArgumentException("alias: '" + alias + "' (expected: a path other than its primary)");
    }
  }

  private static void check(String key, String path) {
    if (!PATH.matcher(path).matches()) {
      throw new IllegalArgumentException(key + ": '" + path + "' (expected: a path starting with /, without spaces, "
          + "query or fragment)");
    }
  }

  /** Whether this is a prefix alias (the alias ends with {@code /*}). */
  public AliasKind kind() {
    return alias.endsWith("/*") ? AliasKind.PREFIX : AliasKind.EXACT;
  }
}
