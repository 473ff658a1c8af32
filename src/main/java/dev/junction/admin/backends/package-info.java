/**
 * {@code GET /backends}: every configured backend with its health as Junction sees it.
 *
 * <p>Start at {@link dev.junction.admin.backends.BackendsService}.
 */
@NullMarked
package dev.junction.admin.backends;

import org.jspecify.annotations.NullMarked;
