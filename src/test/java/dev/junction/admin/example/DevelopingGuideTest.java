package dev.junction.admin.example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The Java snippets of docs/DEVELOPING.md are copied from the example sources, so they compile. */
class DevelopingGuideTest {
  private static final Path GUIDE = Path.of("docs", "DEVELOPING.md");
  private static final Path EXAMPLE = Path.of("src", "test", "java", "dev", "junction", "admin", "example");
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

  static String squash(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }

  @Test
  void everyJavaSnippetAppearsInTheExampleSources() throws IOException {
    StringBuilder sources = new StringBuilder();
    try (Stream<Path> files = Files.list(EXAMPLE)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
        sources.append(Files.readString(f)).append('\n');
      }
    }
    String all = squash(sources.toString());
    List<String> snippets = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(Files.readString(GUIDE));
    while (m.find()) {
      snippets.add(m.group(1));
    }
    assertThat(snippets).hasSizeGreaterThanOrEqualTo(3);
    assertThat(snippets).allSatisfy(s -> assertThat(all).contains(squash(s)));
  }
}
