/**
 * {@code /aliases}: list, add and remove path aliases (an alias path is served as its primary
 * path, and never appears in the OpenAPI document).
 *
 * <p>Start at {@link dev.junction.admin.aliases.AliasesService}.
 */
@NullMarked
package dev.junction.admin.aliases;

import org.jspecify.annotations.NullMarked;
