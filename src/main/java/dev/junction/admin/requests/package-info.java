/**
 * {@code GET /requests/recent}: the last data-plane requests, newest first, with how each was routed.
 *
 * <p>Start at {@link dev.junction.admin.requests.RequestsService}.
 */
@NullMarked
package dev.junction.admin.requests;

import org.jspecify.annotations.NullMarked;
