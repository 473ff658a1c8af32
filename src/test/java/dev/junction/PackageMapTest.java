package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The map of packages and the request path in docs/DEVELOPING.md follow the code: every top-level
 * package of {@code dev.junction} has a row and every row a package, and every class the "Layout"
 * and "The request path" and "Hostile peers" sections name (in backticks, {@code Class} or
 * {@code Class.member}) exists, in the main or the test sources. A rename or a move that forgets the guide fails here.
 */
class PackageMapTest {
  private static final Path GUIDE = Path.of("docs", "DEVELOPING.md");
  private static final Path MAIN = Path.of("src", "main", "java", "dev", "junction");
  private static final Pattern ROW = Pattern.compile("^\\| `dev\\.junction((?:\\.[a-z0-9]+)?)` \\|", Pattern.MULTILINE);
  private static final Pattern NAMED = Pattern.compile("`([A-Z][a-z][A-Za-z0-9]*)(?:\\.[A-Za-z0-9]+)*`");

  private static String section(String guide, String heading) {
    int start = guide.indexOf("\n## " + heading + "\n");
    assertThat(start).as("section '%s' in %s", heading, GUIDE).isNotNegative();
    int end = guide.indexOf("\n## ", start + 4);
    return guide.substring(start, end < 0 ? guide.length() : end);
  }

  @Test
  void everyPackageHasARowAndEveryRowAPackage() throws IOException {
    String layout = section(Files.readString(GUIDE), "Layout");
    Set<String> rows = new TreeSet<>();
    Matcher m = ROW.matcher(layout);
    while (m.find()) {
      rows.add("dev.junction" + m.group(1));
    }
    Set<String> packages = new TreeSet<>();
    packages.add("dev.junction");
    try (Stream<Path> dirs = Files.list(MAIN)) {
      dirs.filter(Files::isDirectory).forEach(d -> packages.add("dev.junction." + d.getFileName()));
    }
    assertThat(rows).isEqualTo(packages);
  }

  @Test
  void everyClassTheLayoutAndTheRequestPathNameExists() throws IOException {
    String guide = Files.readString(GUIDE);
    Set<String> classes = new TreeSet<>();
    for (String tree : List.of("main", "test")) {
      try (Stream<Path> files = Files.walk(Path.of("src", tree, "java"))) {
        files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
            .forEach(n -> classes.add(n.substring(0, n.length() - ".java".length())));
      }
    }
    List<String> missing = new ArrayList<>();
    int named = 0;
    for (String heading : List.of("Layout", "The request path", "Hostile peers")) {
      Matcher m = NAMED.matcher(section(guide, heading));
      while (m.find()) {
        named++;
        String name = m.group(1);
        if (!classes.contains(name) && !isNestedType(name)) {
          missing.add(heading + ": " + m.group());
        }
      }
    }
    assertThat(named).isGreaterThan(30);
    assertThat(missing).as("classes named in %s that are not in src/main/java or src/test/java", GUIDE).isEmpty();
  }

  /** A nested type the guide names by its simple name: declared somewhere in the sources. */
  private static boolean isNestedType(String name) throws IOException {
    Pattern decl = Pattern.compile("\\b(?:class|interface|record|enum) " + name + "\\b");
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      return files.filter(p -> p.toString().endsWith(".java")).anyMatch(p -> {
        try {
          return decl.matcher(Files.readString(p)).find();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
  }
}
