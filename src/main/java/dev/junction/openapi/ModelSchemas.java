package dev.junction.openapi;

import dev.junction.admin.ApiTypes;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.core.converter.ResolvedSchema;
import io.swagger.v3.oas.models.media.Schema;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The component schemas of the model records, from swagger-core's {@code ModelConverters} in
 * OpenAPI 3.1 mode. A fresh converter per call: the shared instance is global state other code
 * may add converters to. Required properties come from {@link ApiTypes} (not {@code @Nullable}),
 * replacing swagger-core's own guess, so the document says what the Java types say.
 */
final class ModelSchemas {
  private ModelSchemas() {}

  /** Schema name (the record's simple name) to schema, sorted by name. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  static SortedMap<String, Schema> of(List<Class<? extends Record>> types) {
    ModelConverters converters = new ModelConverters(true);
    SortedMap<String, Schema> out = new TreeMap<>();
    for (Class<? extends Record> type : types) {
      ResolvedSchema resolved = converters.readAllAsResolvedSchema(new AnnotatedType(type).resolveAsRef(true));
      out.putAll(resolved.referencedSchemas);
    }
    for (Class<? extends Record> type : types) {
      Schema s = out.get(type.getSimpleName());
      if (s == null) {
        throw new IllegalStateException("openapi: no schema generated for " + type.getName());
      }
      List<String> required = ApiTypes.requiredNames(type);
      s.setRequired(required.isEmpty() ? null : required);
    }
    return out;
  }
}
