package dev.junction.config;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.HashSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Syntax checks for request paths, path templates and JSON pointers. Stateless. */
final class PathSyntax {
  private PathSyntax() {}

  /**
   * Why {@code path} is not a usable route path, or {@code null} when it is: it must start with
   * {@code /}, carry no query or fragment, and each {@code {name}} must be a whole segment with a
   * name made of letters, digits and {@code _}, used once.
   */
  static @Nullable String checkTemplate(String path) {
    String problem = checkPath(path);
    if (problem != null) {
      return problem;
    }
    Set<String> names = new HashSet<>();
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.indexOf('{') < 0 && segment.indexOf('}') < 0) {
        continue;
      }
      if (!(segment.length() >= 2 && segment.startsWith("{") && segment.endsWith("}"))) {
        return Section.shown(path) + " (expected: a template variable {name} as a whole segment, not '" + segment + "')";
      }
      String name = segment.substring(1, segment.length() - 1);
      if (name.isEmpty()) {
        return Section.shown(path) + " (expected: a name inside {})";
      }
      if (!isVariableName(name)) {
        return Section.shown(path) + " (expected: a template variable name made of letters, digits and _, not '" + name + "')";
      }
      if (!names.add(name)) {
        return Section.shown(path) + " (expected: each template variable once, but {" + name + "} repeats)";
      }
    }
    return null;
  }

  /** Why {@code path} is not a plain request path, or {@code null} when it is. */
  static @Nullable String checkPath(String path) {
    if (!path.startsWith("/")) {
      return Section.shown(path) + " (expected: a path starting with /)";
    }
    if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
      return Section.shown(path) + " (expected: a path without query or fragment)";
    }
    return null;
  }

  /**
   * The JSON pointer {@code text} (RFC 6901), or {@code null} when it is not one: it must start
   * with {@code /} and every {@code ~} must be followed by {@code 0} or {@code 1}.
   */
  static @Nullable JsonPointer pointer(String text) {
    if (!text.startsWith("/")) {
      return null;
    }
    for (int i = text.indexOf('~'); i >= 0; i = text.indexOf('~', i + 1)) {
      if (i + 1 >= text.length() || (text.charAt(i + 1) != '0' && text.charAt(i + 1) != '1')) {
        return null;
      }
    }
    try {
      return JsonPointer.compile(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** A pointer to the top-level field {@code name}: {@code ~} and {@code /} escaped per RFC 6901. */
  static JsonPointer field(String name) {
    return JsonPointer.compile("/" + name.replace("~", "~0").replace("/", "~1"));
  }

  private static boolean isVariableName(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c == '_' || Character.isLetterOrDigit(c))) {
        return false;
      }
    }
    return true;
  }
}
