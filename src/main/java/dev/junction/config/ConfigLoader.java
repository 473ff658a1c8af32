package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a YAML configuration into a {@link JunctionConfig}. Two formats are accepted, told apart
 * by the top level:
 *
 * <ul>
 *   <li>Junction's own format: a single top-level key {@code junction} (see
 *       {@code examples/junction.yaml}). String values may use <code>${NAME}</code> for the
 *       environment variable {@code NAME}; <code>$${</code> writes a literal <code>${</code>.
 *   <li>The seed router's format, unchanged: top-level keys are backend URLs (see
 *       {@code examples/seed-readme.yaml}). Each endpoint becomes a rule for any method.
 * </ul>
 *
 * <p>Every problem found is collected and thrown together as one {@link ConfigException}, in
 * document order, each naming file, line, column (1-based) and a dotted key path such as
 * {@code junction.routes[2].payload[0]./model}; list indexes in key paths are 0-based. A file that
 * cannot be read is a {@code ConfigException} too, naming the file.
 *
 * <p>The document is bounded: {@value YamlSource#MAX_CODE_POINTS} characters, lines of
 * {@value LineLimitReader#MAX_LINE_LENGTH} characters, nesting of {@value YamlSource#MAX_DEPTH}
 * levels, {@value YamlSource#MAX_COLLECTION_ALIASES} aliases of mappings or sequences and
 * {@value NodeGuard#MAX_EXPANDED_NODES} nodes once aliases are expanded.
 * Tags other than plain YAML types and merge keys ({@code <<}) are refused; keys may not repeat.
 *
 * <p>Thread-safe (no shared state). Blocking: {@link #load(Path)} reads the file, so call it off
 * any event loop.
 */
public final class ConfigLoader {
  /** The top-level key of Junction's own format. */
  static final String JUNCTION_KEY = "junction";

  private ConfigLoader() {}

  /** Loads {@code file}, expanding <code>${NAME}</code> from the process environment. */
  public static JunctionConfig load(Path file) {
    return load(file, System.getenv());
  }

  /**
   * Loads {@code file}, expanding <code>${NAME}</code> from {@code environment}. Relative paths in
   * the file ({@code cache.path}) resolve against the file's directory.
   *
   * @throws ConfigException every problem found, or why the file cannot be read
   */
  public static JunctionConfig load(Path file, Map<String, String> environment) {
    requireNonNull(file, "file");
    requireNonNull(environment, "environment");
    Origin origin = new Origin(file, 0, 0);
    if (Files.isDirectory(file)) {
      throw new ConfigException(origin, "", "cannot read: a directory (expected: a YAML file)");
    }
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(reader, file, environment);
    } catch (NoSuchFileException e) {
      throw new ConfigException(origin, "", "cannot read: no such file");
    } catch (AccessDeniedException e) {
      throw new ConfigException(origin, "", "cannot read: permission denied");
    } catch (IOException e) {
      throw new ConfigException(origin, "", "cannot read: " + e.getMessage());
    }
  }

  /** Loads YAML text, expanding <code>${NAME}</code> from the process environment. */
  public static JunctionConfig load(String yaml, @Nullable Path nameForMessages) {
    return load(yaml, nameForMessages, System.getenv());
  }

  /**
   * Loads YAML text, expanding <code>${NAME}</code> from {@code environment}.
   *
   * @param nameForMessages the file named in problems and kept as {@link JunctionConfig#source()};
   *     relative paths in the text resolve against its directory. {@code null} shows
   *     {@code <inline>} and leaves relative paths relative to the working directory
   * @throws ConfigException every problem found
   */
  public static JunctionConfig load(String yaml, @Nullable Path nameForMessages, Map<String, String> environment) {
    requireNonNull(yaml, "yaml");
    requireNonNull(environment, "environment");
    return read(new StringReader(yaml), nameForMessages, environment);
  }

  private static JunctionConfig read(Reader reader, @Nullable Path name, Map<String, String> environment) {
    LoadProblems problems = new LoadProblems(name);
    YamlSource yaml = new YamlSource();
    Node root = yaml.compose(reader, problems);
    problems.throwIfAny();
    if (root == null || Section.isNull(root)) {
      throw new ConfigException(new Origin(name, 0, 0), "",
          "empty configuration (expected: backend URLs at the top level, or a 'junction' mapping)");
    }
    if (!NodeGuard.check(root, problems)) {
      problems.throwIfAny();
    }
    if (!(root instanceof MappingNode mapping)) {
      throw new ConfigException(problems.origin(root), "", Section.describe(root)
          + " at the top level (expected: a mapping of backend URLs, or a 'junction' mapping)");
    }
    JunctionConfig config;
    if (isJunctionFormat(mapping)) {
      Scalars scalars = new Scalars(problems, yaml, environment::get);
      Section top = Section.of(mapping, "", ConfigKeys.ROOT.names(), "a 'junction' mapping", problems);
      config = new JunctionFormat(problems, scalars, name).read(requireNonNull(top.entry(JUNCTION_KEY)));
    } else {
      config = new SeedFormat(problems, new Scalars(problems, yaml, null)).read(mapping, name);
    }
    problems.throwIfAny();
    return config;
  }

  /** Junction's format has a {@code junction} key; with backend URLs beside it, it is a broken seed file. */
  private static boolean isJunctionFormat(MappingNode root) {
    boolean junction = false;
    for (NodeTuple t : root.getValue()) {
      if (t.getKeyNode() instanceof ScalarNode key) {
        junction |= key.getValue().equals(JUNCTION_KEY);
        if (key.getValue().startsWith("http://") || key.getValue().startsWith("https://")) {
          return false;
        }
      }
    }
    return junction;
  }
}
