package dev.junction.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A YAML syntax error in Junction's words: what is wrong at the problem's line and column, what was
 * expected, and where the construct it breaks began, instead of the parser's own vocabulary
 * ({@code <block end>}, {@code <scalar>}, "while parsing a flow mapping"). Cases the parser has and
 * this class does not know read "not valid YAML: " followed by the parser's problem, its token names
 * made readable.
 */
final class YamlErrors {
  private static final Pattern GOT = Pattern.compile("(?:but got|but found) (.+)$");
  private static final Pattern CHARACTER = Pattern.compile("found character '(.+?)' that cannot start any token");
  private static final Pattern ALIAS = Pattern.compile("found undefined alias:? (.+)$");

  private YamlErrors() {}

  /** The message for {@code e}; its position is the problem mark's (else the context mark's). */
  static String describe(MarkedYAMLException e) {
    String problem = e.getProblem() == null ? "" : e.getProblem().strip();
    String context = e.getContext() == null ? "" : e.getContext().strip();
    String since = since(e.getContextMark(), e.getProblemMark());
    String found = found(problem);
    if (problem.contains("cannot start any token")) {
      Matcher m = CHARACTER.matcher(problem);
      String c = m.find() ? m.group(1) : "?";
      if (c.startsWith("\\t")) {
        return "a tab character (expected: spaces; YAML does not allow tabs for indentation)";
      }
      return "'" + c + "' cannot start a value (expected: quote the value, as in \"" + c + "...\")";
    }
    if (problem.startsWith("mapping values are not allowed")) {
      return "a ':' where no new key can start (expected: a value with ': ' in it quoted, or the key on a line of its own)";
    }
    if (context.startsWith("while scanning a quoted scalar")) {
      return "a quoted text" + since + " is not closed (expected: the closing quote)";
    }
    if (context.startsWith("while scanning a simple key") || problem.contains("could not find expected ':'")) {
      return "a key without ':'" + since + " (expected: key: value)";
    }
    if (context.startsWith("while parsing a flow mapping")) {
      return "the mapping {" + since + " is not closed" + found + " (expected: ',' and another key, or '}')";
    }
    if (context.startsWith("while parsing a flow sequence")) {
      return "the list [" + since + " is not closed" + found + " (expected: ',' and another item, or ']')";
    }
    if (context.startsWith("while parsing a block mapping")) {
      return "this line does not fit the mapping" + since + found + " (expected: a key indented like the keys above it,"
          + " or a value indented under its key)";
    }
    if (context.startsWith("while parsing a block collection") || context.startsWith("while parsing an indentless")) {
      return "this line does not fit the list" + since + found + " (expected: '- ' and an item, indented like the items"
          + " above it)";
    }
    if (problem.startsWith("expected the node content") || problem.startsWith("expected a node")) {
      return "no value" + found + " (expected: a value: text, a number, a list or a mapping)";
    }
    if (problem.contains("undefined alias")) {
      Matcher m = ALIAS.matcher(problem);
      String name = m.find() ? m.group(1) : "";
      return "the alias *" + name + " refers to no anchor (expected: &" + name + " on a value above it)";
    }
    if (problem.startsWith("Global tag is not allowed")) {
      String tag = problem.substring(problem.indexOf(":") + 1).strip().replace("tag:yaml.org,2002:", "!!");
      return "the tag " + tag + " (expected: plain values: Junction reads no tag that would build an object)";
    }
    if (problem.contains("single document") || problem.contains("another document")) {
      return "a second YAML document (expected: one document; remove the '---' line and what follows, or merge them)";
    }
    if (problem.contains("Number of aliases") || problem.contains("exceeds the limit") || problem.contains("Nesting Depth")) {
      return "too large to read (expected: at most " + YamlSource.MAX_COLLECTION_ALIASES + " aliases of lists or mappings, "
          + "nesting at most " + YamlSource.MAX_DEPTH + " deep, " + YamlSource.MAX_CODE_POINTS + " characters)";
    }
    return "not valid YAML: " + readable(context.isEmpty() ? problem : context + ", " + problem);
  }

  /** {@code " opened at line 3:8"} when the construct began at another place than the problem. */
  private static String since(@Nullable Mark context, @Nullable Mark problem) {
    if (context == null || (problem != null && problem.getLine() == context.getLine()
        && problem.getColumn() == context.getColumn())) {
      return "";
    }
    return " opened at line " + (context.getLine() + 1) + ":" + (context.getColumn() + 1);
  }

  private static String found(String problem) {
    Matcher m = GOT.matcher(problem);
    if (!m.find()) {
      return "";
    }
    String token = m.group(1).strip();
    return ", found " + (token.length() <= 2 && !token.startsWith("'") ? "'" + token + "'" : readable(token));
  }

  /** The parser's token names as words. */
  private static String readable(String text) {
    String t = text.replaceAll("'(<[a-z ]+>)'", "$1");
    t = t.replace("<block end>", "the end of the block").replace("<scalar>", "a value")
        .replace("<block mapping start>", "a mapping").replace("<block sequence start>", "a list")
        .replace("<block entry>", "'- '").replace("<flow mapping start>", "'{'").replace("<flow sequence start>", "'['")
        .replace("<flow mapping end>", "'}'").replace("<flow sequence end>", "']'").replace("<key>", "a key")
        .replace("<value>", "':'").replace("<document start>", "'---'").replace("<document end>", "'...'")
        .replace("<stream end>", "the end of the file").replace("<anchor>", "an anchor").replace("<alias>", "an alias")
        .replace("<tag>", "a tag");
    return t;
  }
}
