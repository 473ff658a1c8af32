package dev.junction.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.Junction;
import dev.junction.testing.Closing;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
  @RegisterExtension
  final Closing open = new Closing();


  private static HttpResponse<String> get(URI uri) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A config with one echo backend, the admin listener on {@code adminPort} with a token, a SQLite file in {@code dir}. */
  private Path config(Path dir, int adminPort) throws Exception {
    TestBackend backend = open.add(TestBackend.echo(VERTX.get(), "b"));
    Path config = dir.resolve("junction.yaml");
    Files.writeString(config, """
        junction:
          admin: {listen: "127.0.0.1:%d", token: s3cret}
          backends: {b: "%s"}
          cache: {path: decisions.db}
        """.formatted(adminPort, backend.uri()));
    return config;
  }

  @Test
  void listAndCleanGoThroughTheRunningJunctionSoItForgetsTooAndTheFileIsLeftAlone(@TempDir Path dir) throws Exception {
    int adminPort = CliTest.freePort();
    Path config = config(dir, adminPort);
    Junction.Running j = open.add(Junction.builder().config(config).listen("127.0.0.1", 0).decisionHeader(true).build()
        .start());
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
    Path config = config(dir, CliTest.freePort());
    Junction.Running j = open.add(Junction.builder().config(config).listen("127.0.0.1", 0).build().start());
    get(j.uri().resolve("/one"));

    CliTest.Run clean = CliTest.run("cache", "clean", "--token", "wrong", "--config", config.toString());

    assertThat(clean.code()).isEqualTo(Main.FAILED);
    assertThat(clean.err()).contains("refused the admin token");
    assertThat(JSON.readTree(get(j.adminUri().resolve("/cache")).body()).get("entries")).hasSize(1);
  }
}
