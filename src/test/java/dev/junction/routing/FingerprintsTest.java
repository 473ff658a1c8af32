package dev.junction.routing;

import static dev.junction.routing.RoutingFixture.json;
import static dev.junction.routing.RoutingFixture.parse;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FingerprintsTest {

  @Test
  void canonicalJsonSortsKeysAtEveryDepthWithoutWhitespace() {
    String canonical = Fingerprints.canonicalJson(parse("{ \"b\": 1, \"a\": [1.0, {\"d\": 2, \"c\": 0.50}] }"));
    assertThat(canonical).isEqualTo("{\"a\":[1,{\"c\":0.5,\"d\":2}],\"b\":1}");
  }

  @Test
  void canonicalJsonEscapesStringsAsJacksonDoes() {
    assertThat(Fingerprints.canonicalJson(parse("{\"k\\\"\": \"line\\nbreak \\u00e9\"}")))
        .isEqualTo("{\"k\\\"\":\"line\\nbreak \u00e9\"}");
  }

  @ParameterizedTest(name = "{0} and {1} have the same fingerprint")
  @CsvSource(delimiter = '|', value = {
      "{\"a\": 1, \"b\": 2}             | {\"b\":2,\"a\":1}",
      "{\"a\": 1}                       | {  \"a\" :\t1.0 }",
      "{\"a\": {\"x\": [1, 2.50]}}      | {\"a\": {\"x\": [1e0, 2.5]}}",
      "{\"n\": 100}                     | {\"n\": 1e2}",
      "{\"n\": 1000000000000000000}     | {\"n\": 1e18}",
      "{\"n\": 0}                       | {\"n\": -0.0}",
  })
  void equalPayloadsGetTheSameFingerprint(String a, String b) {
    assertThat(Fingerprints.of(parse(a))).isEqualTo(Fingerprints.of(parse(b)));
  }

  @ParameterizedTest(name = "{0} and {1} have different fingerprints")
  @CsvSource(delimiter = '|', value = {
      "{\"a\": 1}              | {\"a\": true}",
      "{\"a\": 1}              | {\"a\": \"1\"}",
      "{\"a\": 1}              | {\"a\": 1.5}",
      "{\"a\": [1, 2]}         | {\"a\": [2, 1]}",
      "{\"a\": null}           | {}",
  })
  void differentPayloadsGetDifferentFingerprints(String a, String b) {
    assertThat(Fingerprints.of(parse(a))).isNotEqualTo(Fingerprints.of(parse(b)));
  }

  @Test
  void aFingerprintIsSixtyFourHexDigits() {
    assertThat(Fingerprints.of(parse("{}"))).matches("[0-9a-f]{64}");
  }

  @Test
  void aHugeExponentStaysShortInCanonicalForm() {
    assertThat(JsonValues.canonicalNumber(DecimalNode.valueOf(new BigDecimal("1E+1000000000"))))
        .isEqualTo("1E+1000000000");
  }

  @Test
  void largeIntegersAreCanonicalWhateverTheNodeType() {
    assertThat(JsonValues.canonicalNumber(LongNode.valueOf(Long.MAX_VALUE)))
        .isEqualTo(JsonValues.canonicalNumber(DecimalNode.valueOf(new BigDecimal(Long.MAX_VALUE + ".000"))));
  }

  @Test
  void keyFieldsTakeOnlyTheListedPointersInSortedOrder() {
    KeyFields fields = KeyFields.of(new PathPattern("/chat"),
        List.of(JsonPointer.compile("/model"), JsonPointer.compile("/a"), JsonPointer.compile("/model")));
    String both = Fingerprints.ofFields(json("{\"model\": \"m\", \"a\": 1, \"prompt\": \"x\"}"), fields);
    String reordered = Fingerprints.ofFields(json("{\"prompt\": \"y\", \"a\": 1.0, \"model\": \"m\"}"), fields);
    assertThat(both).isEqualTo(reordered);
  }

  @Test
  void aMissingKeyFieldDiffersFromAnExplicitNull() {
    KeyFields fields = KeyFields.of(new PathPattern("/chat"), List.of(JsonPointer.compile("/model")));
    assertThat(Fingerprints.ofFields(json("{}"), fields))
        .isNotEqualTo(Fingerprints.ofFields(json("{\"model\": null}"), fields));
  }
}
