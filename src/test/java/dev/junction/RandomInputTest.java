package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.config.ConfigException;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.routing.Payload;
import dev.junction.routing.RoutingDecision;
import dev.junction.routing.RoutingRequest;
import dev.junction.routing.RuleRouter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random-input runs, bounded in count so CI time is fixed: the config loader fed mutated
 * YAML may only ever throw {@link ConfigException}; the rule router fed arbitrary JSON payloads,
 * methods and paths never throws. Not coverage-guided: the Jazzer targets ({@code *FuzzTest}) are; this stays as a
 * cheap fixed-count run that needs no agent. A failure
 * prints the seed and the input, so it can be replayed.
 */
class RandomInputTest {
  private static final long SEED = Long.getLong("junction.random.seed", 20260101L);
  private static final int RUNS = Integer.getInteger("junction.random.runs", 3000);
  private static final String VALID = """
      junction:
        listen: 127.0.0.1:8000
        backends:
          a: {url: http://127.0.0.1:3000, cache_timeout: 10m}
          b: http://127.0.0.1:3100
        routes:
          - id: r1
            path: /chat/{id}
            methods: [POST, PUT]
            payload:
              - /model: {glob: "gpt-*"}
                /opts/n: {one_of: [1, 2.0, "x"]}
              - /flag: {exists: true}
                /obj: {equals: {k: [1, {z: null}]}}
            backend: a
          - path: /other
            backend: b
        aliases:
          /*: [/v1/*]
        cache: {store: memory, ttl: 1h, key_fields: {/chat/x: [/model]}}
        proxy: {connect_timeout: 5s, max_buffered_body: 1MiB, ejection: {failures: 3, cooldown: 10s}}
        discovery: {candidates: [a, b], success: [200-299], deadline: 30s}
      """;
  private static final String[] FRAGMENTS = {"{", "}", "[", "]", ":", ": ", "- ", "\n", "  ", "\t", "\"", "'", "&a", "*a",
      "!!binary", "!!java.lang.Object", "${X}", "%", "#", "|", ">", "~", "null", "1e999", "-1", "0x1F", "\u0000", "\ufeff",
      "<<: *a", "? ", "---", "...", ",", "\\u0000", "9999999999999999999999"};

  @Test
  void mutatedConfigsOnlyEverFailWithConfigException() {
    Random random = new Random(SEED);
    int invalid = 0;
    for (int run = 0; run < RUNS; run++) {
      String yaml = mutate(VALID, random);
      try {
        ConfigLoader.load(yaml, Path.of("fuzz.yaml"), Map.of("X", "1"));
      } catch (ConfigException expected) {
        invalid++;
        assertThat(expected.getMessage()).as("seed %d run %d", SEED, run).contains("fuzz.yaml");
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError("seed " + SEED + " run " + run + ": " + e + " for input:\n" + yaml, e);
      }
    }
    assertThat(invalid).as("mutations that produced an invalid config").isGreaterThan(RUNS / 4);
  }

  @Test
  void arbitraryPayloadsMethodsAndPathsNeverMakeTheRouterThrow() {
    JunctionConfig config = ConfigLoader.load(VALID, Path.of("fuzz.yaml"), Map.of());
    RuleRouter router = RuleRouter.create(config, null);
    Random random = new Random(SEED);
    String[] methods = {"GET", "POST", "PUT", "PATCH", "DELETE", "post", "X-ODD"};
    String[] paths = {"/chat/1", "/chat/", "/chat/a/b", "/other", "/", "/chat/%2F", "/v1/chat/1"};
    for (int run = 0; run < RUNS; run++) {
      JsonNode payload = randomObject(random, 0);
      RoutingRequest request = new RoutingRequest(methods[random.nextInt(methods.length)], paths[random.nextInt(paths.length)],
          new Payload.Json((ObjectNode) payload));
      try {
        RoutingDecision d = router.decide(request);
        assertThat(d).isNotNull();
      } catch (RuntimeException | StackOverflowError e) {
        throw new AssertionError("seed " + SEED + " run " + run + ": " + e + " for " + request, e);
      }
    }
  }

  private static String mutate(String text, Random random) {
    StringBuilder b = new StringBuilder(text);
    int edits = 1 + random.nextInt(4);
    for (int i = 0; i < edits; i++) {
      int at = random.nextInt(b.length() + 1);
      switch (random.nextInt(5)) {
        case 0 -> b.insert(at, FRAGMENTS[random.nextInt(FRAGMENTS.length)]);
        case 1 -> b.delete(at, Math.min(b.length(), at + 1 + random.nextInt(12)));
        case 2 -> {
          if (at < b.length()) {
            b.setCharAt(at, (char) random.nextInt(128));
          }
        }
        case 3 -> b.setLength(at);
        default -> {
          int from = random.nextInt(b.length() + 1);
          int to = Math.min(b.length(), from + random.nextInt(40));
          b.insert(at, b.substring(from, to));
        }
      }
    }
    return b.toString();
  }

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final List<String> KEYS = List.of("model", "opts", "n", "flag", "obj", "k", "z", "", "~1", "/");

  private static ObjectNode randomObject(Random random, int depth) {
    ObjectNode o = F.objectNode();
    int n = random.nextInt(5);
    for (int i = 0; i < n; i++) {
      o.set(KEYS.get(random.nextInt(KEYS.size())), randomValue(random, depth + 1));
    }
    return o;
  }

  private static JsonNode randomValue(Random random, int depth) {
    int kind = depth > 6 ? random.nextInt(6) : random.nextInt(8);
    return switch (kind) {
      case 0 -> F.nullNode();
      case 1 -> F.booleanNode(random.nextBoolean());
      case 2 -> F.numberNode(random.nextInt(4) - 1);
      case 3 -> F.numberNode(new BigDecimal(random.nextBoolean() ? "2.0" : "1e400"));
      case 4 -> F.textNode(random.nextBoolean() ? "gpt-" + random.nextInt(10) : "x\u0000\uD800");
      case 5 -> F.textNode(randomString(random));
      case 6 -> randomObject(random, depth);
      default -> {
        ArrayNode a = F.arrayNode();
        int n = random.nextInt(4);
        List<JsonNode> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          items.add(randomValue(random, depth + 1));
        }
        a.addAll(items);
        yield a;
      }
    };
  }

  private static String randomString(Random random) {
    StringBuilder b = new StringBuilder();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      b.append((char) random.nextInt(0x3000));
    }
    return b.toString();
  }
}
