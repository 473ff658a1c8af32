package dev.junction.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * SnakeYAML behind bounds: one document composed into nodes with marks (never into Java objects),
 * limited in size, line length, nesting and aliases so a hostile file cannot exhaust memory, stack
 * or much time; and the safe constructor's reading of plain scalars (YAML 1.1, as the seed's
 * PyYAML reads them). One instance per load; not thread-safe.
 */
final class YamlSource {
  /** Bound on the characters of one document. */
  static final int MAX_CODE_POINTS = 10 * 1024 * 1024;
  /** Bound on aliases that repeat a mapping or a sequence. */
  static final int MAX_COLLECTION_ALIASES = 50;
  /** Bound on nested mappings and sequences. */
  static final int MAX_DEPTH = 100;

  private final ScalarConstructor constructor;

  YamlSource() {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setAllowRecursiveKeys(false);
    options.setMergeOnCompose(false);
    this.constructor = new ScalarConstructor(options);
  }

  /**
   * Composes the single document in {@code reader}. Returns {@code null} for an empty document
   * and also when the text is not YAML, after recording why.
   */
  @Nullable Node compose(Reader reader, LoadProblems problems) {
    try {
      return new Yaml(constructor).compose(new LineLimitReader(reader));
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      problems.add(problems.origin(mark), "", YamlErrors.describe(e));
    } catch (YAMLException e) {
      if (e.getCause() instanceof LineLimitReader.LineTooLongException tooLong) {
        problems.add(new Origin(problems.file(), tooLong.line(), LineLimitReader.MAX_LINE_LENGTH + 1), "",
            "line too long (expected: at most " + LineLimitReader.MAX_LINE_LENGTH + " characters per line)");
      } else {
        problems.add(problems.origin((Mark) null), "", describe(e));
      }
    }
    return null;
  }

  /**
   * The value of an {@code int}, {@code float} or {@code bool} scalar: Integer, Long, BigInteger,
   * Double or Boolean ({@code 0x1F}, {@code 1_000}, {@code yes} read as YAML 1.1 says).
   *
   * @throws YAMLException or NumberFormatException when the text cannot be read as its tag says
   */
  Object value(ScalarNode node) {
    Tag tag = node.getTag();
    if (!(tag.equals(Tag.INT) || tag.equals(Tag.FLOAT) || tag.equals(Tag.BOOL))) {
      throw new IllegalArgumentException("tag: " + tag + " (expected: int, float or bool)");
    }
    return constructor.value(node);
  }

  private static String describe(YAMLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CharacterCodingException) {
        return "not valid UTF-8 text (expected: a UTF-8 YAML file)";
      }
      if (t instanceof IOException io) {
        return "cannot read (" + io.getMessage() + ")";
      }
    }
    return "rejected: " + e.getMessage();
  }

  /** The safe constructor, used only for the value of single scalars. */
  private static final class ScalarConstructor extends SafeConstructor {
    ScalarConstructor(LoaderOptions options) {
      super(options);
    }

    Object value(ScalarNode node) {
      return constructObject(node);
    }
  }
}
