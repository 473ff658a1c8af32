package dev.junction.openapi.merge;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.config.FieldCondition;
import dev.junction.config.Origin;
import dev.junction.config.PayloadCondition;
import dev.junction.config.RuleConfig;
import dev.junction.config.ValueMatcher;
import dev.junction.config.ValueMatcher.OneOf;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Three backends' documents (test resources {@code openapi/merge/}) and a route table over them:
 * chat completions split by {@code /model} between llm-a and llm-b, {@code GET /models} to llm-a,
 * speech to tts, the rest discovery over all three; {@code /v1/*} is an alias of {@code /*}.
 */
public final class MergeFixtures {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> BACKENDS = List.of("llm-a", "llm-b", "tts");

  private MergeFixtures() {}

  public static ObjectNode merged() {
    return OpenApiMerger.merge(input(documents(), rules()));
  }

  static MergeInput input(Map<String, JsonNode> documents, List<RuleConfig> rules) {
    return new MergeInput(BACKENDS, rules, BACKENDS, documents,
        p -> p.startsWith("/v1/") ? p.substring(3) : p, "Junction", "test");
  }

  static Map<String, JsonNode> documents() {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String b : BACKENDS) {
      out.put(b, read(b + ".json"));
    }
    return out;
  }

  static List<RuleConfig> rules() {
    return List.of(
        rule("chat-a", "/chat/completions", "POST", "llm-a", new OneOf(List.of(text("alpha-1"), text("alpha-2")))),
        rule("chat-b", "/chat/completions", "POST", "llm-b", new ValueMatcher.Equals(text("beta"))),
        rule("models", "/models", "GET", "llm-a", null),
        rule("speech", "/audio/speech", "POST", "tts", null));
  }

  static RuleConfig rule(String id, String path, String method, String backend, ValueMatcher model) {
    List<PayloadCondition> payload = model == null ? List.of()
        : List.of(new PayloadCondition(List.of(new FieldCondition(JsonPointer.compile("/model"), model))));
    return new RuleConfig(id, path, Set.of(method), payload, List.of(backend), null, new Origin(null, 0, 0));
  }

  static JsonNode text(String s) {
    return JSON.getNodeFactory().textNode(s);
  }

  static JsonNode read(String name) {
    try (InputStream in = MergeFixtures.class.getResourceAsStream("/openapi/merge/" + name)) {
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
