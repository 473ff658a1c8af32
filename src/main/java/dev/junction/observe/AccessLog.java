package dev.junction.observe;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.junction.config.AccessLogConfig;
import dev.junction.proxy.CompletedExchange;
import dev.junction.proxy.ExchangeObserver;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per data-plane request at INFO on the logger {@value #LOGGER}. Fields, in order:
 * {@code time} (when the request head arrived, UTC), {@code client}, {@code method}, {@code path}
 * (canonical, never the query), {@code alias}, {@code source}, {@code rule}, {@code backend},
 * {@code status} (0: no response was sent), {@code bytes_in}, {@code bytes_out} (bodies; a tunnel's
 * bytes each way), {@code head_ms}, {@code first_byte_ms} (to the first byte of the response body;
 * absent without one), {@code total_ms}, {@code request_id}, {@code attempts}, {@code ended} (false:
 * the connection closed before the response ended), {@code abort} (why the answer was cut short:
 * {@code backend}, {@code client} or {@code request}; absent when it was not), {@code trace_id} (the
 * OpenTelemetry trace id when the request was traced).
 *
 * <p>Plain lines are {@code key=value} pairs; an absent value is {@code -}; a value with spaces,
 * quotes, {@code =} or characters outside visible ASCII is quoted with backslash escapes. JSON lines
 * are written by Jackson: absent values are {@code null}. Runs on the event loop; the cost is the
 * formatting and whatever appender logback is configured with.
 */
public final class AccessLog implements ExchangeObserver {
  public static final String LOGGER = "junction.access";
  private static final JsonFactory JSON = new JsonFactory();

  private final Logger log = LoggerFactory.getLogger(LOGGER);
  private final AccessLogConfig.Format format;

  public AccessLog(AccessLogConfig.Format format) {
    this.format = requireNonNull(format, "format");
  }

  @Override
  public void completed(CompletedExchange e) {
    if (log.isInfoEnabled()) {
      log.info(format == AccessLogConfig.Format.JSON ? json(e) : plain(e));
    }
  }

  static String plain(CompletedExchange e) {
    StringBuilder b = new StringBuilder(256);
    pair(b, "time", e.startedAt().toString());
    pair(b, "client", e.client());
    pair(b, "method", e.method());
    pair(b, "path", e.path());
    pair(b, "alias", e.alias());
    pair(b, "source", e.source().slug());
    pair(b, "rule", e.rule());
    pair(b, "backend", e.backend());
    pair(b, "status", Integer.toString(e.status()));
    pair(b, "bytes_in", Long.toString(e.bytesIn()));
    pair(b, "bytes_out", Long.toString(e.bytesOut()));
    pair(b, "head_ms", e.answered() ? millis(e.headNanos()) : null);
    pair(b, "first_byte_ms", e.bodyStarted() ? millis(e.firstByteNanos()) : null);
    pair(b, "total_ms", millis(e.totalNanos()));
    pair(b, "request_id", e.requestId());
    pair(b, "attempts", Integer.toString(e.attempts().size()));
    pair(b, "ended", Boolean.toString(e.ended()));
    pair(b, "abort", e.abort() == null ? null : e.abort().slug());
    pair(b, "trace_id", e.traceId());
    return b.toString();
  }

  static String json(CompletedExchange e) {
    StringWriter w = new StringWriter(320);
    try (JsonGenerator g = JSON.createGenerator(w)) {
      g.writeStartObject();
      g.writeStringField("time", e.startedAt().toString());
      g.writeStringField("client", e.client());
      g.writeStringField("method", e.method());
      g.writeStringField("path", e.path());
      g.writeStringField("alias", e.alias());
      g.writeStringField("source", e.source().slug());
      g.writeStringField("rule", e.rule());
      g.writeStringField("backend", e.backend());
      g.writeNumberField("status", e.status());
      g.writeNumberField("bytes_in", e.bytesIn());
      g.writeNumberField("bytes_out", e.bytesOut());
      if (e.answered()) {
        g.writeFieldName("head_ms");
        g.writeNumber(millis(e.headNanos()));
      } else {
        g.writeNullField("head_ms");
      }
      if (e.bodyStarted()) {
        g.writeFieldName("first_byte_ms");
        g.writeNumber(millis(e.firstByteNanos()));
      } else {
        g.writeNullField("first_byte_ms");
      }
      g.writeFieldName("total_ms");
      g.writeNumber(millis(e.totalNanos()));
      g.writeStringField("request_id", e.requestId());
      g.writeNumberField("attempts", e.attempts().size());
      g.writeBooleanField("ended", e.ended());
      g.writeStringField("abort", e.abort() == null ? null : e.abort().slug());
      g.writeStringField("trace_id", e.traceId());
      g.writeEndObject();
    } catch (IOException x) {
      throw new UncheckedIOException("access log: cannot write JSON", x);
    }
    return w.toString();
  }

  /** Nanoseconds as milliseconds with three decimals, e.g. {@code 12.345}. */
  static String millis(long nanos) {
    long micros = Math.max(0, nanos) / 1000;
    long frac = micros % 1000;
    return (micros / 1000) + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
  }

  private static void pair(StringBuilder b, String key, @Nullable String value) {
    if (b.length() > 0) {
      b.append(' ');
    }
    b.append(key).append('=');
    if (value == null) {
      b.append('-');
    } else if (plainSafe(value)) {
      b.append(value);
    } else {
      quote(b, value);
    }
  }

  private static boolean plainSafe(String v) {
    if (v.isEmpty() || v.equals("-")) {
      return false;
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c <= ' ' || c > '~' || c == '"' || c == '=' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static void quote(StringBuilder b, String v) {
    b.append('"');
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < ' ' || c > '~') {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
