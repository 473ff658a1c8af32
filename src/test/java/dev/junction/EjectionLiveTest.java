package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.AdminConfig;
import dev.junction.config.CacheConfig;
import dev.junction.config.EjectionConfig;
import dev.junction.config.HostPort;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Ejection seen from outside: a whole Junction, its data plane and its admin {@code backends} API. */
class EjectionLiveTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() {
    vertx.close().await();
  }

  private static URI refusing() {
    return dev.junction.testing.RefusingPort.uri();
  }

  @Test
  void aBackendEjectedByRepeatedFailuresIsShownAsEjectedByTheBackendsApi() throws Exception {
    try (TestBackend live = TestBackend.echo(vertx, "live")) {
      JunctionConfig c = JunctionConfig.defaults()
          .withBackends(List.of(ProxyFixture.backend("dead", refusing()), ProxyFixture.backend("live", live.uri())))
          .withProxy(ProxyConfig.defaults().withEjection(new EjectionConfig(2, Duration.ofMinutes(5))))
          .withCache(new CacheConfig(CacheConfig.Store.MEMORY, CacheConfig.DEFAULT_SQLITE_PATH, null, Duration.ofMinutes(5), 100,
              Map.of()))
          .withAdmin(new AdminConfig(true, new HostPort("127.0.0.1", 0), null));
      try (Junction.Running j = Junction.builder().config(c).listen("127.0.0.1", 0).decisionHeader(true).build().start()) {
        get(j.uri().resolve("/a"));
        get(j.uri().resolve("/b"));

        HttpResponse<String> third = get(j.uri().resolve("/c"));
        JsonNode backends = JSON.readTree(get(j.adminUri().resolve("/backends")).body());

        assertThat(third.headers().firstValue("X-Junction-Decision")).hasValue("discovery; backend=live; attempts=2");
        assertThat(backends.toString()).contains("\"name\":\"dead\"");
        JsonNode dead = backends.isArray() ? backends.get(0) : backends.findValue("backends").get(0);
        assertThat(dead.get("health").get("state").asText()).isEqualTo("ejected");
        assertThat(dead.get("health").get("consecutiveFailures").asInt()).isEqualTo(2);
        JsonNode liveInfo = backends.isArray() ? backends.get(1) : backends.findValue("backends").get(1);
        assertThat(liveInfo.get("health").get("state").asText()).isEqualTo("up");
      }
    }
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
