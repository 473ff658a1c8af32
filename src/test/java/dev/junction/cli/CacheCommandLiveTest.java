package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.Junction;
import dev.junction.config.ConfigLoader;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code junction cache list|clean} while a Junction runs with the same config: they go through its
 * admin API, so a clean empties what it holds in memory too and the next request is discovered
 * afresh (cleaning only the file left the running instance using the old decisions).
 */
class CacheCommandLiveTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listAndCleanGoThroughTheRunningJunctionSoItForgetsTooAndTheFileIsLeftAlone(@TempDir Path dir) throws Exception {
    TestBackend backend = TestBackend.echo(VERTX.get(), "b");
    open.add(backend);
    int adminPort = CliTest.freePort();
    Path config = dir.resolve("junction.yaml");
    Files.writeString(config, """
        junction:
          admin: {listen: "127.0.0.1:%d", token: s3cret}
          backends: {b: "%s"}
          cache: {path: decisions.db}
        """.formatted(adminPort, backend.uri()));
    Junction.Running j = Junction.builder().config(config).listen("127.0.0.1", 0).decisionHeader(true).build().start();
    open.add(j);
    get(j.uri().resolve("/one"));
    get(j.uri().resolve("/two"));

    CliTest.Run list = CliTest.run("cache", "list", "--config", config.toString());
    CliTest.Run clean = CliTest.run("cache", "clean", "--config", config.toString());
    String heldAfter = get(j.adminUri().resolve("/cache")).body();
    HttpResponse<String> again = get(j.uri().resolve("/one"));

    assertThat(list.code()).isZero();
    assertThat(list.out()).contains("2 decision(s) in sqlite " + dir.resolve("decisions.db"),
        "as the running Junction at http://127.0.0.1:" + adminPort, "/one", "/two");
    assertThat(clean.code()).isZero();
    assertThat(clean.out()).contains("removed 2 decision(s)", "through the running Junction");
    assertThat(JSON.readTree(heldAfter).get("entries")).isEmpty();
    assertThat(again.headers().firstValue("x-junction-decision")).hasValue("discovery; backend=b; attempts=1");
  }

  @Test
  void aWrongTokenIsSaidAndNothingIsChanged(@TempDir Path dir) throws Exception {
    TestBackend backend = TestBackend.echo(VERTX.get(), "b");
    open.add(backend);
    int adminPort = CliTest.freePort();
    Path config = dir.resolve("junction.yaml");
    Files.writeString(config, """
        junction:
          admin: {listen: "127.0.0.1:%d", token: s3cret}
          backends: {b: "%s"}
          cache: {path: decisions.db}
        """.formatted(adminPort, backend.uri()));
    Junction.Running j = Junction.builder().config(config).listen("127.0.0.1", 0).build().start();
    open.add(j);
    get(j.uri().resolve("/one"));

    CliTest.Run clean = CliTest.run("cache", "clean", "--token", "wrong", "--config", config.toString());

    assertThat(clean.code()).isEqualTo(Main.FAILED);
    assertThat(clean.err()).contains("refused the admin token");
    assertThat(JSON.readTree(get(j.adminUri().resolve("/cache")).body()).get("entries")).hasSize(1);
  }
}
