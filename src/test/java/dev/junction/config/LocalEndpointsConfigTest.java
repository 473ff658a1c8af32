package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code junction.openapi}, {@code junction.models} and a backend's {@code openapi} key. */
class LocalEndpointsConfigTest {
  private static final Path FILE = Path.of("conf.yaml");

  private static JunctionConfig load(String yaml) {
    return ConfigLoader.load(yaml, FILE, Map.of());
  }

  private static String problems(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> load(yaml)).getMessage();
  }

  @Test
  void aBackendMayDeclareWhereItsOpenApiDocumentLives() {
    JunctionConfig config = load("junction:\n  backends:\n    a: {url: \"http://h:1\", openapi: /spec/openapi.json}\n");

    assertThat(config.backends().get(0).openapi()).isEqualTo("/spec/openapi.json");
  }

  @Test
  void theOpenApiSectionDefaultsToOpenapiJsonAndDocs() {
    assertThat(load("junction:\n").openapi()).isEqualTo(
        new OpenApiConfig(true, "/openapi.json", "/docs", Duration.ofSeconds(5), 4 * 1024 * 1024));
  }

  @Test
  void everyOpenApiKeyIsRead() {
    JunctionConfig config = load("""
        junction:
          openapi: {enabled: false, path: /api.json, docs_path: /api-docs, fetch_timeout: 2s, max_document_size: 1MiB}
        """);

    assertThat(config.openapi()).isEqualTo(new OpenApiConfig(false, "/api.json", "/api-docs", Duration.ofSeconds(2), 1 << 20));
  }

  @Test
  void theMergedDocumentIsServedOnlyWhenSomeBackendDeclaresOne() {
    JunctionConfig none = load("junction:\n  backends: {a: \"http://h:1\"}\n");
    JunctionConfig one = load("junction:\n  backends: {a: {url: \"http://h:1\", openapi: /openapi.json}}\n");

    assertThat(List.of(none.servesMergedOpenapi(), one.servesMergedOpenapi())).containsExactly(false, true);
  }

  @Test
  void theModelsSectionNamesItsBackendsAndDefaultsItsPath() {
    JunctionConfig config = load("junction:\n  backends: {a: \"http://h:1\", b: \"http://h:2\"}\n  models: {backends: [b, a]}\n");

    assertThat(config.models()).isEqualTo(new ModelsConfig("/models", List.of("b", "a")));
  }

  @Test
  void aModelsBackendMustBeConfigured() {
    assertThat(problems("junction:\n  backends: {a: \"http://h:1\"}\n  models: {backends: [b]}\n"))
        .isEqualTo("conf.yaml:3:23: junction.models.backends[0]: unknown backend 'b' (expected one of: a)");
  }

  @Test
  void aRuleOnTheMergedDocumentsPathIsAnError() {
    String yaml = """
        junction:
          backends: {a: {url: "http://h:1", openapi: /openapi.json}}
          routes:
            - {path: /openapi.json, backend: a}
        """;

    assertThat(problems(yaml)).contains("conf.yaml:4:7: junction.routes[0].path: '/openapi.json' matches /openapi.json, "
        + "which Junction answers itself (expected: another path, or move junction.openapi.path, "
        + "or set junction.openapi.enabled: false)");
  }

  @Test
  void aRuleTemplateCoveringTheModelsPathIsAnError() {
    String yaml = """
        junction:
          backends: {a: "http://h:1"}
          models: {backends: [a]}
          routes:
            - {path: "/{any}", backend: a}
        """;

    assertThat(problems(yaml)).contains("junction.routes[0].path: '/{any}' matches /models");
  }

  @Test
  void aRuleOnDocsIsFineWhileNoBackendDeclaresADocument() {
    JunctionConfig config = load("junction:\n  backends: {a: \"http://h:1\"}\n  routes:\n    - {path: /docs, backend: a}\n");

    assertThat(config.rules()).hasSize(1);
  }

  @Test
  void aTemplateLocalPathIsRejected() {
    assertThat(problems("junction:\n  openapi: {path: \"/{x}.json\"}\n"))
        .contains("junction.openapi.path: '/{x}.json' (expected: a fixed path, not a template)");
  }
}
