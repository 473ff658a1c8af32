package dev.junction.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * <code>${NAME}</code> in Junction-format string values, replaced by the environment variable
 * {@code NAME}. <code>$${</code> writes a literal <code>${</code>; any other {@code $} is literal.
 * An unset variable or a malformed reference is a problem; every unset variable in one value is
 * reported. Stateless.
 */
final class EnvExpansion {
  private EnvExpansion() {}

  /** The expanded text, and the problems found (empty when the text is usable). */
  record Result(String text, List<String> problems) {}

  static Result expand(String text, Function<String, @Nullable String> environment) {
    if (text.indexOf('$') < 0) {
      return new Result(text, List.of());
    }
    StringBuilder out = new StringBuilder(text.length());
    List<String> problems = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '$' && text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (c == '$' && text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        String name = end < 0 ? null : text.substring(i + 2, end);
        if (name == null || !isName(name)) {
          String reference = end < 0 ? text.substring(i) : text.substring(i, end + 1);
          problems.add(Section.shown(reference)
              + " (expected: ${NAME} with NAME made of letters, digits and _, or $${ for a literal ${)");
          break;
        }
        String value = environment.apply(name);
        if (value == null) {
          problems.add("environment variable '" + name + "' is not set (expected: set it, or write $${" + name
              + "} for a literal)");
        } else {
          out.append(value);
        }
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return new Result(out.toString(), List.copyOf(problems));
  }

  private static boolean isName(String name) {
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c == '_' || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }
}
