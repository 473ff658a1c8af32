package dev.junction.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.junction.admin.AdminFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code docs/openapi.json} is exactly what the code generates. Run with {@code
 * -Djunction.openapi.write=true} to rewrite it instead; the rewrite refuses breaking changes that
 * {@code docs/openapi-breaking-allowed.txt} does not accept.
 */
class OpenApiSpecTest {

  @Test
  void theCommittedDocumentIsTheGeneratedOne() throws IOException {
    String generated = Specs.generated();
    if (Boolean.getBoolean(Specs.WRITE_PROPERTY)) {
      write(generated);
      return;
    }
    if (!Files.exists(Specs.COMMITTED)) {
      fail(Specs.COMMITTED + " is missing. Generate it with:\n  " + Specs.REGENERATE);
    }
    String committed = Specs.committed();
    if (!committed.equals(generated)) {
      fail(Specs.COMMITTED + " is stale: the admin API code changed (" + firstDifference(committed, generated)
          + "). Regenerate it with:\n  " + Specs.REGENERATE + "\nand commit the result.");
    }
  }

  @Test
  void theAdminServerServesTheCommittedDocument() {
    try (AdminFixture admin = AdminFixture.start()) {
      assertThat(admin.get("/openapi.json").body()).isEqualTo(Specs.committed());
    }
  }

  /**
   * The JDK's client asks to upgrade every cleartext request to h2c; the admin API answers in
   * HTTP/1.1 (the upgraded path once delivered the document as bytes the client read as broken
   * HTTP/2 frames).
   */
  @Test
  void anH2cUpgradeRequestIsAnsweredInHttp11WithTheWholeDocument() throws Exception {
    try (AdminFixture admin = AdminFixture.start()) {
      java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient(); // HTTP/2 preferred: it sends Upgrade: h2c
      for (int i = 0; i < 20; i++) {
        java.net.http.HttpResponse<String> r = client.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(admin.base() + "/openapi.json")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
        assertThat(r.body()).isEqualTo(Specs.committed());
      }
    }
  }

  @Test
  void generatingTwiceGivesTheSameText() {
    assertThat(Specs.generated()).isEqualTo(Specs.generated());
  }

  private static void write(String generated) throws IOException {
    if (Files.exists(Specs.COMMITTED)) {
      List<BreakingChangeChecker.Finding> breaks = OpenApiCompatibilityTest.unallowedBreaks(
          Specs.tree(Specs.committed()), Specs.tree(generated));
      if (!breaks.isEmpty()) {
        fail(OpenApiCompatibilityTest.explain(breaks) + "\n" + Specs.COMMITTED + " was not rewritten.");
      }
    }
    Files.createDirectories(Specs.COMMITTED.getParent());
    Files.writeString(Specs.COMMITTED, generated);
  }

  private static String firstDifference(String a, String b) {
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
