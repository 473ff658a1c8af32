package dev.junction.openapi.sources;

import dev.junction.config.BackendConfig;
import dev.junction.config.OpenApiConfig;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * {@code GET} of one backend's document: non-blocking, bounded by {@link
 * OpenApiConfig#fetchTimeout()} from connect to last byte and by {@link
 * OpenApiConfig#maxDocumentSize()}. Only a 2xx answer counts; its bytes are returned unparsed.
 *
 * <p>Every fetch starts on one Vert.x context, whatever thread asks for it. Started from a plain
 * thread, the response future's callbacks would be dispatched to an event loop that may deliver
 * the whole body first, before {@link #read} sets its handlers: the end would be lost and the fetch
 * would wait out its timeout (eclipse-vertx/vert.x#5825; seen as a CI failure of {@code
 * OpenApiSourcesTest}). On the context, the handlers are in place before the first byte can arrive.
 */
final class DocumentFetcher {
  private final Vertx vertx;
  private final Context context;
  private final OpenApiConfig config;
  private final HttpClient client;

  DocumentFetcher(Vertx vertx, OpenApiConfig config) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.config = config;
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.fetchTimeout().toMillis()))
        .setTrustAll(false)
        .setVerifyHost(true));
  }

  static String url(BackendConfig b) {
    return b.url().getScheme() + "://" + b.authority() + b.pathPrefix() + b.openapi();
  }

  Future<Buffer> fetch(BackendConfig b) {
    Promise<Buffer> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        start(b, result);
      } catch (RuntimeException e) {
        result.tryFail(e);
      }
    });
    return result.future();
  }

  private void start(BackendConfig b, Promise<Buffer> result) {
    long timeoutMs = config.fetchTimeout().toMillis();
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.GET)
        .setHost(b.url().getHost())
        .setPort(b.port())
        .setSsl(b.tls())
        .setURI(b.pathPrefix() + b.openapi())
        .putHeader(HttpHeaders.ACCEPT, "application/json")
        .setIdleTimeout(timeoutMs);
    long timer = vertx.setTimer(timeoutMs, t -> result.tryFail("no complete answer within " + config.fetchTimeout().toMillis() + " ms"));
    client.request(options)
        .compose(req -> {
          result.future().onFailure(e -> req.reset());
          return req.send();
        })
        .onFailure(e -> result.tryFail(describe(e)))
        .onSuccess(resp -> read(resp, result));
    result.future().onComplete(ar -> vertx.cancelTimer(timer));
  }

  private void read(HttpClientResponse resp, Promise<Buffer> result) {
    if (resp.statusCode() / 100 != 2) {
      resp.request().reset();
      result.tryFail("HTTP " + resp.statusCode() + " (expected: 2xx with the document)");
      return;
    }
    String length = resp.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19
        && Long.parseLong(length) > config.maxDocumentSize()) {
      resp.request().reset();
      result.tryFail(tooLarge());
      return;
    }
    Buffer body = Buffer.buffer();
    resp.handler(chunk -> {
      if (body.length() + chunk.length() > config.maxDocumentSize()) {
        result.tryFail(tooLarge());
        resp.request().reset();
      } else {
        body.appendBuffer(chunk);
      }
    });
    resp.exceptionHandler(e -> result.tryFail(describe(e)));
    resp.endHandler(v -> result.tryComplete(body));
  }

  private String tooLarge() {
    return "document larger than " + config.maxDocumentSize() + " bytes (expected: at most openapi.max_document_size)";
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }

  Future<Void> close() {
    return client.close();
  }
}
