package dev.junction.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The curl lines of docs/openapi.md, in "One OpenAPI document" and "OpenAI-compatible backends", run by a
 * real curl against {@code examples/openai.yaml} (addresses replaced by the test's ports).
 */
class ReadmeCurlTest {
  private static OpenAiExample example;

  @TempDir
  Path dir;

  @BeforeAll
  static void start() {
    example = new OpenAiExample();
  }

  @AfterAll
  static void stop() {
    example.close();
  }

  /** The {@code curl} lines of the first {@code sh} block after {@code heading}, in order. */
  static List<String> curlLines(String heading) throws Exception {
    String readme = Files.readString(Path.of("docs/openapi.md"));
    int at = readme.indexOf("\n" + heading + "\n");
    assertThat(at).as(heading).isNotNegative();
    int start = readme.indexOf("```sh\n", at) + "```sh\n".length();
    String block = readme.substring(start, readme.indexOf("```", start));
    return block.lines().filter(l -> l.startsWith("curl ")).toList();
  }

  private List<String> run(List<String> lines) throws Exception {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      String local = line.replace("127.0.0.1:8000", example.uri().getAuthority())
          .replace("127.0.0.1:8001", example.adminUri().getAuthority());
      ProcessBuilder pb = new ProcessBuilder("bash", "-c", local).directory(dir.toFile()).redirectErrorStream(true);
      pb.environment().put("JUNCTION_ADMIN_TOKEN", OpenAiExample.TOKEN);
      Process p = pb.start();
      byte[] bytes = p.getInputStream().readAllBytes();
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).as(line).isTrue();
      assertThat(p.exitValue()).as("exit code of: %s", line).isZero();
      out.add(new String(bytes, StandardCharsets.UTF_8));
    }
    return out;
  }

  @Test
  void theOpenApiCurlLinesShowTheMergedDocumentAndItsSources() throws Exception {
    List<String> lines = curlLines("## One OpenAPI document");
    List<String> out = run(lines);

    assertThat(lines).hasSize(3);
    assertThat(out.get(0)).contains("\"openapi\":\"3.1.0\"", "\"/chat/completions\"", "\"/audio/speech\"",
        "\"enum\":[\"small-1\",\"small-2\",\"large-1\"]");
    assertThat(out.get(1)).contains("\"backend\":\"llm-small\"", "\"backend\":\"tts\"").doesNotContain("failed");
    assertThat(out.get(2)).contains("\"status\":\"ok\"").doesNotContain("failed");
  }

  @Test
  void theOpenAiCurlLinesAreAnsweredByTheBackendModelChose() throws Exception {
    List<String> lines = curlLines("## OpenAI-compatible backends");
    List<String> out = run(lines);

    assertThat(lines).hasSize(4);
    assertThat(out.get(0)).contains("\"object\":\"list\"", "\"id\":\"small-1\"", "\"id\":\"large-1\"");
    assertThat(out.get(1)).contains("Hello from llm-small (small-1)");
    assertThat(out.get(2)).contains("\"content\":\"llm-large \"", "data: [DONE]");
    assertThat(Files.readString(dir.resolve("speech.mp3"))).isEqualTo("ID3 speech from tts: Hello");
  }
}
