package dev.junction.testing;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A real HTTP backend on an ephemeral port whose behaviour each test sets. Records every request
 * head it receives.
 */
public final class TestBackend implements AutoCloseable {
  /** What the backend saw of one request, and over which HTTP version. */
  public record Seen(String method, String uri, io.vertx.core.MultiMap headers, io.vertx.core.http.HttpVersion version) {}

  private final HttpServer server;
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile Handler<HttpServerRequest> handler;
  private volatile io.vertx.core.@org.jspecify.annotations.Nullable Context context;
  private volatile boolean killed;
  private volatile boolean recording = true;

  public TestBackend(Vertx vertx, Handler<HttpServerRequest> handler) {
    this(vertx, new HttpServerOptions(), handler);
  }

  /**
   * With listener options (TLS, HTTP/2...); host, port and automatic 100-continue are set here.
   * Vert.x servers accept h2c by prior knowledge and by Upgrade unless told otherwise.
   */
  public TestBackend(Vertx vertx, HttpServerOptions options, Handler<HttpServerRequest> handler) {
    this.handler = handler;
    this.server = vertx.createHttpServer(new HttpServerOptions(options).setHost("127.0.0.1").setPort(0)
            .setHandle100ContinueAutomatically(true))
        .requestHandler(req -> {
          context = Vertx.currentContext();
          if (killed) {
            req.connection().close();
            return;
          }
          if (recording) {
            seen.add(new Seen(req.method().name(), req.uri(), io.vertx.core.MultiMap.caseInsensitiveMultiMap().addAll(req.headers()),
                req.version()));
          }
          this.handler.handle(req);
        });
    try {
      server.listen().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Answers every request with a JSON echo: method, uri, body, and {@code name}. */
  public static TestBackend echo(Vertx vertx, String name) {
    return new TestBackend(vertx, req -> req.body().onSuccess(body -> {
      var o = new io.vertx.core.json.JsonObject()
          .put("backend", name)
          .put("method", req.method().name())
          .put("uri", req.uri())
          .put("body", body.toString());
      req.response().putHeader("Content-Type", "application/json").end(o.encode());
    }));
  }

  public void handler(Handler<HttpServerRequest> h) {
    this.handler = h;
  }

  /** Stops recording request heads (for long runs: the record would grow without bound). */
  public TestBackend withoutRecording() {
    recording = false;
    return this;
  }

  /** Runs {@code action} on the event loop that serves requests (after the first request arrived). */
  public void runOnContext(Runnable action) {
    io.vertx.core.Context c = context;
    if (c == null) {
      throw new IllegalStateException("no request served yet");
    }
    c.runOnContext(v -> action.run());
  }

  /**
   * Dies like a killed process, without waiting: open connections are cut and a request arriving
   * on one before it closes is dropped unanswered. Call on the serving event loop.
   */
  public void closeNow() {
    killed = true;
    server.close();
  }

  public int port() {
    return server.actualPort();
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public List<Seen> seen() {
    return seen;
  }

  public Seen last() {
    return seen.get(seen.size() - 1);
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
