package dev.junction.admin.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.admin.ApiException;
import dev.junction.admin.ApiRegistry;
import dev.junction.admin.server.AdminServer;
import dev.junction.config.AdminConfig;
import dev.junction.config.HostPort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The example of docs/DEVELOPING.md, served for real: what a new API's test looks like. */
class WidgetsApiTest {
  private final Map<String, Widget> widgets = new ConcurrentSkipListMap<>();
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private AdminServer server;

  private final WidgetsService fake = new WidgetsService() {
    @Override
    public Future<List<Widget>> list() {
      return Future.succeededFuture(List.copyOf(widgets.values()));
    }

    @Override
    public Future<Widget> add(Widget w) {
      if (widgets.putIfAbsent(w.name(), w) != null) {
        return Future.failedFuture(ApiException.conflict("widget " + w.name() + ": taken (expected: a new name)"));
      }
      return Future.succeededFuture(w);
    }
  };

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    ApiRegistry registry = new ApiRegistry();
    WidgetsRoutes.register(registry, fake);
    server = AdminServer.start(vertx, new AdminConfig(true, new HostPort("127.0.0.1", 0), "t"), registry, p -> p, null)
        .await();
  }

  @AfterEach
  void stop() {
    server.close().await();
    vertx.close().await();
  }

  HttpResponse<String> post(String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/widgets"))
        .header("Authorization", "Bearer t").header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void anAddedWidgetIsListed() throws Exception {
    assertThat(post("{\"name\":\"sprocket\"}").statusCode()).isEqualTo(201);
    HttpResponse<String> list = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/widgets")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(list.body()).isEqualTo("[{\"name\":\"sprocket\"}]");
  }

  @Test
  void aTakenNameIs409() throws Exception {
    post("{\"name\":\"cog\"}");
    assertThat(post("{\"name\":\"cog\",\"purpose\":\"again\"}").statusCode()).isEqualTo(409);
  }

  @Test
  void theWidgetsAreInTheDocument() throws Exception {
    HttpResponse<String> doc = http.send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.port() + "/openapi.json")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(doc.body()).contains("\"/widgets\"", "\"Widget\"", "Widgets: list and add them.");
  }
}
