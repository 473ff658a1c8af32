package dev.junction.admin;

import io.swagger.v3.oas.annotations.media.Schema;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the framework reads from model records, in one place so that the request validation and the
 * OpenAPI document agree: which records a type reaches, which components are required, and whether
 * everything is described.
 *
 * <p>A component is required unless its type is annotated {@link Nullable}: the same nullness the
 * Java code promises is what the document promises. Schema names are record simple names, so two
 * model records must not share one.
 */
public final class ApiTypes {
  private ApiTypes() {}

  /** Every record reachable from {@code roots} through components (lists, maps, arrays included), sorted by name. */
  public static List<Class<? extends Record>> reachableRecords(Collection<Class<? extends Record>> roots) {
    Set<Class<? extends Record>> seen = new LinkedHashSet<>();
    for (Class<? extends Record> r : roots) {
      visit(r, seen);
    }
    List<Class<? extends Record>> out = new ArrayList<>(seen);
    out.sort(Comparator.comparing(Class::getSimpleName));
    return out;
  }

  private static void visit(Type t, Set<Class<? extends Record>> seen) {
    if (t instanceof Class<?> c) {
      if (c.isArray()) {
        visit(c.getComponentType(), seen);
      } else if (c.isRecord() && seen.add(c.asSubclass(Record.class))) {
        for (RecordComponent rc : c.getRecordComponents()) {
          visit(rc.getGenericType(), seen);
        }
      }
    } else if (t instanceof ParameterizedType p) {
      for (Type a : p.getActualTypeArguments()) {
        visit(a, seen);
      }
    } else if (t instanceof GenericArrayType g) {
      visit(g.getGenericComponentType(), seen);
    } else if (t instanceof WildcardType w) {
      for (Type u : w.getUpperBounds()) {
        visit(u, seen);
      }
    }
  }

  /** Whether {@code c} must be present (and not null) in JSON: primitives always, others unless {@code @Nullable}. */
  public static boolean required(RecordComponent c) {
    return c.getType().isPrimitive() || !c.getAnnotatedType().isAnnotationPresent(Nullable.class);
  }

  /** The names of the required components of {@code type}, in declaration order. */
  public static List<String> requiredNames(Class<? extends Record> type) {
    List<String> out = new ArrayList<>();
    for (RecordComponent c : type.getRecordComponents()) {
      if (required(c)) {
        out.add(c.getName());
      }
    }
    return out;
  }

  /**
   * What is missing from {@code type}'s documentation, e.g. {@code "CacheEntry.backend"}: the record
   * and each component need a non-blank {@code @Schema(description = ...)}. Empty when complete.
   */
  public static List<String> undocumented(Class<? extends Record> type) {
    List<String> out = new ArrayList<>();
    Schema s = type.getAnnotation(Schema.class);
    if (s == null || s.description().isBlank()) {
      out.add(type.getSimpleName());
    }
    for (RecordComponent c : type.getRecordComponents()) {
      Schema cs = c.getAccessor().getAnnotation(Schema.class);
      if (cs == null || cs.description().isBlank()) {
        out.add(type.getSimpleName() + "." + c.getName());
      }
    }
    return out;
  }
}
