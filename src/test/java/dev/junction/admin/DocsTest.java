package dev.junction.admin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.admin.AdminFixture.Reply;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /docs}: Swagger UI served offline from the webjar, nothing fetched from elsewhere. */
class DocsTest {
  private static final Pattern URL_ATTR = Pattern.compile("(?:src|href)=\"([^\"]*)\"");
  static AdminFixture admin;

  @BeforeAll
  static void start() {
    admin = AdminFixture.start();
  }

  @AfterAll
  static void stop() {
    admin.close();
  }

  static List<String> referencedUrls(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = URL_ATTR.matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  @Test
  void theDocsPageIsHtml() {
    Reply r = admin.get("/docs");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/html");
    assertThat(r.body()).contains("<div id=\"swagger-ui\"></div>");
  }

  @Test
  void thePageHasNoAbsoluteUrlAtAll() {
    String html = admin.get("/docs").body();
    assertThat(html).doesNotContainIgnoringCase("http://").doesNotContainIgnoringCase("https://")
        .doesNotContain("//cdn").doesNotContain("src=\"//").doesNotContain("href=\"//");
    assertThat(referencedUrls(html)).isNotEmpty().allSatisfy(u -> assertThat(u).startsWith("/docs/"));
  }

  @Test
  void everyScriptAndStylesheetThePageReferencesIsServed() {
    for (String url : referencedUrls(admin.get("/docs").body())) {
      Reply r = admin.get(url);
      assertThat(r.status()).as(url).isEqualTo(200);
      assertThat(r.body()).as(url).isNotEmpty();
      if (url.endsWith(".js")) {
        assertThat(r.contentType()).as(url).contains("javascript");
      } else if (url.endsWith(".css")) {
        assertThat(r.contentType()).as(url).startsWith("text/css");
      }
    }
  }

  @Test
  void theInitializerLoadsTheLocalDocumentWithoutTheExternalValidator() {
    String js = admin.get("/docs/junction-docs.js").body();
    assertThat(js).contains("url: '/openapi.json'", "validatorUrl: null").doesNotContain("http");
  }

  @Test
  void theWebjarsOwnPagesAreNotServed() {
    assertThat(admin.get("/docs/index.html").status()).isEqualTo(404);
    assertThat(admin.get("/docs/swagger-initializer.js").status()).isEqualTo(404);
  }
}
