package dev.junction.admin.config;

import io.swagger.v3.oas.annotations.media.Schema;

/** Data-plane limits and timeouts. */
@Schema(description = "Data-plane limits and timeouts.")
public record ProxySettings(
    @Schema(description = "To open a connection to a backend, in milliseconds.", example = "5000")
    long connectTimeoutMs,
    @Schema(description = "From the request sent to the backend's response head, in milliseconds.", example = "60000")
    long responseTimeoutMs,
    @Schema(description = "No bytes either way for this long aborts a backend connection, in milliseconds.",
        example = "300000")
    long idleTimeoutMs,
    @Schema(description = "Bytes of request body held to inspect or replay it.", example = "1048576")
    int maxBufferedBody,
    @Schema(description = "Pooled connections per backend.", example = "256")
    int maxConnectionsPerBackend,
    @Schema(description = "Bytes of request header accepted from clients.", example = "16384")
    int maxHeaderSize) {}
