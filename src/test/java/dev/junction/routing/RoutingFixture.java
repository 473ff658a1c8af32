package dev.junction.routing;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.config.BackendConfig;
import dev.junction.config.FieldCondition;
import dev.junction.config.JunctionConfig;
import dev.junction.config.Origin;
import dev.junction.config.PayloadCondition;
import dev.junction.config.RuleConfig;
import dev.junction.config.ValueMatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Socket-free helpers for routing tests: configurations built in code as the loader would build
 * them, payloads parsed as the listener would, and decisions described as short sentences.
 */
final class RoutingFixture {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path SEED_FILE = Path.of("config.yaml");

  private RoutingFixture() {}

  static BackendConfig backend(String name, String url) {
    return new BackendConfig(name, URI.create(url), null);
  }

  /** A seed-format backend: named by its URL, as the seed loader does. */
  static BackendConfig seedBackend(String url, long cacheTimeoutSeconds) {
    return new BackendConfig(url, URI.create(url), Duration.ofSeconds(cacheTimeoutSeconds));
  }

  /**
   * A seed-format rule: any method, one backend, and each entry of {@code payloadsJson} (a JSON array
   * of objects) one alternative of Equals tests on its top-level keys.
   */
  static RuleConfig seedRule(String id, String backend, String path, String payloadsJson, int line) {
    List<PayloadCondition> alternatives = new ArrayList<>();
    for (JsonNode entry : parse(payloadsJson)) {
      List<FieldCondition> fields = new ArrayList<>();
      entry.properties().forEach(e -> fields.add(
          new FieldCondition(JsonPointer.empty().appendProperty(e.getKey()), new ValueMatcher.Equals(e.getValue()))));
      alternatives.add(new PayloadCondition(fields));
    }
    return new RuleConfig(id, path, Set.of(), alternatives, List.of(backend), null, new Origin(SEED_FILE, line, 5));
  }

  static RuleConfig rule(String id, String path, Set<String> methods, List<PayloadCondition> payload, String... backends) {
    return new RuleConfig(id, path, methods, payload, List.of(backends), null, Origin.CODE);
  }

  static PayloadCondition when(String pointer, ValueMatcher matcher) {
    return new PayloadCondition(List.of(new FieldCondition(JsonPointer.compile(pointer), matcher)));
  }

  static PayloadCondition when(FieldCondition... fields) {
    return new PayloadCondition(List.of(fields));
  }

  static FieldCondition field(String pointer, ValueMatcher matcher) {
    return new FieldCondition(JsonPointer.compile(pointer), matcher);
  }

  static ValueMatcher.Equals equalsJson(String json) {
    return new ValueMatcher.Equals(parse(json));
  }

  static JunctionConfig config(List<BackendConfig> backends, RuleConfig... rules) {
    return JunctionConfig.defaults().withBackends(backends).withRules(List.of(rules));
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code json}, a JSON object, as a parsed payload. */
  static Payload.Json json(String json) {
    return new Payload.Json(object(json));
  }

  static ObjectNode object(String json) {
    return (ObjectNode) parse(json);
  }

  /** A request body as the listener turns it into a {@link Payload}: {@code null} is no body. */
  static Payload payload(@Nullable String body) {
    if (body == null) {
      return Payload.ABSENT;
    }
    try {
      JsonNode n = JSON.readTree(body);
      return n instanceof ObjectNode o ? new Payload.Json(o) : Payload.NOT_AN_OBJECT;
    } catch (IOException e) {
      return Payload.NOT_AN_OBJECT;
    }
  }

  static RoutingRequest request(String method, String path, @Nullable String body) {
    return new RoutingRequest(method, path, payload(body));
  }

  static RoutingRequest unread(String method, String path) {
    return new RoutingRequest(method, path, Payload.UNREAD);
  }

  /**
   * A decision in a few words: {@code forward A,B by rule}, {@code discover key F} (F is {@code -},
   * {@code not-json} or {@code sha256} for a 64-digit hex fingerprint), {@code need payload} or
   * {@code reject STATUS TYPE}.
   */
  static String describe(RoutingDecision d) {
    if (d instanceof RoutingDecision.Forward f) {
      return "forward " + f.backends().stream().map(BackendConfig::name).collect(Collectors.joining(",")) + " by " + f.ruleId();
    } else if (d instanceof RoutingDecision.Discover disc) {
      String fp = disc.key() == null ? "none" : disc.key().fingerprint();
      return "discover key " + (fp.matches("[0-9a-f]{64}") ? "sha256" : fp);
    } else if (d instanceof RoutingDecision.NeedPayload) {
      return "need payload";
    } else if (d instanceof RoutingDecision.Reject r) {
      return "reject " + r.status() + " " + r.type();
    }
    return d.toString();
  }

  static Map<String, List<JsonPointer>> keyFields(String path, String... pointers) {
    return Map.of(path, Arrays.stream(pointers).map(JsonPointer::compile).toList());
  }
}
