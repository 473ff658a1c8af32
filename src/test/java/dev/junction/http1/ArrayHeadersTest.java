package dev.junction.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@link ArrayHeaders}: fields the decoder read (views of a head) mixed with fields Junction adds. */
class ArrayHeadersTest {
  private static final byte[] HEAD = "Host: a.example\r\nX-Tag:  one \r\nx-tag: two\r\nConnection: keep-alive\r\n"
      .getBytes(StandardCharsets.ISO_8859_1);

  /** The fields of {@link #HEAD} as the decoder adds them: views, values without the spaces around them. */
  private static ArrayHeaders decoded() {
    ArrayHeaders h = new ArrayHeaders(2); // small on purpose: adding must grow the arrays
    view(h, 0, 4, 6, 9);
    view(h, 17, 5, 25, 3);
    view(h, 31, 5, 38, 3);
    view(h, 43, 10, 55, 10);
    return h;
  }

  private static void view(ArrayHeaders h, int ns, int nl, int vs, int vl) {
    h.addTrusted(new AsciiString(HEAD, ns, nl, false), new AsciiString(HEAD, vs, vl, false));
  }

  private static String written(ArrayHeaders h) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < h.size(); i++) {
      out.append(h.nameAt(i)).append(':').append(h.valueAt(i)).append(';');
    }
    return out.toString();
  }

  @Test
  void fieldsAreFoundIgnoringCaseAndReadAsText() {
    ArrayHeaders h = decoded();

    assertThat(h.get("HOST")).isEqualTo("a.example");
    assertThat(h.getAll("X-TAG")).containsExactly("one", "two");
    assertThat(h.contains("connection", "KEEP-ALIVE", true)).isTrue();
    assertThat(h.containsValue("Connection", "keep-alive", false)).isTrue();
    assertThat(h.get("X-Tagx")).isNull();
    assertThat(h.names()).containsExactly("Host", "X-Tag", "x-tag", "Connection");
  }

  @Test
  void editsReplaceRemoveAndAppendInPlace() {
    ArrayHeaders h = decoded();
    h.set("x-TAG", "three");
    h.add("Via", "1.1 junction");
    h.remove("connection");

    assertThat(written(h)).isEqualTo("Host:a.example;X-Tag:three;Via:1.1 junction;");
    assertThat(h.getAll("x-tag")).containsExactly("three");
  }

  @Test
  void removingByIndexKeepsTheOtherFieldsInOrder() {
    ArrayHeaders h = decoded();
    h.add("X-Added", "yes");
    h.removeAt(1);
    h.removeAt(0);

    assertThat(written(h)).isEqualTo("x-tag:two;Connection:keep-alive;X-Added:yes;");
    assertThat(h.nameAt(0).toString() + "=" + h.valueAt(0)).isEqualTo("x-tag=two");
  }

  @Test
  void aCopyHoldsTheSameFieldsAndIsIndependent() {
    ArrayHeaders h = decoded();
    ArrayHeaders c = (ArrayHeaders) h.copy();
    c.remove("Host");

    assertThat(written(h)).isEqualTo("Host:a.example;X-Tag:one;x-tag:two;Connection:keep-alive;");
    assertThat(written(c)).isEqualTo("X-Tag:one;x-tag:two;Connection:keep-alive;");
  }
}
