package dev.junction.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class RedisEndpointTest {
  @Test
  void aPasswordIsHiddenWhenPrinted() {
    assertThat(RedisEndpoint.of(URI.create("redis://:hunter2@cache.internal:6380/2")))
        .hasToString("redis://:***@cache.internal:6380/2");
  }

  @Test
  void aUserIsShownButNotItsPassword() {
    assertThat(RedisEndpoint.of(URI.create("rediss://junction:hunter2@cache.internal")))
        .hasToString("rediss://junction:***@cache.internal:6379");
  }

  @Test
  void userinfoWithoutAColonIsHiddenEntirely() {
    assertThat(RedisEndpoint.of(URI.create("redis://hunter2@cache.internal:6379")).toString()).doesNotContain("hunter2");
  }

  @Test
  void theConnectionStringKeepsThePasswordForTheClient() {
    assertThat(RedisEndpoint.of(URI.create("redis://:hunter2@cache.internal:6379")).connectionString())
        .contains("hunter2");
  }

  @Test
  void aPathThatIsNotADatabaseNumberIsRejected() {
    assertThatThrownBy(() -> RedisEndpoint.of(URI.create("redis://:hunter2@h:6379/cache")))
        .hasMessageContaining("expected: a database number")
        .hasMessageNotContaining("hunter2");
  }
}
