/**
 * Path canonicalization and endpoint aliases.
 *
 * <p>Start at {@link dev.junction.alias.CanonicalPath} (the one canonical form of a request path),
 * {@link dev.junction.alias.AliasTable} (an immutable alias-to-primary table, validated as a
 * whole) and {@link dev.junction.alias.AliasRegistry} (the thread-safe holder that swaps tables
 * atomically when aliases change at runtime). Nothing here does I/O or touches Vert.x: persistence
 * and the admin API call into this package.
 */
@NullMarked
package dev.junction.alias;

import org.jspecify.annotations.NullMarked;
