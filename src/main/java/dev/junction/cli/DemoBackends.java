package dev.junction.cli;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;

/**
 * Two small backends for {@code junction demo}, each answering its own endpoints and 404 to the
 * rest, so that rules, discovery, the cache and streaming can be tried without any setup:
 *
 * <ul>
 *   <li>{@code logs}: {@code POST /get_log_files}, {@code POST /load_log_file}, {@code GET
 *       /models/{id}}, and {@code POST /chat/completions} for models named {@code small*};
 *   <li>{@code archive}: {@code POST /archive_logs}, {@code POST /audio/speech}, {@code GET /events}
 *       (server-sent events), and {@code POST /chat/completions} for models named {@code large*}.
 * </ul>
 *
 * Chat completions follow the OpenAI wire format, streamed as server-sent events when the request
 * says {@code "stream": true}.
 */
final class DemoBackends implements AutoCloseable {
  private final HttpServer logs;
  private final HttpServer archive;

  private DemoBackends(HttpServer logs, HttpServer archive) {
    this.logs = logs;
    this.archive = archive;
  }

  static Future<DemoBackends> start(Vertx vertx) {
    Future<HttpServer> a = listen(vertx, req -> logs(vertx, req));
    Future<HttpServer> b = listen(vertx, req -> archive(vertx, req));
    return Future.all(a, b).map(v -> new DemoBackends(a.result(), b.result()));
  }

  URI logsUri() {
    return URI.create("http://127.0.0.1:" + logs.actualPort());
  }

  URI archiveUri() {
    return URI.create("http://127.0.0.1:" + archive.actualPort());
  }

  private static Future<HttpServer> listen(Vertx vertx, io.vertx.core.Handler<HttpServerRequest> handler) {
    return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0)).requestHandler(handler).listen();
  }

  private static void logs(Vertx vertx, HttpServerRequest req) {
    withJson(req, body -> {
      String path = req.path();
      if (req.method().name().equals("POST") && path.equals("/get_log_files")) {
        json(req.response(), 200, new JsonObject().put("backend", "logs")
            .put("files", new JsonArray().add(body.getString("path", "?") + "/" + body.getString("name", "?"))));
      } else if (req.method().name().equals("POST") && path.equals("/load_log_file")) {
        json(req.response(), 200, new JsonObject().put("backend", "logs").put("loaded", body.getString("name", "?")));
      } else if (req.method().name().equals("GET") && path.startsWith("/models/")) {
        json(req.response(), 200, new JsonObject().put("backend", "logs").put("id", path.substring("/models/".length()))
            .put("object", "model"));
      } else if (path.equals("/chat/completions") && body.getString("model", "").startsWith("small")) {
        chat(vertx, req.response(), "logs", body);
      } else {
        notFound(req.response(), "logs");
      }
    });
  }

  private static void archive(Vertx vertx, HttpServerRequest req) {
    withJson(req, body -> {
      String path = req.path();
      if (req.method().name().equals("POST") && path.equals("/archive_logs")) {
        json(req.response(), 200, new JsonObject().put("backend", "archive").put("archived", body.getString("source", "?"))
            .put("to", body.getString("destination", "?")));
      } else if (req.method().name().equals("POST") && path.equals("/audio/speech")) {
        json(req.response(), 200, new JsonObject().put("backend", "archive").put("speech", body.getString("input", "")));
      } else if (req.method().name().equals("GET") && path.equals("/events")) {
        HttpServerResponse out = req.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
            .putHeader("Cache-Control", "no-cache");
        tick(vertx, out, 1, 5);
      } else if (path.equals("/chat/completions") && body.getString("model", "").startsWith("large")) {
        chat(vertx, req.response(), "archive", body);
      } else {
        notFound(req.response(), "archive");
      }
    });
  }

  private static void tick(Vertx vertx, HttpServerResponse out, int i, int last) {
    if (out.closed()) {
      return;
    }
    out.write("id: " + i + "\ndata: {\"backend\":\"archive\",\"tick\":" + i + "}\n\n");
    if (i == last) {
      out.end();
    } else {
      vertx.setTimer(300, t -> tick(vertx, out, i + 1, last));
    }
  }

  private static void chat(Vertx vertx, HttpServerResponse out, String backend, JsonObject body) {
    String model = body.getString("model");
    String text = "Hello from " + backend + " (" + model + ")";
    if (!body.getBoolean("stream", false)) {
      json(out, 200, new JsonObject().put("id", "chatcmpl-demo").put("object", "chat.completion").put("model", model)
          .put("choices", new JsonArray().add(new JsonObject().put("index", 0).put("finish_reason", "stop")
              .put("message", new JsonObject().put("role", "assistant").put("content", text)))));
      return;
    }
    out.setChunked(true).putHeader("Content-Type", "text/event-stream").putHeader("Cache-Control", "no-cache");
    String[] words = text.split(" ");
    streamWords(vertx, out, model, words, 0);
  }

  private static void streamWords(Vertx vertx, HttpServerResponse out, String model, String[] words, int i) {
    if (out.closed()) {
      return;
    }
    if (i == words.length) {
      out.end("data: [DONE]\n\n");
      return;
    }
    JsonObject chunk = new JsonObject().put("id", "chatcmpl-demo").put("object", "chat.completion.chunk").put("model", model)
        .put("choices", new JsonArray().add(new JsonObject().put("index", 0)
            .put("delta", new JsonObject().put("content", (i == 0 ? "" : " ") + words[i]))));
    out.write("data: " + chunk.encode() + "\n\n");
    vertx.setTimer(100, t -> streamWords(vertx, out, model, words, i + 1));
  }

  private static void withJson(HttpServerRequest req, java.util.function.Consumer<JsonObject> then) {
    req.body().onSuccess(buf -> {
      JsonObject body;
      try {
        body = buf.length() == 0 ? new JsonObject() : buf.toJsonObject();
      } catch (DecodeException | ClassCastException e) {
        body = new JsonObject();
      }
      then.accept(body);
    });
  }

  private static void json(HttpServerResponse out, int status, JsonObject body) {
    out.setStatusCode(status).putHeader("Content-Type", "application/json").end(body.encode() + "\n");
  }

  private static void notFound(HttpServerResponse out, String backend) {
    json(out, 404, new JsonObject().put("backend", backend).put("error", "not found here"));
  }

  @Override
  public void close() {
    logs.close();
    archive.close();
  }
}
