package dev.junction.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.openapi.merge.MergeFixtures;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The merged data-plane document passes the validator the admin document passes ({@link OpenApiValidationTest}). */
class MergedDocumentValidationTest {
  @BeforeAll
  static void start() {
    OpenApiValidationTest.start();
  }

  @AfterAll
  static void stop() {
    OpenApiValidationTest.stop();
  }

  @Test
  void theMergedFixtureDocumentIsValidOpenApi31() {
    assertThat(OpenApiValidationTest.errors(new JsonObject(MergeFixtures.merged().toString()))).isEmpty();
  }

  @Test
  void theMergedFixtureDocumentHasNoDanglingReference() {
    assertThat(OpenApiValidationTest.danglingReferences(MergeFixtures.merged())).isEmpty();
  }

  @Test
  void theValidatorSeesABrokenMergedDocument() {
    JsonObject broken = new JsonObject(MergeFixtures.merged().toString());
    broken.getJsonObject("paths").getJsonObject("/audio/speech").getJsonObject("post").put("responses", "none");

    assertThat(OpenApiValidationTest.errors(broken)).isNotEmpty();
  }
}
