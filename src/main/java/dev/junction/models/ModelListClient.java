package dev.junction.models;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.junction.config.BackendConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.http1.PeerFailures;
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
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks one backend for its OpenAI model list ({@code GET path}), bounded by the proxy's connect and
 * response timeouts and {@code max_buffered_body}. A connection that fails before any answer came
 * (refused, reset, closed under the request) is tried once more on a fresh one: the read is
 * idempotent. Anything but a 2xx OpenAI list fails the future. Every request starts on one Vert.x
 * context, whatever thread asks: the data plane's event loops are Netty's, and a response callback
 * registered from such a thread after the answer came would never see its body end
 * (eclipse-vertx/vert.x#5825).
 */
final class ModelListClient {
  private static final Logger LOG = LoggerFactory.getLogger(ModelListClient.class);

  private final ProxyConfig proxy;
  private final HttpClient client;
  private final Context context;

  ModelListClient(Vertx vertx, ProxyConfig proxy) {
    this.proxy = requireNonNull(proxy, "proxy");
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, proxy.connectTimeout().toMillis())));
    this.context = vertx.getOrCreateContext();
  }

  /** Runs {@code work} on this client's context; a throw fails the future, as if thrown there. */
  <T> Future<T> onContext(Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(result);
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    return result.future();
  }

  /** The {@code data} array of {@code b}'s list at {@code path}; call on {@link #onContext}. */
  Future<ArrayNode> fetch(BackendConfig b, String path, @Nullable String auth) {
    return attempt(b, path, auth).recover(e -> {
      if (e instanceof Answered || e instanceof TimeoutException) {
        return Future.failedFuture(e);
      }
      LOG.debug("model list of backend {}: {}; asking again on a fresh connection", b.name(), PeerFailures.describe(e));
      return attempt(b, path, auth);
    });
  }

  private Future<ArrayNode> attempt(BackendConfig b, String path, @Nullable String auth) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(b.url().getHost()).setPort(b.port())
        .setSsl(b.tls()).setURI(b.pathPrefix() + path).putHeader(HttpHeaders.ACCEPT, "application/json")
        .setTimeout(proxy.responseTimeout().toMillis());
    if (auth != null) {
      options.putHeader(HttpHeaders.AUTHORIZATION, auth);
    }
    return client.request(options).compose(r -> r.send()).compose(this::body);
  }

  private Future<ArrayNode> body(HttpClientResponse resp) {
    if (resp.statusCode() / 100 != 2) {
      resp.request().reset();
      return Future.failedFuture(new Answered("HTTP " + resp.statusCode()));
    }
    Promise<ArrayNode> result = Promise.promise();
    Buffer body = Buffer.buffer();
    resp.handler(chunk -> {
      if (body.length() + chunk.length() > proxy.maxBufferedBody()) {
        result.tryFail(new Answered("list larger than " + proxy.maxBufferedBody() + " bytes (proxy.max_buffered_body)"));
        resp.request().reset();
      } else {
        body.appendBuffer(chunk);
      }
    });
    resp.exceptionHandler(e -> result.tryFail(e));
    resp.endHandler(v -> {
      ArrayNode data = ModelLists.data(body.getBytes());
      if (data == null) {
        result.tryFail(new Answered("not an OpenAI list (expected: {\"object\": \"list\", \"data\": [...]})"));
      } else {
        result.tryComplete(data);
      }
    });
    return result.future();
  }

  /** The backend answered, but not with a usable list: asking again would get the same. */
  private static final class Answered extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Answered(String message) {
      super(message, null, false, false);
    }
  }

  Future<Void> close() {
    return client.close();
  }
}
