package dev.junction.admin.routes;

import dev.junction.config.HeadConditions;
import java.util.ArrayList;
import java.util.List;

/**
 * A rule's head conditions as text, one string each: {@code host api.example.com or *.example.org},
 * {@code header x-tenant equals "acme"}, {@code query api-version matches "2024-*"}; matchers read as
 * in {@link PayloadText}.
 */
public final class HeadText {
  private HeadText() {}

  public static List<String> render(HeadConditions c) {
    List<String> out = new ArrayList<>();
    if (!c.hosts().isEmpty()) {
      out.add("host " + String.join(" or ", c.hosts()));
    }
    c.headers().forEach((name, m) -> out.add("header " + name + " " + PayloadText.render(m)));
    c.query().forEach((name, m) -> out.add("query " + name + " " + PayloadText.render(m)));
    return List.copyOf(out);
  }
}
