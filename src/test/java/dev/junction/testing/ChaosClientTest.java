package dev.junction.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.ChaosBackend.Behaviour;
import dev.junction.testing.ChaosClient.Outcome;
import dev.junction.testing.ChaosClient.Verdict;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The chaos soak's judge on hand-made answers, and {@link ChaosBackend}'s behaviours met directly,
 * with no proxy in between: a bug in either would hide what the soak should find, or invent it.
 */
class ChaosClientTest {
  private static final String ID = "chaos-1-5";
  private static final String OWN_BODY = new String(ChaosBackend.body(ID, 3), StandardCharsets.US_ASCII);

  private static Verdict judge(String method, String wire) {
    return ChaosClient.judge(new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)), method, ID);
  }

  private static String head(String status, String... fields) {
    return "HTTP/1.1 " + status + "\r\n" + String.join("", java.util.Arrays.stream(fields).map(f -> f + "\r\n").toList()) + "\r\n";
  }

  @Test
  void itsOwnWholeAnswerWithALengthIsOkAndKeepsTheConnection() {
    Verdict v = judge("GET", head("200 OK", "X-Chaos-Id: " + ID, "Content-Length: " + OWN_BODY.length()) + OWN_BODY);

    assertThat(v.outcome()).isEqualTo(Outcome.OK);
    assertThat(v.keep()).isTrue();
  }

  @Test
  void itsOwnWholeChunkedAnswerWithATrailerIsOk() {
    String chunked = "5;x=1\r\n" + OWN_BODY.substring(0, 5) + "\r\n" + Integer.toHexString(OWN_BODY.length() - 5) + "\r\n"
        + OWN_BODY.substring(5) + "\r\n0\r\nX-Chaos-Trailer: " + ID + "\r\n\r\n";

    assertThat(judge("GET", head("200 OK", "X-Chaos-Id: " + ID, "Transfer-Encoding: chunked") + chunked).outcome())
        .isEqualTo(Outcome.OK);
  }

  @Test
  void aShortBodyWhoseLengthSaysItIsWholeIsFalselyComplete() {
    String cut = OWN_BODY.substring(0, OWN_BODY.length() - 7);

    assertThat(judge("GET", head("200 OK", "X-Chaos-Id: " + ID, "Content-Length: " + cut.length()) + cut).outcome())
        .isEqualTo(Outcome.FALSELY_COMPLETE);
  }

  @Test
  void aChunkedBodyEndedByALastChunkBeforeItsEndMarkerIsFalselyComplete() {
    String cut = OWN_BODY.substring(0, 12);

    assertThat(judge("GET", head("200 OK", "X-Chaos-Id: " + ID, "Transfer-Encoding: chunked") + "c\r\n" + cut + "\r\n0\r\n\r\n")
        .outcome()).isEqualTo(Outcome.FALSELY_COMPLETE);
  }

  @Test
  void aConnectionThatEndsShortOfTheLengthOrTheLastChunkOrBeforeAnyByteIsAnExplicitError() {
    assertThat(judge("GET", head("200 OK", "X-Chaos-Id: " + ID, "Content-Length: " + OWN_BODY.length()) + OWN_BODY.substring(3))
        .outcome()).isEqualTo(Outcome.EXPLICIT_ERROR);
    assertThat(judge("GET", head("200 OK", "X-Chaos-Id: " + ID, "Transfer-Encoding: chunked") + "5\r\nid:ch\r\n").outcome())
        .isEqualTo(Outcome.EXPLICIT_ERROR);
    assertThat(judge("GET", "").outcome()).isEqualTo(Outcome.EXPLICIT_ERROR);
    assertThat(judge("GET", "HTTP/1.1 200 OK\r\nX-Chaos-Id: ch").outcome()).isEqualTo(Outcome.EXPLICIT_ERROR);
  }

  @Test
  void aProblemJsonFrom502To504IsAnExplicitErrorEvenNamingItsOwnPath() {
    String problem = "{\"status\":502,\"instance\":\"/chaos/" + ID + "\"}";

    Verdict v = judge("GET", head("502 Bad Gateway", "Content-Type: application/problem+json", "Content-Length: " + problem.length())
        + problem);

    assertThat(v.outcome()).isEqualTo(Outcome.EXPLICIT_ERROR);
    assertThat(v.keep()).isTrue();
  }

  @Test
  void anotherIdOrTheSmuggledMarkerAnywhereIsCrossClient() {
    String other = new String(ChaosBackend.body("chaos-1-50", 3), StandardCharsets.US_ASCII);
    assertThat(judge("GET", head("200 OK", "X-Chaos-Id: chaos-1-50", "Content-Length: " + other.length()) + other).outcome())
        .as("an id that only starts like its own").isEqualTo(Outcome.CROSS_CLIENT);
    assertThat(judge("GET", head("200 OK", "X-Chaos-Id: " + ID, "Content-Length: " + other.length()) + other).outcome())
        .as("its own header over another's body").isEqualTo(Outcome.CROSS_CLIENT);
    assertThat(judge("GET", head("200 OK", "Content-Length: 8", "X-Chaos-Id: evil-3") + "SMUGGLED").outcome())
        .isEqualTo(Outcome.CROSS_CLIENT);
    assertThat(judge("GET", head("200 OK", "X-Chaos-Id: " + ID, "Content-Length: 900") + "id:chaos-2-7;").outcome())
        .as("even in a body cut short").isEqualTo(Outcome.CROSS_CLIENT);
    assertThat(judge("HEAD", head("200 OK", "X-Chaos-Id: " + ID, "X-Other: chaos-3-1")).outcome()).isEqualTo(Outcome.CROSS_CLIENT);
  }

  @Test
  void itsOwnIdCutByAChunkBoundaryOrByTheEndOfACutBodyIsNotAnotherId() {
    String own = new String(ChaosBackend.body("chaos-1-52", 2), StandardCharsets.US_ASCII);
    String split = "c\r\n" + own.substring(0, 12) + "\r\n" + Integer.toHexString(own.length() - 12) + "\r\n" + own.substring(12)
        + "\r\n0\r\n\r\n"; // "id:chaos-1-5" CRLF "2;..."
    Verdict whole = ChaosClient.judge(new ByteArrayInputStream((head("200 OK", "X-Chaos-Id: chaos-1-52", "Transfer-Encoding: chunked")
        + split).getBytes(StandardCharsets.US_ASCII)), "GET", "chaos-1-52");
    Verdict cut = ChaosClient.judge(new ByteArrayInputStream((head("200 OK", "X-Chaos-Id: chaos-1-52", "Content-Length: 99")
        + own.substring(0, 12)).getBytes(StandardCharsets.US_ASCII)), "GET", "chaos-1-52");

    assertThat(whole.outcome()).isEqualTo(Outcome.OK);
    assertThat(cut.outcome()).isEqualTo(Outcome.EXPLICIT_ERROR);
    assertThat(ChaosClient.foreign("id:chaos-1-52;id:chaos-1-5id:x".getBytes(StandardCharsets.US_ASCII), "chaos-1-52"))
        .as("its own token cut, then junk").isNull();
    assertThat(ChaosClient.foreign("id:chaos-1-5;".getBytes(StandardCharsets.US_ASCII), "chaos-1-52"))
        .as("a whole token of an id its own starts with").isEqualTo("chaos-1-5");
    assertThat(ChaosClient.foreign("id:chaos-1-6".getBytes(StandardCharsets.US_ASCII), "chaos-1-52"))
        .as("a cut token its own id cannot start with").isEqualTo("chaos-1-6");
  }

  @Test
  void interimAnswersAreSkippedAndNoted() {
    Verdict v = judge("GET", "HTTP/1.1 100 Continue\r\n\r\n" + head("103 Early Hints", "Link: </a>")
        + head("200 OK", "X-Chaos-Id: " + ID, "Content-Length: " + OWN_BODY.length()) + OWN_BODY);

    assertThat(v.outcome()).isEqualTo(Outcome.OK);
    assertThat(v.notes()).contains("an interim 100 relayed", "an interim 103 relayed");
  }

  @Test
  void a101ToAPlainRequestIsFalselyComplete() {
    assertThat(judge("GET", head("101 Switching Protocols", "Upgrade: chaos", "X-Chaos-Id: " + ID)).outcome())
        .isEqualTo(Outcome.FALSELY_COMPLETE);
  }

  @Test
  void answersWithoutABodyAreOkWithItsIdAndFalselyCompleteWithout() {
    assertThat(judge("HEAD", head("200 OK", "X-Chaos-Id: " + ID, "Content-Length: 4000")).outcome()).isEqualTo(Outcome.OK);
    assertThat(judge("GET", head("204 No Content", "X-Chaos-Id: " + ID)).outcome()).isEqualTo(Outcome.OK);
    assertThat(judge("GET", head("304 Not Modified", "X-Chaos-Id: " + ID, "Content-Length: 4000")).outcome()).isEqualTo(Outcome.OK);
    assertThat(judge("GET", head("200 OK", "Content-Length: " + OWN_BODY.length()) + OWN_BODY).outcome())
        .isEqualTo(Outcome.FALSELY_COMPLETE);
    assertThat(judge("GET", head("400 Bad Request", "X-Chaos-Id: " + ID, "Content-Length: 0")).outcome())
        .isEqualTo(Outcome.FALSELY_COMPLETE);
  }

  @Test
  void bytesThatAreNotHttpAreMalformed() {
    assertThat(judge("GET", "HTTP/1.1 200 OK\nX-Chaos-Id: " + ID + "\r\n\r\n").outcome()).isEqualTo(Outcome.MALFORMED);
    assertThat(judge("GET", "HTTP/1.1 200 O\rK\r\n\r\n").outcome()).isEqualTo(Outcome.MALFORMED);
    assertThat(judge("GET", "id:" + ID + ";end:1;HTTP/1.1 200 OK\r\n\r\n").outcome()).isEqualTo(Outcome.MALFORMED);
    assertThat(judge("GET", head("200 OK", "X-Chaos-Id: " + ID, "Transfer-Encoding: chunked") + "zz\r\n").outcome())
        .isEqualTo(Outcome.MALFORMED);
    assertThat(judge("GET", head("200 OK", "X-Chaos-Id: " + ID, "Content-Length: 5, 6") + "hello").outcome())
        .isEqualTo(Outcome.MALFORMED);
  }

  @Test
  void aLengthListOfOneValueIsOneLengthAndNoted() {
    int n = OWN_BODY.length();

    Verdict v = judge("GET", head("200 OK", "X-Chaos-Id: " + ID, "Content-Length: " + n + ", " + n) + OWN_BODY);

    assertThat(v.outcome()).isEqualTo(Outcome.OK);
    assertThat(v.notes()).contains("a Content-Length list relayed");
  }

  @Test
  void noByteWithinTheReadTimeoutIsHung() {
    byte[] start = head("200 OK", "X-Chaos-Id: " + ID, "Content-Length: 100").getBytes(StandardCharsets.US_ASCII);
    InputStream stalls = new InputStream() {
      private int at;

      @Override
      public int read() throws IOException {
        if (at < start.length) {
          return start[at++];
        }
        throw new SocketTimeoutException("Read timed out");
      }
    };

    assertThat(ChaosClient.judge(stalls, "GET", ID).outcome()).isEqualTo(Outcome.HUNG);
  }

  /** What each behaviour gives a client that talks to the backend directly: what the soak's counts mean. */
  @ParameterizedTest
  @EnumSource(Behaviour.class)
  void eachBehaviourMetDirectlyGivesTheVerdictsItShould(Behaviour b) throws Exception {
    Map<String, Integer> seen = new TreeMap<>();
    Set<String> unexpected = new java.util.TreeSet<>();
    try (ChaosBackend backend = new ChaosBackend(Long.getLong("junction.random.seed", 7), ChaosBackend.Mix.parse(b.key + "=1"), 100)) {
      for (int i = 0; i < 40; i++) {
        String method = i % 4 == 3 ? "HEAD" : i % 4 == 2 ? "POST" : "GET";
        String id = ChaosClient.id(9, i);
        Verdict v;
        try (ChaosClient c = new ChaosClient(backend.uri().getPort(), 5_000)) {
          c.send(method, id, ChaosBackend.requestBody(id, i), i % 2 == 0);
          v = c.answer(method, id);
        }
        ChaosBackend.Served s = backend.served(id);
        String what = method + " " + (s == null ? "unrecorded" : s.variant()) + " -> " + v.outcome();
        seen.merge(what, 1, Integer::sum);
        if (!expected(b, method, s == null ? "" : s.variant()).contains(v.outcome())) {
          unexpected.add(what + ": " + v.detail());
        }
      }
      assertThat(backend.foreignBodies()).isZero();
    }

    assertThat(unexpected).as("all verdicts: %s", seen).isEmpty();
  }

  private static Set<Outcome> expected(Behaviour b, String method, String variant) {
    boolean head = method.equals("HEAD");
    return switch (b) {
      // garbage after and a body on a bodiless answer come after a whole answer: the next request would meet them
      case NORMAL, GARBAGE_AFTER, BODY_ON_BODILESS, INTERIM_FLOOD -> EnumSet.of(Outcome.OK);
      case TRUNCATE, RESET, STALL -> EnumSet.of(Outcome.EXPLICIT_ERROR);
      case BAD_CHUNK -> EnumSet.of(head ? Outcome.OK : Outcome.MALFORMED); // a HEAD answer ends with its head
      case UNSOLICITED_101 -> EnumSet.of(Outcome.FALSELY_COMPLETE);
      case CONTROL_IN_REASON -> EnumSet.of(variant.equals("bare-cr") ? Outcome.MALFORMED : Outcome.OK); // a bare CR ends no line
      case LENGTH_LIST -> EnumSet.of(variant.equals("different") ? Outcome.MALFORMED : Outcome.OK);
    };
  }
}
