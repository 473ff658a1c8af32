package dev.junction.alias;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * {@link AliasTable#resolve} on every request path: an exact alias, a path under a prefix alias,
 * and the common case of a path that is no alias at all, in a table shaped like an OpenAI-style
 * gateway's (versioned prefixes plus a few renamed endpoints).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AliasTableBench {
  private AliasTable table;

  @Setup
  public void setUp() {
    Map<String, List<String>> config = new LinkedHashMap<>();
    config.put("/audio/speech", List.of("/v1/audio/speech", "/tts"));
    config.put("/audio/transcriptions", List.of("/v1/audio/transcriptions", "/stt"));
    config.put("/chat/completions", List.of("/v1/chat/completions", "/chat"));
    config.put("/embeddings", List.of("/v1/embeddings"));
    config.put("/*", List.of("/v1/*", "/latest/*"));
    config.put("/api/*", List.of("/v2/api/*", "/legacy/api/*"));
    table = AliasTable.build(config, Set.of("/health"));
  }

  @Benchmark
  public AliasTable.Resolution exactAlias() {
    return table.resolve("/v1/chat/completions");
  }

  @Benchmark
  public AliasTable.Resolution prefixAlias() {
    return table.resolve("/v2/api/items/42");
  }

  @Benchmark
  public AliasTable.Resolution noAlias() {
    return table.resolve("/api/items");
  }
}
