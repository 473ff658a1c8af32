package dev.junction.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real OTLP/HTTP trace receiver on an ephemeral port: it takes {@code POST /v1/traces} bodies as
 * the exporter sends them (protobuf), decodes them with the official {@code opentelemetry-proto}
 * classes and keeps every span with its resource. Anything it cannot decode is answered 400 and
 * counted, so a test sees a malformed export.
 */
public final class OtlpReceiver implements AutoCloseable {
  /** One received span and the resource it came with. */
  public record Received(Resource resource, Span span) {
    public String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    public String spanId() {
      return HexFormat.of().formatHex(span.getSpanId().toByteArray());
    }

    public String parentSpanId() {
      return HexFormat.of().formatHex(span.getParentSpanId().toByteArray());
    }

    /** The attribute {@code key}'s value as text (numbers and booleans too), {@code null} when absent. */
    public String attribute(String key) {
      for (KeyValue kv : span.getAttributesList()) {
        if (kv.getKey().equals(key)) {
          return text(kv.getValue());
        }
      }
      return null;
    }

    public String resourceAttribute(String key) {
      for (KeyValue kv : resource.getAttributesList()) {
        if (kv.getKey().equals(key)) {
          return text(kv.getValue());
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final List<Received> spans = new CopyOnWriteArrayList<>();
  private final List<String> refused = new CopyOnWriteArrayList<>();

  public OtlpReceiver() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/traces", exchange -> {
      try (exchange; InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readAllBytes();
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (!"POST".equals(exchange.getRequestMethod()) || !"application/x-protobuf".equals(type)) {
          refused.add(exchange.getRequestMethod() + " " + type);
          exchange.sendResponseHeaders(400, -1);
          return;
        }
        ExportTraceServiceRequest request;
        try {
          request = ExportTraceServiceRequest.parseFrom(body);
        } catch (IOException e) {
          refused.add("undecodable: " + e.getMessage());
          exchange.sendResponseHeaders(400, -1);
          return;
        }
        for (ResourceSpans rs : request.getResourceSpansList()) {
          for (ScopeSpans ss : rs.getScopeSpansList()) {
            for (Span s : ss.getSpansList()) {
              spans.add(new Received(rs.getResource(), s));
            }
          }
        }
        byte[] answer = ExportTraceServiceResponse.getDefaultInstance().toByteArray();
        exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
        exchange.sendResponseHeaders(200, answer.length == 0 ? -1 : answer.length);
        if (answer.length > 0) {
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
          }
        }
      }
    });
    server.start();
  }

  /** Where the exporter sends spans: {@code http://127.0.0.1:PORT/v1/traces}. */
  public URI tracesEndpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces");
  }

  public List<Received> spans() {
    return List.copyOf(spans);
  }

  /** Exports it could not take, each described. */
  public List<String> refused() {
    return List.copyOf(refused);
  }

  /** {@code spans} as OTLP-like JSON (ids in hex, kinds and attributes by name), for the docs. */
  public static String json(List<Received> spans) {
    ObjectMapper m = new ObjectMapper();
    ArrayNode out = m.createArrayNode();
    for (Received r : spans) {
      Span s = r.span();
      ObjectNode o = out.addObject();
      o.put("name", s.getName());
      o.put("kind", s.getKind().name());
      o.put("traceId", r.traceId());
      o.put("spanId", r.spanId());
      o.put("parentSpanId", r.parentSpanId());
      o.put("durationMs", (s.getEndTimeUnixNano() - s.getStartTimeUnixNano()) / 1_000_000.0);
      ObjectNode attributes = o.putObject("attributes");
      for (KeyValue kv : s.getAttributesList()) {
        attributes.put(kv.getKey(), text(kv.getValue()));
      }
      if (s.hasStatus() && s.getStatus().getCodeValue() != 0) {
        o.put("status", s.getStatus().getCode().name());
      }
    }
    try {
      return m.writerWithDefaultPrettyPrinter().writeValueAsString(out) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String text(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case INT_VALUE -> Long.toString(v.getIntValue());
      case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
      case DOUBLE_VALUE -> Double.toString(v.getDoubleValue());
      default -> v.toString();
    };
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
