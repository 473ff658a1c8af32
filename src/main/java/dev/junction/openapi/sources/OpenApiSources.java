package dev.junction.openapi.sources;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.config.BackendConfig;
import dev.junction.config.JunctionConfig;
import dev.junction.config.ModelsConfig;
import dev.junction.openapi.merge.MergeInput;
import dev.junction.openapi.merge.OpenApiMerger;
import dev.junction.proxy.LocalEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The merged OpenAPI document of the data plane, kept current. {@link #refresh()} fetches every
 * declared document concurrently, then merges on a worker and swaps the served document
 * atomically. A backend whose fetch fails is logged as a warning and keeps contributing its last
 * good document, if any; it never fails the refresh or Junction's start.
 *
 * <p>Refreshes run one after another (a refresh asked for during another starts when it ends).
 * Every method is non-blocking and thread-safe. Until the first refresh completes the document
 * lists no operation. The alias table is applied when merging, so a runtime alias change shows in
 * the document at the next refresh.
 */
public final class OpenApiSources {
  private static final Logger LOG = LoggerFactory.getLogger(OpenApiSources.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Vertx vertx;
  private final JunctionConfig config;
  private final List<String> candidates;
  private final UnaryOperator<String> primaryPath;
  private final String version;
  private final Clock clock;
  private final DocumentFetcher fetcher;
  private final Map<String, SourceState> states = new ConcurrentHashMap<>();
  private final Map<String, JsonNode> documents = new ConcurrentHashMap<>();
  private final AtomicReference<Buffer> served = new AtomicReference<>();
  private Future<List<SourceState>> last = Future.succeededFuture(List.of());
  private volatile Supplier<List<String>> catalogModels = List::of;

  /**
   * @param candidates the backends discovery tries, in order (the merge lists discovery-only paths of these)
   * @param primaryPath the alias table's primary for a path
   * @param version the merged document's {@code info.version}
   */
  public OpenApiSources(Vertx vertx, JunctionConfig config, List<String> candidates, UnaryOperator<String> primaryPath,
      String version, Clock clock) {
    this.vertx = requireNonNull(vertx, "vertx");
    this.config = requireNonNull(config, "config");
    this.candidates = List.copyOf(candidates);
    this.primaryPath = requireNonNull(primaryPath, "primaryPath");
    this.version = requireNonNull(version, "version");
    this.clock = requireNonNull(clock, "clock");
    this.fetcher = new DocumentFetcher(vertx, config.openapi());
    for (BackendConfig b : declaring()) {
      states.put(b.name(), new SourceState(b.name(), DocumentFetcher.url(b), SourceState.Status.PENDING, null, null, null, null));
    }
    served.set(Buffer.buffer(OpenApiMerger.merge(input(Map.of())).toString()));
  }

  /**
   * Where the models some backend's catalog lists come from; the merged document is rebuilt from the
   * documents it has, in the background, each time {@link #modelsChanged} is called.
   */
  public void catalogModels(Supplier<List<String>> listed) {
    this.catalogModels = requireNonNull(listed, "listed");
  }

  /** The catalogs changed: the merged document is rebuilt (off the event loop) with the models now listed. */
  public synchronized void modelsChanged() {
    last = last.transform(ignored -> vertx.executeBlocking(() -> {
      served.set(Buffer.buffer(OpenApiMerger.merge(input(new LinkedHashMap<>(documents))).toString()));
      return sources();
    }));
  }

  /** Fetches every declared document again and rebuilds the merged one; completes with every source's state. */
  public synchronized Future<List<SourceState>> refresh() {
    last = last.transform(ignored -> fetchAll());
    return last;
  }

  /** Each declaring backend's state, in config order. */
  public List<SourceState> sources() {
    List<SourceState> out = new ArrayList<>();
    for (BackendConfig b : declaring()) {
      out.add(states.get(b.name()));
    }
    return out;
  }

  /** The merged document as served now (JSON). */
  public Buffer document() {
    return served.get();
  }

  /** Serves {@link #document()}: GET and HEAD; 405 for anything else. */
  public LocalEndpoint handler() {
    return req -> Future.succeededFuture(req.isRead() ? LocalEndpoint.Response.of(200, "application/json", served.get())
        : LocalEndpoint.Response.methodNotAllowed("GET, HEAD"));
  }

  public Future<Void> close() {
    return fetcher.close();
  }

  private List<BackendConfig> declaring() {
    return config.backends().stream().filter(b -> b.openapi() != null).toList();
  }

  private Future<List<SourceState>> fetchAll() {
    List<Future<Void>> all = new ArrayList<>();
    for (BackendConfig b : declaring()) {
      all.add(fetcher.fetch(b)
          .compose(bytes -> vertx.executeBlocking(() -> parse(bytes)))
          .transform(ar -> {
            record(b, ar.succeeded() ? ar.result() : null, ar.succeeded() ? null : ar.cause().getMessage());
            return Future.<Void>succeededFuture();
          }));
    }
    return Future.join(all).transform(ignored -> vertx.executeBlocking(() -> {
      Map<String, JsonNode> docs = new LinkedHashMap<>(documents);
      served.set(Buffer.buffer(OpenApiMerger.merge(input(docs)).toString()));
      return sources();
    }));
  }

  private static JsonNode parse(Buffer bytes) throws IOException {
    JsonNode doc;
    try {
      doc = JSON.readTree(bytes.getBytes());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IOException("not JSON (expected: an OpenAPI document in JSON): " + e.getOriginalMessage(), e);
    }
    String problem = doc == null ? "empty (expected: an OpenAPI document in JSON)" : OpenApiMerger.problem(doc);
    if (problem != null) {
      throw new IOException(problem);
    }
    return doc;
  }

  private void record(BackendConfig b, @Nullable JsonNode doc, @Nullable String error) {
    SourceState before = states.get(b.name());
    if (doc != null) {
      documents.put(b.name(), doc);
      states.put(b.name(), new SourceState(b.name(), before.url(), SourceState.Status.OK, clock.instant(), null,
          doc.path("info").path("title").asText(null), doc.path("info").path("version").asText(null)));
    } else {
      LOG.warn("OpenAPI document of backend {} not fetched from {}: {}{}", b.name(), before.url(), error,
          before.inUse() ? " (keeping the one fetched at " + before.fetchedAt() + ")" : "");
      states.put(b.name(), new SourceState(b.name(), before.url(), SourceState.Status.FAILED, before.fetchedAt(), error,
          before.title(), before.version()));
    }
  }

  private MergeInput input(Map<String, JsonNode> docs) {
    List<String> names = config.backends().stream().map(BackendConfig::name).toList();
    ModelsConfig m = config.models();
    MergeInput.Models models = m == null ? MergeInput.Models.NONE
        : new MergeInput.Models(m.path(), m.route() ? m.field() : null, m.route() ? catalogModels.get() : List.of());
    return new MergeInput(names, config.rules(), candidates, docs, primaryPath, "Junction", version, models);
  }
}
