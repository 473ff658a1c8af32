package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.TestBackend;
import dev.junction.testing.TestCerts;
import dev.junction.testing.VertxExtension;
import io.vertx.core.http.HttpVersion;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The README's HTTP/2 and TLS example, end to end: a config file with a TLS listener and an h2c backend. */
class Http2LiveTest {
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();

  @Test
  void aTlsListenerFromTheConfigFileServesHttp2ToAnH2cBackend(@TempDir Path dir) throws Exception {
    TestCerts certs = TestCerts.create(dir, "RSA");
    try (TestBackend backend = TestBackend.echo(VERTX.get(), "grpcish")) {
      Path file = dir.resolve("junction.yaml");
      Files.writeString(file, """
          junction:
            cache: {store: memory}
            listen:
              host: 127.0.0.1
              port: 0
              tls: {cert: %s, key: %s}
            backends:
              grpcish: {url: "%s", protocol: h2c}
            routes:
              - {path: /hello, backend: grpcish}
          """.formatted(certs.cert().getFileName(), certs.key().getFileName(), backend.uri()));
      try (Junction.Running j = Junction.builder().config(file).admin(false).eventLoops(1).build().start()) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(certs.clientContext()).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(j.uri().resolve("/hello")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(j.uri().getScheme()).isEqualTo("https");
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.body()).contains("\"backend\":\"grpcish\"");
        assertThat(backend.last().version()).isEqualTo(HttpVersion.HTTP_2);
      }
    }
  }
}
