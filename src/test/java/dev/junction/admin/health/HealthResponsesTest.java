package dev.junction.admin.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.admin.AdminFixture;
import io.vertx.core.http.HttpServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The data plane's /health writer answers exactly as the admin /health does. */
class HealthResponsesTest {
  @Test
  void theHelperWritesTheSameStatusAndBodyAsTheAdminApi() throws Exception {
    try (AdminFixture admin = AdminFixture.start()) {
      HealthReport down = HealthReport.of("0.1.0-test", 42, List.of(new HealthCheck("proxy", HealthStatus.DOWN, null)));
      admin.fakes.health = down;
      HttpServer plane = admin.vertx.createHttpServer()
          .requestHandler(req -> HealthResponses.write(req.response(), down))
          .listen(0, "127.0.0.1").await();
      try {
        HttpResponse<String> r = HttpClient.newHttpClient().send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + plane.actualPort() + "/health")).build(),
            HttpResponse.BodyHandlers.ofString());
        AdminFixture.Reply viaAdmin = admin.get("/health");
        assertThat(r.statusCode()).isEqualTo(503).isEqualTo(viaAdmin.status());
        assertThat(r.body()).isEqualTo(viaAdmin.body());
        assertThat(r.headers().firstValue("Content-Type")).hasValue(viaAdmin.contentType());
      } finally {
        plane.close().await();
      }
    }
  }

  @Test
  void theOverallStatusIsTheWorstCheck() {
    HealthReport r = HealthReport.of("v", 1, List.of(new HealthCheck("a", HealthStatus.UP, null),
        new HealthCheck("b", HealthStatus.DEGRADED, "store down")));
    assertThat(r.status()).isEqualTo(HealthStatus.DEGRADED);
    assertThat(r.httpStatus()).isEqualTo(200);
  }
}
