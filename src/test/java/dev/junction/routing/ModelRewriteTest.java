package dev.junction.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The model value replaced, and not one other byte. */
class ModelRewriteTest {
  private static final JsonPointer MODEL = JsonPointer.compile("/model");

  private static String rewrite(String body, String value) {
    byte[] out = ModelRewrite.rewrite(body.getBytes(StandardCharsets.UTF_8), MODEL, value);
    return out == null ? null : new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void onlyTheModelValueChangesWhateverTheSpacingOrderAndOtherStrings() {
    String body = "{ \"messages\" : [{\"role\":\"user\",\"content\":\"say \\\"gpt-4o\\\" h\u00e9\"}],\n  \"model\"\t:  \"gpt-4o\" ,"
        + "\"meta\":{\"model\":\"gpt-4o\"}}";

    assertThat(rewrite(body, "llama-3.1-70b")).isEqualTo(body.replace("\"model\"\t:  \"gpt-4o\"",
        "\"model\"\t:  \"llama-3.1-70b\""));
  }

  @Test
  void theNewNameIsEscapedAndAnEscapedOldOneIsReplacedWhole() {
    assertThat(rewrite("{\"model\":\"gpt\\u002d4o\",\"n\":1}", "a\"b\u00e9")).isEqualTo("{\"model\":\"a\\\"b\u00e9\",\"n\":1}");
  }

  @Test
  void aRepeatedKeyIsRewrittenEverywhereSoNoBackendParserReadsTheOldName() {
    assertThat(rewrite("{\"model\":\"x\",\"model\":\"gpt-4o\"}", "y")).isEqualTo("{\"model\":\"y\",\"model\":\"y\"}");
  }

  @Test
  void aBodyWithoutAStringThereIsNotRewritten() {
    assertThat(rewrite("{\"model\":7}", "y")).isNull();
    assertThat(rewrite("{\"other\":\"gpt-4o\"}", "y")).isNull();
    assertThat(rewrite("{\"model\":\"gpt-4o\"", "y")).as("truncated").isNull();
  }
}
