package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/junction.schema.json} is exactly what the catalogue generates. Run with
 * {@code -Djunction.schema.write=true} to rewrite it (and the reference tables, see
 * {@link ConfigReferenceTest}) instead.
 */
class ConfigSchemaTest {
  static final String WRITE_PROPERTY = "junction.schema.write";
  static final String REGENERATE = "./mvnw -q test -Dtest='ConfigSchemaTest,ConfigReferenceTest' -D" + WRITE_PROPERTY + "=true";
  private static final Path COMMITTED = Path.of("docs/junction.schema.json");

  @Test
  void theCommittedSchemaIsTheGeneratedOne() throws IOException {
    String generated = ConfigSchema.generate();
    if (Boolean.getBoolean(WRITE_PROPERTY)) {
      Files.writeString(COMMITTED, generated);
      return;
    }
    if (!Files.exists(COMMITTED)) {
      fail(COMMITTED + " is missing. Generate it with:\n  " + REGENERATE);
    }
    String committed = Files.readString(COMMITTED);
    if (!committed.equals(generated)) {
      fail(COMMITTED + " is stale: the configuration catalogue (ConfigKeys) changed (" + firstDifference(committed, generated)
          + "). Regenerate it with:\n  " + REGENERATE + "\nand commit the result.");
    }
  }

  @Test
  void generatingTwiceGivesTheSameText() {
    assertThat(ConfigSchema.generate()).isEqualTo(ConfigSchema.generate());
  }

  static String firstDifference(String a, String b) {
    String[] la = a.split("\n", -1);
    String[] lb = b.split("\n", -1);
    for (int i = 0; i < Math.min(la.length, lb.length); i++) {
      if (!la[i].equals(lb[i])) {
        return "first difference at line " + (i + 1) + ": committed '" + la[i].trim() + "', generated '" + lb[i].trim() + "'";
      }
    }
    return "committed has " + la.length + " lines, generated " + lb.length;
  }
}
