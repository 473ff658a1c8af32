package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile documents are refused before they are read. The timeouts only guard against a hang
 * failing the build slowly; nothing here asserts how fast the refusal is.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DocumentLimitsTest {
  private static JunctionConfig load(String yaml) {
    return ConfigLoader.load(yaml, Path.of("hostile.yaml"), Map.of());
  }

  /** Nine levels of nine aliases each: 9^9 (387 million) strings once expanded. */
  @Test
  void billionLaughsIsRefusedForItsNumberOfAliases() {
    StringBuilder yaml = new StringBuilder("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int level = 1; level <= 9; level++) {
      String previous = "*l" + (level - 1);
      yaml.append("l").append(level).append(": &l").append(level).append(" [")
          .append(String.join(", ", Collections.nCopies(9, previous))).append("]\n");
    }

    assertThatThrownBy(() -> load(yaml.toString())).isInstanceOf(ConfigException.class)
        .hasMessage("hostile.yaml: rejected: Number of aliases for non-scalar nodes exceeds the specified max=50");
  }

  /** 24 levels of two aliases (48, under the alias bound) still stand for 2^25 nodes. */
  @Test
  void doublingAliasesUnderTheAliasBoundAreRefusedForTheirExpandedSize() {
    StringBuilder yaml = new StringBuilder("junction:\n  x0: &x0 [lol, lol]\n");
    for (int level = 1; level <= 24; level++) {
      yaml.append("  x").append(level).append(": &x").append(level)
          .append(" [*x").append(level - 1).append(", *x").append(level - 1).append("]\n");
    }

    assertThatThrownBy(() -> load(yaml.toString())).isInstanceOf(ConfigException.class)
        .hasMessageEndingWith(": document too large once aliases are expanded (expected: at most 1000000 nodes)");
  }

  @Test
  void anAliasInsideItsOwnAnchorIsRefused() {
    assertThatThrownBy(() -> load("junction:\n  routes: &r\n    - *r\n")).isInstanceOf(ConfigException.class)
        .hasMessage("hostile.yaml:2:11: alias *r used inside its own anchor (expected: no recursive structure)");
  }

  @Test
  void nestingBeyondTheBoundIsRefused() {
    String yaml = "a: " + "[".repeat(120) + "]".repeat(120) + "\n";

    assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class)
        .hasMessage("hostile.yaml: rejected: Nesting Depth exceeded max 100");
  }

  @Test
  void nestingBeyondTheBoundThroughAliasesIsRefused() {
    String deep = "[".repeat(60) + "]".repeat(60);
    String yaml = "a: &a " + deep + "\nb: " + "[".repeat(60) + "*a" + "]".repeat(60) + "\n";

    assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class)
        .hasMessageEndingWith(": nested too deeply once aliases are expanded (expected: at most 100 levels)");
  }

  @Test
  void aDocumentBeyondTheSizeBoundIsRefused() {
    String line = "# " + "x".repeat(1000) + "\n";
    String yaml = line.repeat(YamlSource.MAX_CODE_POINTS / line.length() + 1) + "junction: {}\n";

    assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class)
        .hasMessage("hostile.yaml: rejected: The incoming YAML document exceeds the limit: 10485760 code points.");
  }

  @Test
  void aLineBeyondTheLineBoundIsRefused() {
    String yaml = "junction:\n  listen: \"" + "x".repeat(LineLimitReader.MAX_LINE_LENGTH) + "\"\n";

    assertThatThrownBy(() -> load(yaml)).isInstanceOf(ConfigException.class)
        .hasMessage("hostile.yaml:2:65537: line too long (expected: at most 65536 characters per line)");
  }

  @Test
  void aFewSharedAnchorsAreFine() {
    JunctionConfig config = load("""
        junction:
          backends: {a: "http://h:1"}
          routes:
            - {path: /x, backend: a, methods: &write [POST, PUT], payload: [{/model: &m {one_of: [a, b]}}]}
            - {path: /y, backend: a, methods: *write, payload: [{/model: *m}]}
        """);

    assertThat(config.rules().get(1).payload()).isEqualTo(config.rules().get(0).payload());
  }
}
