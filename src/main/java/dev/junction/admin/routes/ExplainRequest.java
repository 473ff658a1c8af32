package dev.junction.admin.routes;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The body of {@code POST /routes/explain}: a request to route on paper. */
@Schema(description = "A request to route on paper: nothing is forwarded.")
public record ExplainRequest(
    @Schema(description = "The HTTP method.", example = "POST")
    String method,
    @Schema(description = "The request target as a client would send it, aliases included; a query after ? is "
        + "read by rules that test query parameters.", example = "/v1/chat/completions")
    String path,
    @Schema(description = "The JSON payload, if any; payload rules and cache keys read it.", implementation = Object.class)
    @Nullable JsonNode payload,
    @Schema(description = "Request headers, if any, for rules that test headers; host is the request's host.",
        example = "{\"host\": \"api.example.com\", \"x-tenant\": \"acme\"}")
    @Nullable Map<String, String> headers) {

  public ExplainRequest {
    requireNonNull(method, "method");
    requireNonNull(path, "path");
    method = method.toUpperCase(Locale.ROOT);
    if (!method.matches("[A-Z]+")) {
      throw new IllegalArgumentException("method: '" + method + "' (expected: an HTTP method such as GET or POST)");
    }
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path: '" + path + "' (expected: starts with /)");
    }
    headers = headers == null ? null : Map.copyOf(headers);
  }
}
