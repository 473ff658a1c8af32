package dev.junction.models;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.junction.config.BackendConfig;
import dev.junction.config.ModelsConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.http1.PeerFailures;
import dev.junction.proxy.LocalEndpoint;
import dev.junction.proxy.ProblemAnswers;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET models.path} on the data plane: asks every backend named in {@link ModelsConfig} for
 * the same path at once (with the client's {@code Authorization} header, bounded by the proxy's
 * connect and response timeouts and {@code max_buffered_body}) and answers one OpenAI list, their
 * entries concatenated in configuration order, a repeated model {@code id} listed once. A backend
 * whose connection fails before it answers (refused, reset, closed under the request) is asked once
 * more on a fresh connection: the read is idempotent, and one dropped connection should not drop a
 * backend's models from the list. A backend that still fails, times out or answers something other
 * than a 2xx list is left out and logged; when every one fails the answer is 502 problem+json.
 * Other methods get 405.
 *
 * <p>Non-blocking; the lists are small and bounded, so they are parsed on the event loop. The
 * requests to the backends start on one Vert.x context, whatever thread asks: the data plane's
 * event loops are Netty's, not Vert.x's, and a response callback registered from such a thread
 * after the answer came would never see its body end (eclipse-vertx/vert.x#5825): the list would
 * be left out after the response timeout.
 */
public final class ModelsEndpoint implements LocalEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ModelsEndpoint.class);

  private final ModelsConfig config;
  private final List<BackendConfig> backends;
  private final ProxyConfig proxy;
  private final HttpClient client;
  private final Context context;

  /** @param all every configured backend; the ones {@code config} names are used, in its order */
  public ModelsEndpoint(Vertx vertx, ModelsConfig config, List<BackendConfig> all, ProxyConfig proxy) {
    this.config = requireNonNull(config, "config");
    this.proxy = requireNonNull(proxy, "proxy");
    List<BackendConfig> named = new ArrayList<>();
    for (String name : config.backends()) {
      named.add(all.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(
          () -> new IllegalArgumentException("models.backends: unknown backend '" + name + "' (expected: a configured backend)")));
    }
    this.backends = List.copyOf(named);
    this.client = vertx.createHttpClient(new HttpClientOptions()
        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, proxy.connectTimeout().toMillis())));
    this.context = vertx.getOrCreateContext();
  }

  @Override
  public Future<Response> handle(Request req) {
    if (!req.isRead()) {
      return Future.succeededFuture(ProblemAnswers.response(ProblemAnswers.body(405, "method-not-allowed", "Method not allowed",
          config.path() + " is Junction's merged model list: GET only", config.path())).with("Allow", "GET, HEAD"));
    }
    String auth = req.header("Authorization");
    Promise<Response> answer = Promise.promise();
    context.runOnContext(v -> {
      try {
        gather(auth).onComplete(answer);
      } catch (RuntimeException e) {
        answer.fail(e); // a 500 from the caller, as if thrown there, not a request left waiting
      }
    });
    return answer.future();
  }

  /** Asks every backend and merges what came; runs on {@link #context}. */
  private Future<Response> gather(@org.jspecify.annotations.Nullable String auth) {
    List<Future<ArrayNode>> lists = new ArrayList<>();
    for (BackendConfig b : backends) {
      lists.add(fetch(b, auth).onFailure(e -> LOG.warn("model list of backend {} left out: {}", b.name(), PeerFailures.describe(e))));
    }
    return Future.join(lists).transform(ignored -> {
      List<ArrayNode> ok = new ArrayList<>();
      lists.stream().filter(Future::succeeded).forEach(f -> ok.add(f.result()));
      if (ok.isEmpty()) {
        return Future.succeededFuture(ProblemAnswers.response(ProblemAnswers.body(502, "no-model-list", "No backend answered a model list",
            "none of " + config.backends() + " answered GET " + config.path() + " with an OpenAI list", config.path())));
      }
      return Future.succeededFuture(Response.of(200, "application/json", Buffer.buffer(ModelLists.merge(ok).toString())));
    });
  }

  /** One attempt, and a second one when the first failed before any answer came. */
  private Future<ArrayNode> fetch(BackendConfig b, @org.jspecify.annotations.Nullable String auth) {
    return attempt(b, auth).recover(e -> {
      if (e instanceof Answered || e instanceof TimeoutException) {
        return Future.failedFuture(e);
      }
      LOG.debug("model list of backend {}: {}; asking again on a fresh connection", b.name(), PeerFailures.describe(e));
      return attempt(b, auth);
    });
  }

  private Future<ArrayNode> attempt(BackendConfig b, @org.jspecify.annotations.Nullable String auth) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(b.url().getHost()).setPort(b.port())
        .setSsl(b.tls()).setURI(b.pathPrefix() + config.path()).putHeader(HttpHeaders.ACCEPT, "application/json")
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

  public Future<Void> close() {
    return client.close();
  }
}
