package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * Coverage-guided fuzzing of the config loader: whatever the text, {@link ConfigLoader#load(String,
 * Path, Map)} returns a config or throws {@link ConfigException}; any other throwable (including
 * {@link StackOverflowError}) fails the test. Without {@code JAZZER_FUZZ} only the seed corpus in
 * {@code src/test/resources/dev/junction/config/ConfigLoaderFuzzTestInputs} runs; the {@code fuzz}
 * surefire execution sets it for a bounded run.
 */
class ConfigLoaderFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void anyTextEitherLoadsOrFailsWithConfigException(byte[] input) {
    String yaml = new String(input, StandardCharsets.UTF_8);
    try {
      JunctionConfig config = ConfigLoader.load(yaml, null, Map.of("X", "1"));
      assertThat(config).isNotNull();
    } catch (ConfigException expected) {
      assertThat(expected.getMessage()).isNotBlank();
    }
  }
}
