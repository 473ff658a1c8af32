package dev.junction.openapi.merge;

/** Path templates compared segment by segment; {@code {name}} is one variable segment. */
final class Templates {
  private Templates() {}

  /** The template with every variable written {@code {}}: two paths differing only in names are one. */
  static String shape(String path) {
    String[] s = path.split("/", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < s.length; i++) {
      out.append('/').append(isVariable(s[i]) ? "{}" : s[i]);
    }
    return out.length() == 0 ? "/" : out.toString();
  }

  /**
   * Whether a rule's path covers every request to the document's path: a rule variable covers any
   * segment, a rule literal only the same literal (a document variable is not covered by a literal).
   */
  static boolean covers(String rulePath, String documentPath) {
    String[] r = rulePath.split("/", -1);
    String[] d = documentPath.split("/", -1);
    if (r.length != d.length) {
      return false;
    }
    for (int i = 0; i < r.length; i++) {
      if (!isVariable(r[i]) && (isVariable(d[i]) || !r[i].equals(d[i]))) {
        return false;
      }
    }
    return true;
  }

  static boolean isVariable(String segment) {
    return segment.length() > 2 && segment.startsWith("{") && segment.endsWith("}");
  }
}
