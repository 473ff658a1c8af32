package dev.junction.openai;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import dev.junction.testing.TestBackend;
import java.net.URI;
import java.util.List;

/**
 * A backend imitating the OpenAI wire format, on an ephemeral port. A model server answers
 * {@code GET /models}, {@code GET /models/{id}} and {@code POST /chat/completions} (JSON, or
 * server-sent events with {@code "stream": true}) for its own models only, with content naming
 * itself: {@code Hello from <name> (<model>)}. A speech server answers {@code POST /audio/speech}
 * with bytes naming it. Both serve a small OpenAPI document at {@code /openapi.json}; everything
 * else is 404 in OpenAI's error format.
 */
final class OpenAiBackend implements AutoCloseable {
  private final String name;
  private final List<String> models;
  private final TestBackend server;

  private OpenAiBackend(Vertx vertx, String name, List<String> models) {
    this.name = name;
    this.models = List.copyOf(models);
    this.server = new TestBackend(vertx, req -> req.body().onSuccess(body -> handle(vertx, req, body)));
  }

  static OpenAiBackend models(Vertx vertx, String name, String... models) {
    return new OpenAiBackend(vertx, name, List.of(models));
  }

  static OpenAiBackend speech(Vertx vertx, String name) {
    return new OpenAiBackend(vertx, name, List.of());
  }

  URI uri() {
    return server.uri();
  }

  private void handle(Vertx vertx, HttpServerRequest req, Buffer body) {
    String path = req.path();
    String method = req.method().name();
    if (method.equals("GET") && path.equals("/openapi.json")) {
      json(req.response(), 200, OpenAiDocuments.document(name, !models.isEmpty()));
    } else if (!models.isEmpty() && method.equals("GET") && path.equals("/models")) {
      JsonArray data = new JsonArray();
      models.forEach(m -> data.add(model(m)));
      json(req.response(), 200, new JsonObject().put("object", "list").put("data", data));
    } else if (!models.isEmpty() && method.equals("GET") && path.startsWith("/models/")
        && models.contains(path.substring("/models/".length()))) {
      json(req.response(), 200, model(path.substring("/models/".length())));
    } else if (!models.isEmpty() && method.equals("POST") && path.equals("/chat/completions")) {
      JsonObject request = body.length() == 0 ? new JsonObject() : new JsonObject(body);
      String model = request.getString("model", "");
      if (!models.contains(model)) {
        error(req.response(), 404, "The model '" + model + "' does not exist on " + name);
      } else if (request.getBoolean("stream", false)) {
        stream(vertx, req.response(), model);
      } else {
        json(req.response(), 200, completion(model));
      }
    } else if (models.isEmpty() && method.equals("POST") && path.equals("/audio/speech")) {
      String input = body.length() == 0 ? "" : new JsonObject(body).getString("input", "");
      req.response().putHeader("Content-Type", "audio/mpeg").end("ID3 speech from " + name + ": " + input);
    } else {
      error(req.response(), 404, name + " has no " + method + " " + path);
    }
  }

  private JsonObject model(String id) {
    return new JsonObject().put("id", id).put("object", "model").put("created", 1700000000).put("owned_by", name);
  }

  private String content(String model) {
    return "Hello from " + name + " (" + model + ")";
  }

  private JsonObject completion(String model) {
    return new JsonObject().put("id", "chatcmpl-" + name).put("object", "chat.completion").put("created", 1700000000)
        .put("model", model)
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
            .put("message", new JsonObject().put("role", "assistant").put("content", content(model)))
            .put("finish_reason", "stop")))
        .put("usage", new JsonObject().put("prompt_tokens", 3).put("completion_tokens", 5).put("total_tokens", 8));
  }

  /** One chunk per word, 20 ms apart, then {@code [DONE]}. */
  private void stream(Vertx vertx, HttpServerResponse resp, String model) {
    resp.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
    String[] words = content(model).split("(?<= )");
    for (int i = 0; i <= words.length; i++) {
      int n = i;
      vertx.setTimer(1 + 20L * i, t -> {
        if (n == words.length) {
          resp.end("data: [DONE]\n\n");
          return;
        }
        JsonObject delta = n == 0 ? new JsonObject().put("role", "assistant").put("content", words[n])
            : new JsonObject().put("content", words[n]);
        JsonObject chunk = new JsonObject().put("id", "chatcmpl-" + name).put("object", "chat.completion.chunk")
            .put("created", 1700000000).put("model", model)
            .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("delta", delta)
                .putNull("finish_reason")));
        resp.write("data: " + chunk.encode() + "\n\n");
      });
    }
  }

  private static void json(HttpServerResponse resp, int status, JsonObject body) {
    resp.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode());
  }

  private static void error(HttpServerResponse resp, int status, String message) {
    json(resp, status, new JsonObject().put("error", new JsonObject().put("message", message)
        .put("type", "invalid_request_error").putNull("param").put("code", "not_found")));
  }

  @Override
  public void close() {
    server.close();
  }
}
