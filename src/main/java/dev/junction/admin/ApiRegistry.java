package dev.junction.admin;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every admin operation, declared in code. The admin server mounts exactly these and the OpenAPI
 * generator describes exactly these, so the document cannot drift from what is served.
 *
 * <p>Each API registers its operations with a {@code XxxRoutes.register(registry, service)}
 * method. {@link #add} checks the whole registry stays consistent (unique operation ids and
 * routes, declared tags, described model records with unique names) and names the culprit when it
 * does not. Not thread-safe: register everything during startup, before the registry is served.
 */
public final class ApiRegistry {
  private final SortedMap<String, String> tags = new TreeMap<>();
  private final List<ApiOperation> operations = new ArrayList<>();
  private final Map<String, Class<?>> schemaNames = new HashMap<>();

  /**
   * Declares a tag (one per API) with its description for the docs. Declaring the same tag again
   * with the same description is allowed; with another one it is an error.
   */
  public ApiRegistry tag(String name, String description) {
    requireNonNull(name, "name");
    requireNonNull(description, "description");
    if (name.isBlank() || description.isBlank()) {
      throw new IllegalArgumentException("tag: '" + name + "' (expected: a name and a description)");
    }
    String previous = tags.putIfAbsent(name, description);
    if (previous != null && !previous.equals(description)) {
      throw new IllegalArgumentException("tag " + name + ": declared twice with different descriptions (expected: once)");
    }
    return this;
  }

  /** Adds an operation after checking it against everything registered so far. */
  public ApiRegistry add(ApiOperation op) {
    requireNonNull(op, "op");
    for (String t : op.tags()) {
      if (!tags.containsKey(t)) {
        throw new IllegalArgumentException("operation " + op + ": tag '" + t + "' undeclared (expected: registry.tag(\""
            + t + "\", description) first)");
      }
    }
    String shape = shape(op.path());
    for (ApiOperation other : operations) {
      if (other.operationId().equals(op.operationId())) {
        throw new IllegalArgumentException("operation " + op + ": operationId already used by " + other
            + " (expected: unique)");
      }
      if (other.method().equals(op.method()) && shape(other.path()).equals(shape)) {
        throw new IllegalArgumentException("operation " + op + ": same route as " + other + " (expected: unique)");
      }
    }
    checkTypes(op);
    operations.add(op);
    return this;
  }

  private void checkTypes(ApiOperation op) {
    List<Class<? extends Record>> roots = new ArrayList<>(rootsOf(op));
    for (Class<? extends Record> r : ApiTypes.reachableRecords(roots)) {
      List<String> missing = ApiTypes.undocumented(r);
      if (!missing.isEmpty()) {
        throw new IllegalArgumentException("operation " + op + ": " + String.join(", ", missing)
            + ": no @Schema(description) (expected: every model record and component described)");
      }
      Class<?> other = schemaNames.get(r.getSimpleName());
      if (other != null && other != r) {
        throw new IllegalArgumentException("operation " + op + ": model " + r.getName() + " has the same simple name as "
            + other.getName() + " (expected: unique names, they name the OpenAPI schemas)");
      }
    }
    for (Class<? extends Record> r : ApiTypes.reachableRecords(roots)) {
      schemaNames.put(r.getSimpleName(), r);
    }
  }

  private static Set<Class<? extends Record>> rootsOf(ApiOperation op) {
    Set<Class<? extends Record>> roots = new LinkedHashSet<>();
    if (op.requestBody() != null) {
      roots.add(op.requestBody());
    }
    for (ResponseSpec r : op.responses()) {
      if (r.body().type() != null) {
        roots.add(r.body().type());
      }
    }
    return roots;
  }

  /** {@code /cache/{key}} and {@code /cache/{id}} are the same route. */
  private static String shape(String path) {
    return path.replaceAll("\\{[^/]*}", "{}");
  }

  /** Every operation, in registration order. */
  public List<ApiOperation> operations() {
    return Collections.unmodifiableList(operations);
  }

  /** Tag name to description, sorted by name. */
  public SortedMap<String, String> tags() {
    return Collections.unmodifiableSortedMap(tags);
  }

  /** Every distinct OpenAPI-style path, sorted. */
  public SortedSet<String> paths() {
    SortedSet<String> out = new TreeSet<>();
    for (ApiOperation op : operations) {
      out.add(op.path());
    }
    return Collections.unmodifiableSortedSet(out);
  }

  /** Every model record the operations use, plus {@link Problem}, sorted by name. */
  public List<Class<? extends Record>> schemaTypes() {
    Set<Class<? extends Record>> roots = new LinkedHashSet<>();
    roots.add(Problem.class);
    for (ApiOperation op : operations) {
      roots.addAll(rootsOf(op));
    }
    return ApiTypes.reachableRecords(roots);
  }
}
