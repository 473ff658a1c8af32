package dev.junction.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.junction.config.ConfigLoader;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link RuleRouter#decide} as the data plane calls it: a GET routed by path, a GET routed by host
 * and headers (the second rule of its path, the first failing on a header), a POST whose JSON
 * payload matches the third payload rule of its path (a glob and a one-of are tried first), and a
 * POST that no rule matches, so discovery's cache key is fingerprinted from {@code key_fields}.
 * The payload is parsed once, outside the measurement: parsing is {@code PayloadParserBench}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RuleRouterBench {
  static final String CONFIG = """
      junction:
        backends:
          small: http://127.0.0.1:3000
          large: http://127.0.0.1:3100
          api: http://127.0.0.1:3200
        routes:
          - path: /api/items
            methods: [GET]
            backend: api
          - path: /models/{id}
            methods: [GET]
            backend: api
          - id: tenant-other
            path: /api/tenants
            headers: {x-tenant: {one_of: [initech, umbrella]}}
            backend: small
          - id: tenant-acme
            path: /api/tenants
            host: ["*.example.com"]
            headers:
              x-tenant: acme
              x-tier: {glob: "gold*"}
              authorization: {exists: true}
            backend: large
          - id: chat-gpt4
            path: /v1/chat/completions
            methods: [POST]
            payload:
              - /model: {glob: "gpt-4*"}
            backend: large
          - id: chat-small
            path: /v1/chat/completions
            methods: [POST]
            payload:
              - /model: {one_of: [mini-1, mini-2, mini-3]}
                /stream: {exists: true}
            backend: small
          - id: chat-bench
            path: /v1/chat/completions
            methods: [POST]
            payload:
              - /model: bench-large
            backend: large
        cache:
          store: memory
          key_fields:
            /v1/embeddings: [/model]
      """;

  static final String CHAT = """
      {"model":"bench-large","messages":[{"role":"system","content":"You are a terse assistant."},
      {"role":"user","content":"Name three prime numbers."}],"temperature":0.2,"max_tokens":32,"stream":false}""";

  static final String EMBED = """
      {"model":"bench-embed","input":"The quick brown fox jumps over the lazy dog","encoding_format":"float"}""";

  private RuleRouter router;
  private RoutingRequest get;
  private RoutingRequest tenant;
  private RoutingRequest chat;
  private RoutingRequest embed;
  private ModelCatalog catalog;
  private Payload.Json catalogPayload;

  @Setup
  public void setUp() throws Exception {
    router = RuleRouter.create(ConfigLoader.load(CONFIG, null), null);
    ObjectMapper json = new ObjectMapper();
    get = new RoutingRequest("GET", "/api/items", Payload.ABSENT);
    java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Host", "api.example.com:8443");
    headers.put("User-Agent", "OpenAI/Python 1.54.0");
    headers.put("Accept", "application/json");
    headers.put("Authorization", "Bearer sk-test");
    headers.put("X-Tenant", "acme");
    headers.put("X-Tier", "gold-plus");
    tenant = new RoutingRequest("GET", "/api/tenants", Payload.ABSENT, RequestHead.of(headers, null));
    if (!(router.decide(tenant) instanceof RoutingDecision.Forward t) || !t.ruleId().equals("tenant-acme")) {
      throw new IllegalStateException("tenant: " + router.decide(tenant) + " (expected: rule tenant-acme)");
    }
    chat = new RoutingRequest("POST", "/v1/chat/completions", new Payload.Json((ObjectNode) json.readTree(CHAT)));
    embed = new RoutingRequest("POST", "/v1/embeddings", new Payload.Json((ObjectNode) json.readTree(EMBED)));
    java.util.Map<String, RoutingDecision.Catalog> models = new java.util.HashMap<>();
    dev.junction.config.BackendConfig small = ConfigLoader.load(CONFIG, null).backends().get(0);
    for (int i = 0; i < 200; i++) {
      models.put("model-" + i, new RoutingDecision.Catalog("model-" + i, java.util.List.of(small), Balancer.first(),
          (b, m) -> { }));
    }
    catalog = new ModelCatalog(com.fasterxml.jackson.core.JsonPointer.compile("/model"), models);
    catalogPayload = new Payload.Json((ObjectNode) json.readTree(CHAT.replace("bench-large", "model-117")));
    if (catalog.lookup(catalogPayload) == null) {
      throw new IllegalStateException("catalog: model-117 not found");
    }
    if (!(router.decide(chat) instanceof RoutingDecision.Forward f) || !f.ruleId().equals("chat-bench")) {
      throw new IllegalStateException("chat: " + router.decide(chat) + " (expected: rule chat-bench)");
    }
    if (!(router.decide(embed) instanceof RoutingDecision.Discover d) || d.key() == null) {
      throw new IllegalStateException("embed: " + router.decide(embed) + " (expected: discovery with a key)");
    }
  }

  @Benchmark
  public RoutingDecision getByPath() {
    return router.decide(get);
  }

  /** A GET whose second rule matches on host and three headers, after the first failed on a header. */
  @Benchmark
  public RoutingDecision getByHeaderRule() {
    return router.decide(tenant);
  }

  @Benchmark
  public RoutingDecision postByPayloadRule() {
    return router.decide(chat);
  }

  /** The catalog stage's lookup on a hit: one field of the parsed payload, one map of 200 models. */
  @Benchmark
  public RoutingDecision catalogHit() {
    return catalog.lookup(catalogPayload);
  }

  @Benchmark
  public RoutingDecision postToDiscoveryWithKeyFields() {
    return router.decide(embed);
  }
}
