package dev.junction.admin.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedactionTest {
  @Test
  void aUriWithoutSecretsIsUnchanged() {
    assertThat(Redaction.uri(URI.create("redis://cache:6379/2"))).isEqualTo("redis://cache:6379/2");
  }

  @Test
  void theUserIsKeptAndThePasswordMasked() {
    assertThat(Redaction.uri(URI.create("redis://app:pw@cache:6379"))).isEqualTo("redis://app:***@cache:6379");
  }

  @Test
  void userInfoWithoutColonIsMaskedWhole() {
    assertThat(Redaction.uri(URI.create("redis://s3cret@cache"))).isEqualTo("redis://***@cache");
  }

  @Test
  void secretLookingQueryParametersAreMasked() {
    assertThat(Redaction.uri(URI.create("http://h/p?password=x&db=1&apiKey=y&access_token=z")))
        .isEqualTo("http://h/p?password=***&db=1&apiKey=***&access_token=***");
  }
}
