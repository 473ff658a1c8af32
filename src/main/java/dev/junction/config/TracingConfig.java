package dev.junction.config;

import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry tracing ({@code junction.tracing}): a server span per client request and a client
 * span per backend attempt, exported over OTLP. The standard {@code OTEL_*} environment variables
 * (read by the OpenTelemetry SDK's autoconfigure) refine these settings and take precedence over
 * them.
 *
 * @param enabled {@code true} or {@code false}; {@code null} (not set): on when the environment
 *     names a traces exporter or an OTLP endpoint ({@code OTEL_TRACES_EXPORTER},
 *     {@code OTEL_EXPORTER_OTLP_ENDPOINT}, {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT}), else off
 * @param endpoint the OTLP/HTTP traces URL, {@code null}: the SDK's default
 *     ({@code http://localhost:4318/v1/traces})
 * @param sampling the fraction of new traces recorded (0 to 1); a request that carries a
 *     {@code traceparent} follows its caller's decision. {@code null}: 1
 * @param serviceName the {@code service.name} resource attribute, {@code null}: {@code junction}
 */
public record TracingConfig(@Nullable Boolean enabled, @Nullable String endpoint, @Nullable Double sampling,
    @Nullable String serviceName) {
  public static final String DEFAULT_SERVICE_NAME = "junction";

  public TracingConfig {
    if (sampling != null && (sampling.isNaN() || sampling < 0 || sampling > 1)) {
      throw new IllegalArgumentException("sampling must be from 0 to 1");
    }
  }

  /** Nothing set: off unless the environment asks for traces. */
  public static TracingConfig defaults() {
    return new TracingConfig(null, null, null, null);
  }
}
