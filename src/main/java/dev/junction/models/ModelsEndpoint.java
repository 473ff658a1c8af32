package dev.junction.models;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.junction.config.BackendConfig;
import dev.junction.config.ModelAlias;
import dev.junction.config.ModelsConfig;
import dev.junction.config.ProxyConfig;
import dev.junction.http1.PeerFailures;
import dev.junction.proxy.LocalEndpoint;
import dev.junction.proxy.ProblemAnswers;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET models.path} on the data plane: asks every backend named in {@link ModelsConfig} for
 * the same path at once (with the client's {@code Authorization} header, through a {@link
 * ModelListClient}) and answers one OpenAI list, their entries concatenated in configuration order,
 * a repeated model {@code id} listed once. A backend that fails, times out or answers something
 * other than a 2xx list is left out and logged; when every one fails the answer is 502
 * problem+json. Other methods get 405. Every list that comes is also handed to the {@link
 * ModelCatalogs}, so what a client sees here is what the catalog stage routes by. Non-blocking; the
 * lists are small and bounded, so they are parsed on the event loop.
 */
public final class ModelsEndpoint implements LocalEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(ModelsEndpoint.class);

  private final ModelsConfig config;
  private final List<BackendConfig> backends;
  private final ModelListClient client;
  private final @Nullable ModelCatalogs catalogs;
  private volatile Supplier<List<ModelAlias>> aliases = List::of;

  /**
   * @param all every configured backend; the ones {@code config} names are used, in its order
   * @param catalogs told every list a backend answers, so the catalog stage sees it too; {@code null}: none
   */
  public ModelsEndpoint(Vertx vertx, ModelsConfig config, List<BackendConfig> all, ProxyConfig proxy,
      @Nullable ModelCatalogs catalogs) {
    this.config = requireNonNull(config, "config");
    List<BackendConfig> named = new ArrayList<>();
    for (String name : config.backends()) {
      named.add(all.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow(
          () -> new IllegalArgumentException("models.backends: unknown backend '" + name + "' (expected: a configured backend)")));
    }
    this.backends = List.copyOf(named);
    this.client = new ModelListClient(vertx, requireNonNull(proxy, "proxy"));
    this.catalogs = catalogs;
  }

  /** Without a catalog to tell. */
  public ModelsEndpoint(Vertx vertx, ModelsConfig config, List<BackendConfig> all, ProxyConfig proxy) {
    this(vertx, config, all, proxy, null);
  }

  /** The model aliases listed after the backends' models (the configuration serving now). */
  public void aliases(Supplier<List<ModelAlias>> now) {
    this.aliases = requireNonNull(now, "now");
  }

  @Override
  public Future<Response> handle(Request req) {
    if (!req.isRead()) {
      return Future.succeededFuture(ProblemAnswers.response(ProblemAnswers.body(405, "method-not-allowed", "Method not allowed",
          config.path() + " is Junction's merged model list: GET only", config.path())).with("Allow", "GET, HEAD"));
    }
    String auth = req.header("Authorization");
    return client.onContext(() -> gather(auth));
  }

  /** Asks every backend and merges what came; runs on the client's context. */
  private Future<Response> gather(@Nullable String auth) {
    List<Future<ArrayNode>> lists = new ArrayList<>();
    for (BackendConfig b : backends) {
      lists.add(client.fetch(b, config.path(), auth).andThen(ar -> {
        if (ar.failed()) {
          LOG.warn("model list of backend {} left out: {}", b.name(), PeerFailures.describe(ar.cause()));
        } else if (catalogs != null) {
          catalogs.fetched(b.name(), ar.result());
        }
      }));
    }
    return Future.join(lists).transform(ignored -> {
      List<ArrayNode> ok = new ArrayList<>();
      lists.stream().filter(Future::succeeded).forEach(f -> ok.add(f.result()));
      if (ok.isEmpty()) {
        return Future.succeededFuture(ProblemAnswers.response(ProblemAnswers.body(502, "no-model-list", "No backend answered a model list",
            "none of " + config.backends() + " answered GET " + config.path() + " with an OpenAI list", config.path())));
      }
      return Future.succeededFuture(Response.of(200, "application/json", Buffer.buffer(ModelLists.merge(ok, aliases.get()).toString())));
    });
  }

  public Future<Void> close() {
    return client.close();
  }
}
