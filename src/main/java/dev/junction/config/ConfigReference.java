package dev.junction.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The reference tables of {@code docs/configuration.md}, written from the catalogue
 * ({@link ConfigKeys}): a table of value types, then one table per mapping of Junction's format and
 * of the seed format, a row per key with its full dotted path, type, default, example and what it
 * does. They sit between {@link #START} and {@link #END}. Stateless.
 */
final class ConfigReference {
  static final String START = "<!-- config-reference:start -->";
  static final String END = "<!-- config-reference:end -->";

  private ConfigReference() {}

  /** The Markdown that goes between the markers, starting and ending with a blank line. */
  static String markdown() {
    StringBuilder out = new StringBuilder("\n");
    out.append("<!-- Generated from the key catalogue of the config package: edit it there, then regenerate "
        + "(docs/DEVELOPING.md, \"Adding a configuration key\"). -->\n\n");
    out.append("### Value types\n\n| type | written as |\n|---|---|\n");
    row(out, "duration", Quantities.DURATION + "; above zero");
    row(out, "size", Quantities.SIZE + "; KiB, MiB, GiB count 1024, KB, MB, GB 1000, in any case");
    row(out, "status, status set", Quantities.STATUS + " (100 to 599); a status set is one of them, or a list of them "
        + "such as `[200-299, 304]`");
    row(out, "HOST:PORT", "`127.0.0.1:8000`, `[::1]:8000`, or `:8000` for every interface");
    row(out, "http(s) URL", Urls.EXPECTED + "; no user info, query or fragment");
    row(out, "redis(s) URL", Urls.EXPECTED_REDIS);
    row(out, "path, path or template", "starts with `/`, no query or fragment; in a template each `{name}` is a whole "
        + "segment, its name made of letters, digits and `_`");
    row(out, "JSON pointer", "RFC 6901, such as `/model` or `/messages/0/role`; `~0` and `~1` stand for `~` and `/`");
    row(out, "boolean", "`true` or `false` (YAML 1.1 also reads `yes`, `no`, `on`, `off`)");
    row(out, "text, file path, backend name", "a scalar; a number or boolean is read as written");
    out.append("\nIn Junction's format every string may use `${NAME}` for the environment variable `NAME` (unset is "
        + "an error); `$${` writes a literal `${`. The seed format has no such references.\n");
    tables(out, ConfigKeys.JUNCTION, "");
    tables(out, ConfigKeys.SEED_BACKEND, " (seed format)");
    return out.append('\n').toString();
  }

  /** {@code page} with what lies between the markers replaced by {@link #markdown()}. */
  static String replaceIn(String page) {
    int start = page.indexOf(START);
    int end = page.indexOf(END);
    if (start < 0 || end < start) {
      throw new IllegalArgumentException("page: no " + START + " ... " + END + " (expected: both markers, in order)");
    }
    return page.substring(0, start + START.length()) + markdown() + page.substring(end);
  }

  /** The table of {@code group}, then the tables of the mappings under it, depth first. */
  private static void tables(StringBuilder out, KeyShape.Group group, String suffix) {
    out.append("\n### ").append(title(group)).append(suffix).append("\n\n");
    out.append("| key | type | default | example | what it does |\n|---|---|---|---|---|\n");
    List<KeyShape.Group> nested = new ArrayList<>();
    for (ConfigKey k : group.keys()) {
      String path = group.path().isEmpty() ? k.name() : group.path() + "." + k.name();
      out.append("| `").append(path).append("` | ").append(cell(type(k.shape(), suffix))).append(" | ")
          .append(defaultText(group, k)).append(" | ").append(code(k.example())).append(" | ")
          .append(cell(k.description())).append(" |\n");
      nested.addAll(groupsIn(k.shape()));
    }
    nested.forEach(g -> tables(out, g, suffix));
  }

  private static String title(KeyShape.Group group) {
    return group.path().isEmpty() ? "Top level, under `junction`" : "`" + group.path() + "`";
  }

  private static String type(KeyShape shape, String suffix) {
    List<String> links = groupsIn(shape).stream()
        .map(g -> "[`" + g.path() + "`](#" + anchor(title(g) + suffix) + ")").toList();
    return base(shape) + (links.isEmpty() ? "" : "; see " + String.join(", ", links));
  }

  private static String base(KeyShape shape) {
    if (shape instanceof KeyShape.Duration) {
      return "duration";
    } else if (shape instanceof KeyShape.Size s) {
      return s.min() > 0 ? "size, at least " + s.min() + (s.min() == 1 ? " byte" : " bytes") : "size";
    } else if (shape instanceof KeyShape.Status) {
      return "status";
    } else if (shape instanceof KeyShape.Flag) {
      return "boolean";
    } else if (shape instanceof KeyShape.Whole w) {
      return w.max() == Integer.MAX_VALUE || w.max() == Long.MAX_VALUE ? "integer, at least " + w.min()
          : "integer, " + w.min() + " to " + w.max();
    } else if (shape instanceof KeyShape.Fraction) {
      return "number, 0 to 1";
    } else if (shape instanceof KeyShape.Choice c) {
      return "one of `" + String.join("`, `", c.values()) + "`";
    } else if (shape instanceof KeyShape.Text t) {
      return t.described();
    } else if (shape instanceof KeyShape.ListOf l) {
      return l.described();
    } else if (shape instanceof KeyShape.MapOf m) {
      return m.described();
    } else if (shape instanceof KeyShape.AnyValue a) {
      return a.described();
    } else if (shape instanceof KeyShape.Either e) {
      return base(e.first()) + ", or " + base(e.second());
    } else if (shape instanceof KeyShape.Condition) {
      return "condition";
    }
    return "mapping";
  }

  /** The mappings with fixed keys directly under {@code shape}, not under another such mapping. */
  private static List<KeyShape.Group> groupsIn(KeyShape shape) {
    if (shape instanceof KeyShape.Group g) {
      return List.of(g);
    } else if (shape instanceof KeyShape.Either e) {
      return concat(groupsIn(e.first()), groupsIn(e.second()));
    } else if (shape instanceof KeyShape.ListOf l) {
      return concat(groupsIn(l.item()), l.single() == null ? List.of() : groupsIn(l.single()));
    } else if (shape instanceof KeyShape.MapOf m) {
      return groupsIn(m.value());
    } else if (shape instanceof KeyShape.Condition c) {
      return List.of(c.operators());
    }
    return List.of();
  }

  private static String defaultText(KeyShape.Group group, ConfigKey k) {
    if (k.required()) {
      return "required";
    }
    if (group.exactlyOne().contains(k.name())) {
      return "exactly one of `" + String.join("`, `", group.exactlyOne()) + "`";
    }
    return k.defaultValue() != null ? code(k.defaultValue()) : k.defaultNote() != null ? cell(k.defaultNote()) : "";
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    List<T> out = new ArrayList<>(a);
    b.stream().filter(x -> !out.contains(x)).forEach(out::add);
    return out;
  }

  private static void row(StringBuilder out, String type, String writtenAs) {
    out.append("| ").append(type).append(" | ").append(writtenAs).append(" |\n");
  }

  /** Text safe in a table cell: a pipe would end the cell, an asterisk could start emphasis. */
  private static String cell(String text) {
    return text.replace("|", "\\|").replace("*", "\\*");
  }

  /** {@code text} as code in a table cell, where only a pipe needs escaping. */
  private static String code(String text) {
    return "`" + text.replace("|", "\\|") + "`";
  }

  /** The anchor GitHub makes of a heading: lower case, punctuation dropped, spaces as hyphens. */
  static String anchor(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-');
  }
}
