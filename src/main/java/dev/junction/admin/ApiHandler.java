package dev.junction.admin;

import io.vertx.core.Future;

/**
 * Carries out one admin operation.
 *
 * <p>Called on a Vert.x event loop: it must not block. Slow work (disk, JDBC) belongs on a worker,
 * with the result completing the returned future. The future's value is the response body declared
 * for the success status, an {@link ApiResult} to pick another declared status, or {@code null} for
 * a response without a body. Failing with an {@link ApiException} answers with its status; any
 * other failure answers 500 without revealing it.
 */
@FunctionalInterface
public interface ApiHandler {
  Future<?> handle(ApiRequest request);
}
