package dev.junction.alias;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of {@link CanonicalPath#canonicalize}: it never throws, a rejection
 * always has a reason, and an accepted path is a fixed point (canonicalizing it again gives it
 * back unchanged). Seeds: {@code CanonicalPathFuzzTestInputs} under test resources.
 */
class CanonicalPathFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void canonicalPathsAreFixedPointsAndNothingThrows(byte[] input) {
    String raw = new String(input, StandardCharsets.UTF_8);
    CanonicalPath.Result result = CanonicalPath.canonicalize(raw);
    if (!result.ok()) {
      assertThat(result.reason()).startsWith("path: ");
      return;
    }
    String canonical = result.path();
    CanonicalPath.Result again = CanonicalPath.canonicalize(canonical);
    assertThat(again.ok()).as("canonicalize(%s) of input %s", canonical, raw).isTrue();
    assertThat(again.path()).as("input %s", raw).isEqualTo(canonical);
  }
}
