package dev.junction.openapi;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The generated document does not break clients of the committed one, unless the change is
 * accepted in {@code docs/openapi-breaking-allowed.txt}.
 */
class OpenApiCompatibilityTest {

  @Test
  void theGeneratedDocumentIsCompatibleWithTheCommittedOne() {
    List<BreakingChangeChecker.Finding> breaks = unallowedBreaks(Specs.tree(Specs.committed()), Specs.tree(Specs.generated()));
    if (!breaks.isEmpty()) {
      fail(explain(breaks));
    }
  }

  static List<BreakingChangeChecker.Finding> unallowedBreaks(JsonNode before, JsonNode after) {
    Set<String> allowed;
    try {
      allowed = BreakingChangeChecker.allowList(Specs.ALLOWED_BREAKS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return BreakingChangeChecker.compare(before, after).stream().filter(f -> !allowed.contains(f.subject())).toList();
  }

  static String explain(List<BreakingChangeChecker.Finding> breaks) {
    String subjects = breaks.stream().map(BreakingChangeChecker.Finding::subject).distinct().sorted()
        .collect(Collectors.joining("\n  "));
    return "The admin API changed in ways that break existing clients:\n  "
        + breaks.stream().map(Object::toString).collect(Collectors.joining("\n  "))
        + "\nUndo the change, or if it is intended, add these lines to " + Specs.ALLOWED_BREAKS + ":\n  " + subjects
        + "\nthen regenerate the document with:\n  " + Specs.REGENERATE;
  }
}
