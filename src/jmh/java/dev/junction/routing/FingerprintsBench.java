package dev.junction.routing;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
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
 * Cache-key fingerprints ({@link Fingerprints}): the whole OpenAI-style chat body (sorted keys at
 * every depth, then SHA-256), and only its {@code /model} field as {@code key_fields} narrows it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FingerprintsBench {
  private ObjectNode chat;
  private KeyFields modelOnly;

  @Setup
  public void setUp() throws Exception {
    chat = (ObjectNode) new ObjectMapper().readTree(RuleRouterBench.CHAT);
    modelOnly = KeyFields.of(new PathPattern("/v1/chat/completions"), List.of(JsonPointer.compile("/model")));
  }

  @Benchmark
  public String wholePayload() {
    return Fingerprints.of(chat);
  }

  @Benchmark
  public String keyFieldsOnly() {
    return Fingerprints.ofFields(new Payload.Json(chat), modelOnly);
  }
}
