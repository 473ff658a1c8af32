package dev.junction.observe;

import static java.util.Objects.requireNonNull;

import dev.junction.config.BackendConfig;
import dev.junction.config.TracingConfig;
import dev.junction.proxy.AttemptResult;
import dev.junction.proxy.CompletedExchange;
import dev.junction.proxy.ExchangeObserver;
import dev.junction.proxy.ExchangeTrace;
import io.netty.handler.codec.http.HttpHeaders;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.context.propagation.TextMapSetter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenTelemetry tracing of the data plane: one {@link SpanKind#SERVER} span per client request and
 * one {@link SpanKind#CLIENT} span per backend attempt, its child, so a request that failed over
 * shows one child per backend tried. An incoming {@code traceparent}/{@code tracestate} is continued;
 * each backend receives its attempt's span as its parent. Attributes follow the OpenTelemetry HTTP
 * semantic conventions, plus Junction's own under {@code junction.*} (decision source, rule, backend,
 * attempt number and outcome).
 *
 * <p>Built by the SDK's autoconfigure, so the standard {@code OTEL_*} environment variables apply and
 * take precedence over the {@code tracing} section. Spans are exported over OTLP/HTTP (protobuf) by a
 * batch processor on its own thread: ending a span on the event loop only queues it (a full queue
 * drops spans rather than wait). Only traces; the SDK's metrics and logs exporters are off
 * (Junction's metrics are on {@code /metrics}).
 */
public final class Tracing implements ExchangeObserver, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Tracing.class);

  static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<Long> STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> SCHEME = AttributeKey.stringKey("url.scheme");
  static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
  static final AttributeKey<String> URL_FULL = AttributeKey.stringKey("url.full");
  static final AttributeKey<String> PROTOCOL_VERSION = AttributeKey.stringKey("network.protocol.version");
  static final AttributeKey<String> CLIENT_ADDRESS = AttributeKey.stringKey("client.address");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> USER_AGENT = AttributeKey.stringKey("user_agent.original");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<Long> RESEND_COUNT = AttributeKey.longKey("http.request.resend_count");
  static final AttributeKey<String> SOURCE = AttributeKey.stringKey("junction.decision.source");
  static final AttributeKey<String> RULE = AttributeKey.stringKey("junction.route");
  static final AttributeKey<String> BACKEND = AttributeKey.stringKey("junction.backend");
  static final AttributeKey<String> ALIAS = AttributeKey.stringKey("junction.alias");
  static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("junction.request_id");
  static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("junction.attempts");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("junction.attempt");
  static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("junction.attempt.outcome");
  static final AttributeKey<String> ABORT = AttributeKey.stringKey("junction.abort");

  private static final TextMapGetter<HttpHeaders> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(HttpHeaders carrier) {
      return carrier.names();
    }

    @Override
    public @Nullable String get(@Nullable HttpHeaders carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  private static final TextMapSetter<HttpHeaders> SETTER = (carrier, key, value) -> {
    if (carrier != null) {
      carrier.set(key, value);
    }
  };

  private final OpenTelemetrySdk sdk;
  private final Tracer tracer;
  private final TextMapPropagator propagator;
  private final String describe;

  private Tracing(OpenTelemetrySdk sdk, String describe) {
    this.sdk = sdk;
    this.tracer = sdk.getTracer("dev.junction", dev.junction.Version.get());
    this.propagator = sdk.getPropagators().getTextMapPropagator();
    this.describe = describe;
  }

  /**
   * Tracing as {@code config} and the environment {@code env} ask, or {@code null} when off. Throws
   * {@link IllegalArgumentException} with a message for the operator when the settings cannot work.
   */
  public static @Nullable Tracing start(TracingConfig config, Map<String, String> env) {
    requireNonNull(config, "config");
    if (!enabled(config, env)) {
      return null;
    }
    String protocol = env.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", env.get("OTEL_EXPORTER_OTLP_PROTOCOL"));
    if (protocol != null && !protocol.equals("http/protobuf")) {
      throw new IllegalArgumentException("tracing: OTEL_EXPORTER_OTLP_PROTOCOL=" + protocol + " is not supported "
          + "(expected: http/protobuf, OTLP over HTTP, by default on port 4318)");
    }
    Map<String, String> defaults = defaults(config, env);
    try {
      OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
          .addPropertiesSupplier(() -> defaults)
          .disableShutdownHook()
          .build()
          .getOpenTelemetrySdk();
      String endpoint = env.getOrDefault("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
          env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")
              ? env.get("OTEL_EXPORTER_OTLP_ENDPOINT").replaceAll("/+$", "") + "/v1/traces"
              : defaults.getOrDefault("otel.exporter.otlp.traces.endpoint", "http://localhost:4318/v1/traces"));
      String sampler = env.getOrDefault("OTEL_TRACES_SAMPLER", defaults.get("otel.traces.sampler"));
      String arg = env.getOrDefault("OTEL_TRACES_SAMPLER_ARG", defaults.get("otel.traces.sampler.arg"));
      return new Tracing(sdk, "OTLP " + endpoint + ", sampler " + sampler + (arg == null ? "" : " " + arg));
    } catch (ConfigurationException e) {
      throw new IllegalArgumentException("tracing: " + e.getMessage(), e);
    }
  }

  /** On when the config says so; when it does not say, when the environment names an exporter or endpoint. */
  static boolean enabled(TracingConfig config, Map<String, String> env) {
    if ("true".equalsIgnoreCase(env.get("OTEL_SDK_DISABLED"))) {
      return false;
    }
    if (config.enabled() != null) {
      return config.enabled();
    }
    String exporter = env.get("OTEL_TRACES_EXPORTER");
    if (exporter != null) {
      return !exporter.trim().toLowerCase(Locale.ROOT).equals("none");
    }
    return env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT") || env.containsKey("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
  }

  /** The SDK properties the {@code tracing} section gives; the environment overrides each. */
  static Map<String, String> defaults(TracingConfig config, Map<String, String> env) {
    Map<String, String> p = new HashMap<>();
    p.put("otel.traces.exporter", "otlp");
    p.put("otel.metrics.exporter", "none");
    p.put("otel.logs.exporter", "none");
    p.put("otel.exporter.otlp.protocol", "http/protobuf");
    p.put("otel.service.name", config.serviceName() != null ? config.serviceName() : TracingConfig.DEFAULT_SERVICE_NAME);
    // A signal-specific key beats the general one whatever its source: the config's endpoint must not
    // override an OTEL_EXPORTER_OTLP_ENDPOINT the operator set.
    if (config.endpoint() != null && !env.containsKey("OTEL_EXPORTER_OTLP_ENDPOINT")) {
      p.put("otel.exporter.otlp.traces.endpoint", config.endpoint());
    }
    if (config.sampling() != null) {
      p.put("otel.traces.sampler", "parentbased_traceidratio");
      p.put("otel.traces.sampler.arg", Double.toString(config.sampling()));
    } else {
      p.put("otel.traces.sampler", "parentbased_always_on");
    }
    return p;
  }

  /** Where spans go and how they are sampled, for the start-up line. */
  public String describe() {
    return describe;
  }

  @Override
  public boolean traces() {
    return true;
  }

  @Override
  public void completed(CompletedExchange exchange) {
    // the trace ends through its ExchangeTrace, before the observers are told
  }

  @Override
  public ExchangeTrace trace(HttpHeaders headers, String method, String scheme, String protocolVersion, String client) {
    Context parent = propagator.extract(Context.root(), headers, GETTER);
    Span span = tracer.spanBuilder(method).setSpanKind(SpanKind.SERVER).setParent(parent).startSpan();
    if (span.isRecording()) { // a span not sampled is not given attributes: most of them, at a low rate
      AttributesBuilder a = Attributes.builder().put(METHOD, method).put(SCHEME, scheme).put(PROTOCOL_VERSION, protocolVersion)
          .put(CLIENT_ADDRESS, client);
      String agent = headers.get("user-agent");
      if (agent != null) {
        a.put(USER_AGENT, agent);
      }
      span.setAllAttributes(a.build());
    }
    return new Server(span);
  }

  /** {@code context} into a backend request, in place of the client's trace headers. */
  private void inject(Context context, HttpHeaders backendRequest) {
    backendRequest.remove("traceparent");
    backendRequest.remove("tracestate");
    propagator.inject(context, backendRequest, SETTER);
  }

  /** Flushes what is queued (up to 5 s) and stops exporting. Blocks: call off the event loops. */
  @Override
  public void close() {
    var done = sdk.shutdown().join(5, TimeUnit.SECONDS);
    if (!done.isSuccess()) {
      LOG.warn("tracing: spans still queued at shutdown were not all exported");
    }
  }

  /** One request's server span and its attempts. Confined to the request's event loop. */
  private final class Server implements ExchangeTrace {
    private final Span span;
    private final Context context;
    /** The attempt spans not ended yet; made at the first attempt of a recorded request. */
    private @Nullable List<Client> open;

    Server(Span span) {
      this.span = span;
      this.context = Context.root().with(span);
    }

    @Override
    public String traceId() {
      return span.getSpanContext().getTraceId();
    }

    @Override
    public AttemptTrace attempt(BackendConfig backend, int number, String method, String target) {
      if (!span.isRecording()) {
        // Not sampled: no attempt span is recorded either, so the backend is handed the request's own
        // (unsampled) context as its parent.
        return new AttemptTrace() {
          @Override
          public void inject(HttpHeaders backendRequest) {
            Tracing.this.inject(context, backendRequest);
          }

          @Override
          public void result(AttemptResult result, boolean over) {}
        };
      }
      Span attempt = tracer.spanBuilder(method).setSpanKind(SpanKind.CLIENT).setParent(context).startSpan();
      if (attempt.isRecording()) {
        URI url = backend.url();
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        int port = url.getPort() >= 0 ? url.getPort() : url.getScheme().equals("https") ? 443 : 80;
        AttributesBuilder a = Attributes.builder().put(METHOD, method).put(SERVER_ADDRESS, url.getHost()).put(SERVER_PORT, (long) port)
            .put(URL_FULL, url.getScheme() + "://" + url.getRawAuthority() + path).put(BACKEND, backend.name())
            .put(ATTEMPT, (long) number);
        if (number > 1) {
          a.put(RESEND_COUNT, (long) number - 1);
        }
        attempt.setAllAttributes(a.build());
      }
      Client c = new Client(attempt);
      if (open == null) {
        open = new ArrayList<>(2);
      }
      open.add(c);
      return c;
    }

    @Override
    public void end(CompletedExchange done) {
      if (span.isRecording()) {
        describe(done);
      }
      if (open != null) {
        for (Client c : open) {
          c.finish(); // the relayed answer's attempt, and any the request left behind
        }
        open = null;
      }
      span.end();
    }

    /** What the finished request was, on a recorded span: one attribute write (each write takes the span's lock). */
    private void describe(CompletedExchange done) {
      boolean routed = done.source() != CompletedExchange.Source.REJECTED && done.source() != CompletedExchange.Source.ERROR;
      span.updateName(routed ? done.method() + " " + done.path() : done.method());
      long made = 0;
      for (AttemptResult a : done.attempts()) {
        if (a.outcome() != AttemptResult.Outcome.SKIPPED) {
          made++;
        }
      }
      AttributesBuilder a = Attributes.builder().put(PATH, done.path()).put(SOURCE, done.source().slug())
          .put(REQUEST_ID, done.requestId()).put(ATTEMPTS, made);
      if (done.rule() != null) {
        a.put(RULE, done.rule());
      }
      if (done.backend() != null) {
        a.put(BACKEND, done.backend());
      }
      if (done.alias() != null) {
        a.put(ALIAS, done.alias());
      }
      if (done.status() > 0) {
        a.put(STATUS, (long) done.status());
      }
      if (done.abort() != null) {
        a.put(ABORT, done.abort().slug());
      }
      if (done.status() >= 500) {
        a.put(ERROR_TYPE, Integer.toString(done.status()));
        span.setStatus(StatusCode.ERROR);
      } else if (done.abort() == CompletedExchange.Abort.BACKEND) {
        a.put(ERROR_TYPE, "backend_abort");
        span.setStatus(StatusCode.ERROR, "the backend broke its answer");
      }
      span.setAllAttributes(a.build());
    }
  }

  /** One attempt's client span. */
  private final class Client implements ExchangeTrace.AttemptTrace {
    private final Span span;
    private boolean resulted;
    private boolean ended;

    Client(Span span) {
      this.span = span;
    }

    @Override
    public void inject(HttpHeaders backendRequest) {
      Tracing.this.inject(Context.root().with(span), backendRequest);
    }

    @Override
    public void result(AttemptResult r, boolean over) {
      if (ended) {
        return;
      }
      resulted = true;
      if (!span.isRecording()) {
        if (over) {
          ended = true;
          span.end();
        }
        return;
      }
      span.setAttribute(OUTCOME, r.outcome().slug());
      if (r.status() > 0) {
        span.setAttribute(STATUS, (long) r.status());
        if (r.status() >= 400) {
          span.setAttribute(ERROR_TYPE, Integer.toString(r.status()));
          span.setStatus(StatusCode.ERROR);
        }
      } else {
        span.setAttribute(ERROR_TYPE, r.outcome().slug());
        span.setStatus(StatusCode.ERROR, r.error() == null ? r.outcome().slug() : r.error());
      }
      if (over) {
        ended = true;
        span.end();
      }
    }

    /** Ends the span if its result did not: the relayed answer is over, or the attempt was abandoned. */
    void finish() {
      if (ended) {
        return;
      }
      ended = true;
      if (!resulted) {
        span.setAttribute(OUTCOME, "abandoned"); // the deadline passed, or the client left, before any answer
        span.setAttribute(ERROR_TYPE, "abandoned");
        span.setStatus(StatusCode.ERROR);
      }
      span.end();
    }
  }
}
