package dev.junction.admin;

import org.jspecify.annotations.Nullable;

/**
 * A handler result that picks a status other than the operation's success status, e.g. 503 for a
 * health report that says "down". The status must be one the operation declares; the framework
 * answers 500 and names the operation otherwise.
 *
 * @param status a status declared by the operation
 * @param body the body for that status, {@code null} when it has none
 */
public record ApiResult<T>(int status, @Nullable T body) {
  public static <T> ApiResult<T> of(int status, @Nullable T body) {
    return new ApiResult<>(status, body);
  }
}
