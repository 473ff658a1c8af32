package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.ConfigLoader;
import dev.junction.testing.Await;
import dev.junction.testing.Closing;
import dev.junction.testing.ProxyFixture;
import dev.junction.testing.RawHttp;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Model aliases end to end: the backend receives the body with only the model value changed, its
 * answer streams back untouched, and the merged model list shows the public names.
 */
class ModelAliasTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** A streamed answer that names the public model: it must reach the client byte for byte. */
  private static final List<String> EVENTS = List.of("data: {\"model\":\"gpt-4o\",\"delta\":\"he\"}\n\n",
      "data: {\"model\":\"gpt-4o\",\"delta\":\"llo\"}\n\n", "data: [DONE]\n\n");
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();
  @RegisterExtension
  final Closing open = new Closing();

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private Junction.Running junction;

  private record Received(String backend, byte[] body, String contentLength, String transferEncoding) {}

  private String server(String name, String... models) {
    TestBackend b = new TestBackend(VERTX.get(), req -> req.body().onSuccess(body -> {
      if (req.path().equals("/models")) {
        JsonArray data = new JsonArray();
        for (String m : models) {
          data.add(new JsonObject().put("id", m).put("object", "model"));
        }
        req.response().putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("object", "list").put("data", data).encode());
        return;
      }
      received.add(new Received(name, body.getBytes(), req.getHeader("Content-Length"), req.getHeader("Transfer-Encoding")));
      var resp = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("X-Backend", name);
      EVENTS.forEach(resp::write);
      resp.end();
    }));
    open.add(b);
    return b.uri().toString();
  }

  @BeforeEach
  void start() {
    String yaml = """
        junction:
          cache: {store: memory}
          admin: {enabled: true, listen: "127.0.0.1:0"}
          backends:
            llm-a: %s
            llm-b: %s
          models: {backends: [llm-a, llm-b]}
          model_aliases:
            gpt-4o: {backend: llm-a, model: llama-3.1-70b}
            gpt-4o-mini: qwen-2.5-7b
        """.formatted(server("llm-a", "llama-3.1-70b"), server("llm-b", "qwen-2.5-7b"));
    junction = Junction.builder().config(ConfigLoader.load(yaml, null)).listen("127.0.0.1", 0).decisionHeader(true)
        .build().start();
    open.add(junction);
  }

  private HttpResponse<String> post(String body) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(junction.uri().resolve("/v1/chat/completions"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPinnedAliasGoesToItsBackendWithOnlyTheModelValueRewrittenAndTheAnswerUntouched() throws Exception {
    String body = "{\"messages\": [{\"role\": \"user\", \"content\": \"are you \\\"gpt-4o\\\"? h\u00e9\"}],\n"
        + "  \"model\" :  \"gpt-4o\",  \"stream\": true}";

    HttpResponse<String> r = post(body);

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(String.join("", EVENTS));
    assertThat(r.headers().firstValue("x-junction-decision")).hasValue("rule model-alias:gpt-4o; backend=llm-a");
    assertThat(received).hasSize(1);
    String expected = body.replace("\"model\" :  \"gpt-4o\"", "\"model\" :  \"llama-3.1-70b\"");
    assertThat(new String(received.get(0).body(), StandardCharsets.UTF_8)).isEqualTo(expected);
    assertThat(received.get(0).contentLength()).isEqualTo(String.valueOf(expected.getBytes(StandardCharsets.UTF_8).length));
  }

  @Test
  void aRenameIsRoutedAsTheBackendsNameByTheCatalogAndAChunkedBodyIsReframed() throws Exception {
    Await.until(Duration.ofSeconds(20), "qwen-2.5-7b in llm-b's catalog", () -> {
      try {
        return JSON.readTree(explain("gpt-4o-mini")).get("decision").asText().equals("catalog");
      } catch (Exception e) {
        return false;
      }
    });
    String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[]}";
    String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
    String chunked = Integer.toHexString(10) + "\r\n" + body.substring(0, 10) + "\r\n"
        + Integer.toHexString(body.length() - 10) + "\r\n" + body.substring(10) + "\r\n0\r\n\r\n";
    try (RawHttp c = new RawHttp(junction.port())) {
      c.send(head + chunked);
      RawHttp.Head h = c.readHead();
      assertThat(h.status()).isEqualTo(200);
      assertThat(h.first("x-junction-decision")).isEqualTo("catalog; backend=llm-b; model=qwen-2.5-7b");
    }

    assertThat(received).hasSize(1);
    assertThat(new String(received.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"qwen-2.5-7b\",\"messages\":[]}");
    assertThat(received.get(0).transferEncoding()).isNull();
    assertThat(received.get(0).contentLength()).isEqualTo("37");
    assertThat(JSON.readTree(explain("gpt-4o-mini")).get("steps").get(1).asText())
        .startsWith("model alias gpt-4o-mini -> qwen-2.5-7b");
  }

  @Test
  void aModelThatIsNoAliasIsForwardedByteForByte() throws Exception {
    String body = "{\"model\":\"llama-3.1-70b\" , \"messages\":[]}";

    post(body);

    assertThat(new String(received.get(0).body(), StandardCharsets.UTF_8)).isEqualTo(body);
  }

  @Test
  void theMergedModelListShowsTheAliasesUnderTheirPublicNames() throws Exception {
    JsonNode list = JSON.readTree(ProxyFixture.CLIENT.send(HttpRequest.newBuilder(junction.uri().resolve("/models")).build(),
        HttpResponse.BodyHandlers.ofString()).body());

    assertThat(list.get("data").findValuesAsText("id")).containsExactly("llama-3.1-70b", "qwen-2.5-7b", "gpt-4o",
        "gpt-4o-mini");
    assertThat(list.get("data").get(2).get("junction").toString())
        .isEqualTo("{\"alias_of\":\"llama-3.1-70b\",\"backend\":\"llm-a\"}");
  }

  private String explain(String model) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + junction.adminPort()
            + "/routes/explain")).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
            "{\"method\":\"POST\",\"path\":\"/v1/chat/completions\",\"payload\":{\"model\":\"" + model + "\"}}")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
