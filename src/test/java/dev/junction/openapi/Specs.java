package dev.junction.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.admin.server.AdminApis;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The admin document as generated now and as committed. */
final class Specs {
  static final Path COMMITTED = Path.of("docs", "openapi.json");
  static final Path ALLOWED_BREAKS = Path.of("docs", "openapi-breaking-allowed.txt");
  static final String WRITE_PROPERTY = "junction.openapi.write";
  static final String REGENERATE = "./mvnw -q test -Dtest=OpenApiSpecTest -D" + WRITE_PROPERTY + "=true";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Specs() {}

  /** The document generated from every registered admin API. */
  static String generated() {
    return OpenApiGenerator.toJson(OpenApiGenerator.generate(AdminApis.describeOnly(), AdminApis.API_VERSION));
  }

  static String committed() {
    try {
      return Files.readString(COMMITTED);
    } catch (IOException e) {
      throw new UncheckedIOException(COMMITTED + " cannot be read; generate it with: " + REGENERATE, e);
    }
  }

  static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
