package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link in the README and the pages under {@code docs/} leads somewhere: the file
 * exists, and a {@code #fragment} into a Markdown page names one of its headings (as GitHub makes
 * anchors of them: lower case, punctuation dropped, spaces as hyphens). Links inside code blocks
 * are not links.
 */
class DocsLinksTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern CODE_BLOCK = Pattern.compile("```.*?```", Pattern.DOTALL);

  @Test
  void everyRelativeLinkInTheDocsLeadsToAFileAndAHeading() throws IOException {
    List<Path> pages = new ArrayList<>();
    pages.add(Path.of("README.md"));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path page : pages) {
      String text = CODE_BLOCK.matcher(Files.readString(page)).replaceAll("");
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String link = m.group(1);
        if (link.startsWith("http://") || link.startsWith("https://") || link.startsWith("mailto:")) {
          continue;
        }
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        Path target = file.isEmpty() ? page : page.resolveSibling(file).normalize();
        if (!Files.exists(target)) {
          broken.add(page + ": " + link + " (no such file)");
        } else if (hash >= 0 && target.toString().endsWith(".md") && !anchors(target).contains(link.substring(hash + 1))) {
          broken.add(page + ": " + link + " (no such heading)");
        }
      }
    }

    assertThat(pages).hasSizeGreaterThan(5);
    assertThat(broken).isEmpty();
  }

  private static Set<String> anchors(Path page) {
    Set<String> out = new HashSet<>();
    try {
      for (String line : Files.readAllLines(page)) {
        if (line.startsWith("#")) {
          String h = line.replaceFirst("^#+", "").strip().toLowerCase(Locale.ROOT);
          out.add(h.replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-'));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
