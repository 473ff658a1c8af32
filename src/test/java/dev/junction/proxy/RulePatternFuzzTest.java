package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.config.ConfigException;
import dev.junction.config.ConfigLoader;
import dev.junction.config.FieldCondition;
import dev.junction.config.JunctionConfig;
import dev.junction.config.PayloadCondition;
import dev.junction.config.RuleConfig;
import dev.junction.config.ValueMatcher;
import dev.junction.routing.Payload;
import dev.junction.routing.PayloadParser;
import dev.junction.routing.RoutingDecision;
import dev.junction.routing.RoutingRequest;
import dev.junction.routing.RuleRouter;
import io.vertx.core.buffer.Buffer;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Coverage-guided fuzzing of rule patterns together with bodies. Each input builds a config in
 * Junction's format: one to three rules with fuzzed paths, methods and payload alternatives (JSON
 * pointers, and {@code equals}, {@code one_of}, {@code glob} and {@code exists} matchers over fuzzed
 * values), then a fuzzed body. Properties:
 *
 * <ul>
 *   <li>the text loads or fails with {@link ConfigException}; a loaded config compiles into a
 *       {@link RuleRouter} and lints without throwing;
 *   <li>the fuzzed body, parsed like the forwarder parses it ({@link PayloadParser}), routes without
 *       throwing on every method and path, never to a rule the lint calls dead;
 *   <li>a request built to satisfy one alternative of one rule (a body holding the matcher's value
 *       at each pointer) goes to that rule or an earlier one: matching agrees with the config.
 * </ul>
 *
 * Seeds: {@code RulePatternFuzzTestInputs} under test resources.
 */
class RulePatternFuzzTest {
  private static final ObjectMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  /** Rule paths, each with a request path it matches. */
  private static final Map<String, String> PATHS = Map.of("/chat", "/chat", "/chat/{id}", "/chat/7",
      "/chat/{id}/{sub}", "/chat/7/x", "/{any}", "/q", "/chat/x", "/chat/x", "/", "/");
  private static final String[] RULE_PATHS = PATHS.keySet().stream().sorted().toArray(String[]::new);
  private static final String[] METHOD_LISTS = {"", "[POST]", "[PUT, PATCH]", "[GET, POST]", "[GET]"};
  private static final String[] METHODS = {"POST", "PUT", "PATCH", "GET"};
  private static final String[] POINTERS = {"/model", "/a/b", "/0", "/", "/a~1b", "/m~0n", "/messages/0/role"};

  @FuzzTest(maxDuration = "5s")
  void fuzzedRulesAndBodiesRouteAsTheConfigSays(FuzzedDataProvider data) {
    String yaml = config(data);
    JunctionConfig config;
    try {
      config = ConfigLoader.load(yaml, Path.of("fuzz.yaml"), Map.of());
    } catch (ConfigException refused) {
      return;
    }
    RuleRouter router = RuleRouter.create(config, null);
    Set<String> dead = new TreeSet<>();
    for (String message : RuleRouter.lint(config)) {
      for (RuleConfig r : config.rules()) {
        if (message.contains("rule '" + r.id() + "' can never match")) {
          dead.add(r.id());
        }
      }
    }

    Payload fuzzed = PayloadParser.parse(data.consumeBytes(512));
    for (String method : METHODS) {
      for (String path : PATHS.values()) {
        RoutingDecision d = decide(router, method, path, fuzzed);
        if (d instanceof RoutingDecision.Forward f) {
          assertThat(dead).as("%s %s went to a rule the lint calls dead; config:%n%s", method, path, yaml)
              .doesNotContain(f.ruleId());
        }
      }
    }

    int target = data.consumeInt(0, config.rules().size() - 1);
    RuleConfig rule = config.rules().get(target);
    String method = rule.methods().isEmpty() ? "POST" : new TreeSet<>(rule.methods()).first();
    Payload payload = Payload.ABSENT;
    if (rule.hasPayload()) {
      if (!RoutingRequest.PAYLOAD_METHODS.contains(method)) {
        List<String> allowed = rule.methods().stream().filter(RoutingRequest.PAYLOAD_METHODS::contains).sorted().toList();
        if (allowed.isEmpty()) {
          return; // a payload rule without POST, PUT or PATCH never matches (and the lint says so)
        }
        method = allowed.get(0);
      }
      PayloadCondition alternative = rule.payload().get(data.consumeInt(0, rule.payload().size() - 1));
      ObjectNode body = satisfying(alternative);
      if (body == null) {
        return;
      }
      payload = PayloadParser.parse(Buffer.buffer(body.toString()).getBytes());
    }
    RoutingDecision d = decide(router, method, PATHS.get(rule.path()), payload);
    assertThat(d).as("%s %s with %s; config:%n%s", method, PATHS.get(rule.path()), payload, yaml)
        .isInstanceOfSatisfying(RoutingDecision.Forward.class,
            f -> assertThat(Integer.parseInt(f.ruleId().substring(1))).isLessThanOrEqualTo(target));
  }

  /** As the forwarder asks: first without the body, then with it when the router needs it. */
  private static RoutingDecision decide(RuleRouter router, String method, String path, Payload payload) {
    RoutingDecision d = router.decide(new RoutingRequest(method, path, Payload.UNREAD));
    if (d instanceof RoutingDecision.NeedPayload) {
      d = router.decide(new RoutingRequest(method, path, payload));
    }
    assertThat(d).isNotNull().isNotInstanceOf(RoutingDecision.NeedPayload.class);
    return d;
  }

  private static String config(FuzzedDataProvider data) {
    StringBuilder y = new StringBuilder("""
        junction:
          backends:
            a: http://127.0.0.1:3000
            b: http://127.0.0.1:3100
          routes:
        """);
    int rules = data.consumeInt(1, 3);
    for (int i = 0; i < rules; i++) {
      y.append("    - id: r").append(i).append("\n      path: ").append(data.pickValue(RULE_PATHS)).append('\n');
      String methods = data.pickValue(METHOD_LISTS);
      if (!methods.isEmpty()) {
        y.append("      methods: ").append(methods).append('\n');
      }
      if (data.consumeBoolean()) {
        y.append("      payload:\n");
        int alternatives = data.consumeInt(1, 2);
        for (int a = 0; a < alternatives; a++) {
          List<String> fields = new ArrayList<>();
          int n = data.consumeInt(1, 3);
          for (int f = 0; f < n; f++) {
            String pointer = switch (data.consumeInt(0, 2)) {
              case 0 -> data.pickValue(POINTERS);
              case 1 -> "/" + data.consumeString(12);
              default -> "/d".repeat(data.consumeInt(1, 80)); // deep
            };
            fields.add(quote(pointer) + ": " + condition(data));
          }
          y.append("        - {").append(String.join(", ", fields)).append("}\n");
        }
      }
      y.append("      backend: ").append(data.consumeBoolean() ? "a" : "b").append('\n');
    }
    return y.toString();
  }

  private static String condition(FuzzedDataProvider data) {
    return switch (data.consumeInt(0, 4)) {
      case 0 -> value(data, 0);
      case 1 -> "{equals: " + value(data, 0) + "}";
      case 2 -> "{one_of: [" + value(data, 0) + ", " + value(data, 0) + "]}";
      case 3 -> "{glob: " + quote(data.consumeString(16)) + "}";
      default -> "{exists: " + data.consumeBoolean() + "}";
    };
  }

  /** A YAML flow value: scalars of every JSON type (some very long numbers), and small mappings and lists. */
  private static String value(FuzzedDataProvider data, int depth) {
    int kind = data.consumeInt(0, depth < 2 ? 8 : 6);
    return switch (kind) {
      case 0 -> quote(data.consumeString(16));
      case 1 -> Long.toString(data.consumeLong());
      case 2 -> Integer.toString(data.consumeInt(-3, 3));
      case 3 -> yamlFloat(data.consumeRegularDouble());
      case 4 -> bigInteger(data.consumeBytes(64));
      case 5 -> data.consumeBoolean() ? "true" : "false";
      case 6 -> "null";
      case 7 -> "{" + quote(data.consumeString(8)) + ": " + value(data, depth + 1) + "}";
      default -> "[" + value(data, depth + 1) + ", " + value(data, depth + 1) + "]";
    };
  }

  /** Up to 155 digits: more than a request body may carry in one number. */
  private static String bigInteger(byte[] bytes) {
    return bytes.length == 0 ? "0" : new BigInteger(bytes).toString();
  }

  /** A double as YAML 1.1 reads a float: a dot, and a sign on the exponent ({@code 1.0e+10}). */
  private static String yamlFloat(double d) {
    String s = Double.toString(d);
    int e = s.indexOf('E');
    if (e >= 0 && s.charAt(e + 1) != '-') {
      s = s.substring(0, e + 1) + "+" + s.substring(e + 1);
    }
    return s;
  }

  /** A JSON string literal, which YAML reads as the same double-quoted string (non-ASCII as \\u escapes). */
  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A body on which every field of {@code alternative} holds: the value at each pointer, objects on
   * the way; {@code null} when two pointers overlap (one is the other or inside it), so that no
   * single object can satisfy both as written.
   */
  private static ObjectNode satisfying(PayloadCondition alternative) {
    List<List<String>> paths = new ArrayList<>();
    for (FieldCondition f : alternative.fields()) {
      paths.add(segments(f.pointer()));
    }
    for (int i = 0; i < paths.size(); i++) {
      for (int j = 0; j < paths.size(); j++) {
        List<String> p = paths.get(i);
        List<String> q = paths.get(j);
        if (i != j && q.size() >= p.size() && q.subList(0, p.size()).equals(p)) {
          return null;
        }
      }
    }
    ObjectNode body = NODES.objectNode();
    for (int i = 0; i < paths.size(); i++) {
      JsonNode value = example(alternative.fields().get(i).matcher());
      if (value == null) {
        continue;
      }
      List<String> path = paths.get(i);
      ObjectNode parent = body;
      for (String segment : path.subList(0, path.size() - 1)) {
        JsonNode child = parent.get(segment);
        parent = child instanceof ObjectNode o ? o : parent.putObject(segment);
      }
      parent.set(path.get(path.size() - 1), value.deepCopy());
    }
    return body;
  }

  private static List<String> segments(JsonPointer pointer) {
    List<String> out = new ArrayList<>();
    for (JsonPointer p = pointer; !p.matches(); p = p.tail()) {
      out.add(p.getMatchingProperty());
    }
    return out;
  }

  /** A value the matcher accepts; {@code null} for {@code exists: false} (leave the field out). */
  private static JsonNode example(ValueMatcher m) {
    if (m instanceof ValueMatcher.Equals e) {
      return e.value();
    } else if (m instanceof ValueMatcher.OneOf o) {
      return o.values().get(0);
    } else if (m instanceof ValueMatcher.Glob g) {
      return NODES.textNode(g.pattern().replace("*", "").replace("?", "x"));
    }
    return ((ValueMatcher.Exists) m).present() ? NODES.nullNode() : null;
  }
}
