package dev.junction.admin.health;

import static java.util.Objects.requireNonNull;

import dev.junction.admin.ApiJson;
import dev.junction.proxy.LocalEndpoint;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * Writes a health report exactly as {@code GET /health} on the admin listener does, for the data
 * plane's {@code /health}: same status (200, or 503 when down), same JSON body.
 */
public final class HealthResponses {
  private HealthResponses() {}

  /** {@code report} as a whole answer, for the data plane's local endpoint. */
  public static LocalEndpoint.Response response(HealthReport report) {
    requireNonNull(report, "report");
    return LocalEndpoint.Response.of(report.httpStatus(), "application/json", ApiJson.encode(report))
        .with("Cache-Control", "no-store");
  }

  /** Ends {@code response} with {@code report}. Call on the response's event loop. */
  public static Future<Void> write(HttpServerResponse response, HealthReport report) {
    requireNonNull(response, "response");
    requireNonNull(report, "report");
    return response.setStatusCode(report.httpStatus())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(ApiJson.encode(report));
  }
}
