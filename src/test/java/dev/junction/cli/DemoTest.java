package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.config.HostPort;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code junction demo} answers every curl line it prints, run by a real curl. */
class DemoTest {
  private static DemoCommand.Demo demo;

  @BeforeAll
  static void start() {
    demo = DemoCommand.Demo.start(new HostPort("127.0.0.1", 0), new HostPort("127.0.0.1", 0));
  }

  @AfterAll
  static void stop() {
    demo.close();
  }

  private static String curl(String line) throws Exception {
    Process p = new ProcessBuilder("bash", "-c", line).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("exit code of: %s", line).isZero();
    return new String(out, StandardCharsets.UTF_8);
  }

  @Test
  void thePrintedLinesAreTheOnesThisTestRuns() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    demo.printTo(new PrintStream(b, true, StandardCharsets.UTF_8));
    String printed = b.toString(StandardCharsets.UTF_8);

    assertThat(demo.tries()).allSatisfy(t -> assertThat(printed).contains(t[1]));
  }

  @Test
  void everyPrintedCurlLineGetsTheAnswerItDescribes() throws Exception {
    List<String> out = new ArrayList<>();
    for (String[] t : demo.tries()) {
      out.add(curl(t[1]));
    }

    assertThat(out.get(0)).contains("HTTP/1.1 200", "X-Junction-Decision: rule log-files; backend=logs", "c:/logs/log_file.log");
    assertThat(out.get(1)).contains("X-Junction-Decision: rule archive-logs; backend=archive", "\"archived\":\"c:/logs\"");
    assertThat(out.get(2)).contains("X-Junction-Decision: discovery; backend=archive; attempts=2", "Hello from archive (large-1)");
    assertThat(out.get(3)).contains("X-Junction-Decision: cache; backend=archive; attempts=1");
    assertThat(out.get(4)).contains("\"content\":\"Hello\"", "data: [DONE]");
    assertThat(out.get(5)).contains("backend=archive", "\"speech\":\"Hello world\"");
    assertThat(out.get(6)).contains("\"tick\":1", "\"tick\":5");
    assertThat(out.get(7)).contains("rule model-info; backend=logs", "\"id\":\"small-1\"");
    assertThat(out.get(8)).contains("HTTP/1.1 404", "X-Junction-Decision: discovery; backend=archive; attempts=2; final=404");
    assertThat(out.get(9)).contains("\"status\":\"up\"");
  }
}
