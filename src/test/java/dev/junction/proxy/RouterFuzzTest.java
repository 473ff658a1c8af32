package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.junction.config.ConfigLoader;
import dev.junction.config.JunctionConfig;
import dev.junction.routing.Payload;
import dev.junction.routing.PayloadParser;
import dev.junction.routing.RoutingDecision;
import dev.junction.routing.RoutingRequest;
import dev.junction.routing.RuleRouter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the payload path: arbitrary request bodies go through the same bounded
 * parser the forwarder uses ({@link PayloadParser}), then the rule router decides for several
 * methods and paths; neither may throw, and a body parsed onto the router's projection is decided
 * as the whole one. Seeds: {@code RouterFuzzTestInputs} under test resources.
 */
class RouterFuzzTest {
  private static final String CONFIG = """
      junction:
        listen: 127.0.0.1:8000
        backends:
          a: http://127.0.0.1:3000
          b: http://127.0.0.1:3100
        routes:
          - path: /chat/{id}
            methods: [POST, PUT]
            payload:
              - /model: {glob: "gpt-*"}
                /opts/n: {one_of: [1, 2.0, "x", null, true]}
              - /flag: {exists: true}
                /obj: {equals: {k: [1, {z: null}]}}
              - /messages/0/role: {equals: system}
                /temperature: {one_of: [0, 0.5, 1e2]}
            backend: a
          - path: /chat/{id}/{sub}
            payload:
              - /model: {exists: false}
            backend: b
          - path: /other
            backend: b
        aliases:
          /*: [/v1/*]
        discovery: {candidates: [a, b]}
      """;
  private static final RuleRouter ROUTER;
  private static final String[] METHODS = {"POST", "PUT", "GET", "PATCH"};
  private static final String[] PATHS = {"/chat/1", "/chat/a/b", "/other", "/v1/chat/1", "/"};

  static {
    JunctionConfig config = ConfigLoader.load(CONFIG, Path.of("fuzz.yaml"), Map.of());
    ROUTER = RuleRouter.create(config, null);
  }

  @FuzzTest(maxDuration = "5s")
  void anyBodyParsesAndRoutesWithoutThrowing(byte[] body) {
    // As a body of unknown type, and as one declared JSON (where invalid UTF-8 is a payload of its own).
    for (Payload payload : List.of(PayloadParser.parse(body), PayloadParser.parse(body, "application/json"))) {
      for (String method : METHODS) {
        for (String path : PATHS) {
          RoutingDecision decision = ROUTER.decide(new RoutingRequest(method, path, payload));
          assertThat(decision).isNotNull();
        }
      }
    }
    // Parsed onto the router's projection for the request, as the listener does: the same decisions.
    for (String type : new String[] {null, "application/json"}) {
      Payload whole = PayloadParser.parse(body, type);
      for (String method : METHODS) {
        for (String path : PATHS) {
          RoutingRequest unread = new RoutingRequest(method, path, Payload.UNREAD);
          Payload projected = PayloadParser.parse(body, type, ROUTER.projection(unread));
          assertThat(ROUTER.decide(unread.withPayload(projected))).isEqualTo(ROUTER.decide(unread.withPayload(whole)));
        }
      }
    }
  }
}
