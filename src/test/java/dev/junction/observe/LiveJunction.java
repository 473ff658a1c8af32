package dev.junction.observe;

import dev.junction.Junction;
import dev.junction.testing.ProxyFixture;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A whole Junction started from a real config file, with the admin listener, for the observe tests. */
final class LiveJunction {
  private LiveJunction() {}

  /**
   * Backends {@code dead} (a closed port) and {@code live}; rule {@code r-live} sends {@code /rule} to
   * live and {@code r-dead} sends {@code /fail} to dead; discovery tries dead, then live; memory cache;
   * ejection after 2 failures for 5 minutes; {@code extra} is appended under {@code junction:}.
   */
  static Junction.Running start(Path dir, URI live, String extra) throws Exception {
    String yaml = """
        junction:
          backends:
            dead: %s
            live: %s
          routes:
            - {id: r-live, path: /rule, backend: live}
            - {id: r-dead, path: /fail, backend: dead}
          discovery: {candidates: [dead, live]}
          cache: {store: memory}
          proxy: {ejection: {failures: 2, cooldown: 5m}}
        %s""".formatted(refusing(), live, extra.indent(2));
    return start(dir, yaml);
  }

  /** A Junction from {@code yaml} (written to {@code dir}), on port 0 with its admin listener on port 0. */
  static Junction.Running start(Path dir, String yaml) throws Exception {
    return start(dir, yaml, 2);
  }

  /** As {@link #start(Path, String)}, with {@code eventLoops} data-plane event loops. */
  static Junction.Running start(Path dir, String yaml, int eventLoops) throws Exception {
    Path file = Files.writeString(dir.resolve("junction.yaml"), yaml);
    return Junction.builder().config(file).listen("127.0.0.1", 0).adminListen("127.0.0.1", 0).eventLoops(eventLoops)
        .build().start();
  }

  static URI refusing() {
    return dev.junction.testing.RefusingPort.uri();
  }

  static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return ProxyFixture.CLIENT.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> get(URI uri) throws Exception {
    return send(HttpRequest.newBuilder(uri));
  }
}
