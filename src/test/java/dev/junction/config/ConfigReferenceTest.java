package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The reference tables in {@code docs/configuration.md} are what the catalogue generates, and the
 * catalogue's own examples are values its schema accepts. Run with {@code -Djunction.schema.write=true}
 * to rewrite the tables (and the schema, see {@link ConfigSchemaTest}) instead.
 */
class ConfigReferenceTest {
  private static final Path PAGE = Path.of("docs/configuration.md");

  @Test
  void theReferenceTablesAreTheGeneratedOnes() throws IOException {
    String page = Files.readString(PAGE);
    String generated = ConfigReference.replaceIn(page);
    if (Boolean.getBoolean(ConfigSchemaTest.WRITE_PROPERTY)) {
      Files.writeString(PAGE, generated);
      return;
    }
    if (!page.equals(generated)) {
      fail(PAGE + ": the tables between " + ConfigReference.START + " and " + ConfigReference.END + " are stale: the "
          + "configuration catalogue (ConfigKeys) changed (" + ConfigSchemaTest.firstDifference(page, generated)
          + "). Regenerate them with:\n  " + ConfigSchemaTest.REGENERATE + "\nand commit the result.");
    }
  }

  @Test
  void everyKeyOfBothFormatsHasARow() throws IOException {
    String page = Files.readString(PAGE);

    assertThat(page).contains("| `proxy.request_head_timeout` | duration | `10s` |", "| `routes[].backends[].weight` |",
        "| `routes[].payload[].POINTER.glob` |", "| `listen.tls.cert` |", "| `URL.cache_timeout` |",
        "| `URL.endpoints` |", "| `URL.endpoints.PATH.payload` |");
    for (Map.Entry<String, ConfigKey> e : everyKey().entrySet()) {
      assertThat(page).as(e.getKey()).contains("| `" + e.getKey() + "` |");
    }
  }

  @Test
  void everyExampleIsAValueItsKeyAccepts() {
    List<String> refused = new ArrayList<>();
    everyKey().forEach((path, key) -> {
      boolean env = !path.startsWith("URL");
      JsonObject schema = new JsonObject(ConfigSchema.key(key, env, false).toString());
      List<String> errors = SchemaCheck.errors(SchemaCheck.validator(schema), SchemaCheck.json(key.example()));
      if (!errors.isEmpty()) {
        refused.add(path + ": " + key.example() + " " + errors);
      }
    });

    assertThat(refused).isEmpty();
  }

  /** Every key of both formats by its path in the reference. */
  static Map<String, ConfigKey> everyKey() {
    Map<String, ConfigKey> out = new LinkedHashMap<>();
    collect(ConfigKeys.JUNCTION, out);
    collect(ConfigKeys.SEED_BACKEND, out);
    return out;
  }

  private static void collect(KeyShape shape, Map<String, ConfigKey> out) {
    if (shape instanceof KeyShape.Group g) {
      for (ConfigKey k : g.keys()) {
        out.put(g.path().isEmpty() ? k.name() : g.path() + "." + k.name(), k);
        collect(k.shape(), out);
      }
    } else if (shape instanceof KeyShape.Either e) {
      collect(e.first(), out);
      collect(e.second(), out);
    } else if (shape instanceof KeyShape.ListOf l) {
      collect(l.item(), out);
    } else if (shape instanceof KeyShape.MapOf m) {
      collect(m.value(), out);
    } else if (shape instanceof KeyShape.Condition c) {
      collect(c.operators(), out);
    }
  }
}
