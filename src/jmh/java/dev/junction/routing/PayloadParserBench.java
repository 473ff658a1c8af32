package dev.junction.routing;


import com.fasterxml.jackson.core.JsonPointer;
import dev.junction.routing.Payload;
import dev.junction.routing.PayloadProjection;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link PayloadParser#parse}: the buffered body of a payload-routed POST into the tree that
 * payload rules and fingerprints read, whole or onto a projection; it runs before
 * {@code RuleRouterBench}'s decision.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PayloadParserBench {
  static final String CHAT = "{\"model\":\"bench-large\",\"messages\":[{\"role\":\"system\",\"content\":\"You are a terse"
      + " assistant.\"},{\"role\":\"user\",\"content\":\"Name three prime numbers.\"}],\"temperature\":0.2,"
      + "\"max_tokens\":32,\"stream\":false}";

  private static final PayloadProjection MODEL = PayloadProjection.of(List.of(JsonPointer.compile("/model")));

  /** {@code chat}: the bench's chat body; {@code conversation}: about 9 KB, twenty turns of some 400 characters, with escapes. */
  @Param({"chat", "conversation"})
  public String kind;

  private byte[] body;

  @Setup
  public void setUp() {
    body = (kind.equals("chat") ? CHAT : conversation()).getBytes(StandardCharsets.UTF_8);
    if (!(PayloadParser.parse(body) instanceof Payload.Json)
        || !(PayloadParser.parse(body, "application/json", MODEL) instanceof Payload.Json)) {
      throw new IllegalStateException(kind + ": not parsed as a JSON object (expected: a chat body)");
    }
  }

  private static String conversation() {
    StringBuilder c = new StringBuilder("{\"model\":\"bench-large\",\"messages\":[");
    for (int i = 0; i < 20; i++) {
      c.append(i == 0 ? "" : ",").append("{\"role\":\"").append(i % 2 == 0 ? "user" : "assistant")
          .append("\",\"content\":\"").append("Turn ").append(i).append(": \\\"quoted\\\" text, ")
          .append("lorem ipsum dolor sit amet ".repeat(14)).append("\\n\"}");
    }
    return c.append("],\"temperature\":0.7,\"max_tokens\":512}").toString();
  }

  /** The whole tree: a path without payload rules or key_fields that discovery fingerprints. */
  @Benchmark
  public Payload whole() {
    return PayloadParser.parse(body);
  }

  /** Onto {@code /model}, as for the bench's payload-routed chat path: the rest is read, not built. */
  @Benchmark
  public Payload ontoModel() {
    return PayloadParser.parse(body, "application/json", MODEL);
  }
}
