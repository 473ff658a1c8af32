package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The data plane's merged OpenAPI document ({@code junction.openapi}): one document of what a
 * client can call through Junction, built from the documents the backends declare
 * ({@link BackendConfig#openapi()}).
 *
 * @param enabled whether the data plane serves {@code path} and {@code docsPath} (default true)
 * @param path where the merged document is served (default {@code /openapi.json})
 * @param docsPath where Swagger UI for it is served, offline (default {@code /docs})
 * @param fetchTimeout bound on fetching one backend's document, connect to last byte (default 5s)
 * @param maxDocumentSize bound on one backend's document in bytes (default 4 MiB)
 */
public record OpenApiConfig(boolean enabled, String path, String docsPath, Duration fetchTimeout, int maxDocumentSize) {
  public static final String DEFAULT_PATH = "/openapi.json";
  public static final String DEFAULT_DOCS_PATH = "/docs";

  public OpenApiConfig {
    requireNonNull(path, "path");
    requireNonNull(docsPath, "docsPath");
    requireNonNull(fetchTimeout, "fetchTimeout");
    checkPath("path", path);
    checkPath("docs_path", docsPath);
    if (path.equals(docsPath)) {
      throw new IllegalArgumentException("docs_path: " + docsPath + " (expected: a path other than path)");
    }
    if (fetchTimeout.isNegative() || fetchTimeout.isZero()) {
      throw new IllegalArgumentException("fetch_timeout: " + fetchTimeout + " (expected: > 0)");
    }
    if (maxDocumentSize < 1) {
      throw new IllegalArgumentException("max_document_size: " + maxDocumentSize + " (expected: > 0)");
    }
  }

  public static OpenApiConfig defaults() {
    return new OpenApiConfig(true, DEFAULT_PATH, DEFAULT_DOCS_PATH, Duration.ofSeconds(5), 4 * 1024 * 1024);
  }

  private static void checkPath(String key, String p) {
    String problem = PathSyntax.checkPath(p);
    if (problem != null) {
      throw new IllegalArgumentException(key + ": " + problem);
    }
  }
}
