package dev.junction.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A model id reaches X-Junction-Decision only as bytes a header value may carry. */
class DecisionHeaderTest {
  @Test
  void aPlainModelIdIsShownAsItIs() {
    assertThat(DecisionHeader.shown("meta-llama/Llama-3.1-8B:q4")).isEqualTo("meta-llama/Llama-3.1-8B:q4");
  }

  @Test
  void controlCharactersSeparatorsSpacesAndNonAsciiArePercentEncoded() {
    assertThat(DecisionHeader.shown("evil\r\nSet-Cookie: x=1")).isEqualTo("evil%0D%0ASet-Cookie:%20x=1");
    assertThat(DecisionHeader.shown("a;b,c%d")).isEqualTo("a%3Bb%2Cc%25d");
    assertThat(DecisionHeader.shown("modèle")).isEqualTo("mod%C3%A8le");
  }
}
