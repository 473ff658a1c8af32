package dev.junction.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.junction.admin.server.AdminApis;
import dev.junction.admin.server.AdminServer;
import dev.junction.config.AdminConfig;
import dev.junction.config.HostPort;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A real admin server on 127.0.0.1, port 0, over the fake services, with a real HTTP client. Counts
 * the operations whose handler ran, so a test suite can check it called every one.
 */
public final class AdminFixture implements AutoCloseable {
  public static final String TOKEN = "test-admin-token";
  /** The aliases the fixture's resolver knows: alias path to primary path. */
  public static final Map<String, String> ALIASES = Map.of("/v1/health", "/health", "/v1/aliases", "/aliases");

  private static final ObjectMapper JSON = new ObjectMapper();

  public final Vertx vertx;
  public final FakeServices fakes;
  public final ApiRegistry registry;
  public final AdminServer server;
  private final Set<String> called;
  private final HttpClient http = HttpClient.newHttpClient();
  private final String base;

  private AdminFixture(Vertx vertx, FakeServices fakes, ApiRegistry registry, AdminServer server, Set<String> called) {
    this.vertx = vertx;
    this.fakes = fakes;
    this.registry = registry;
    this.server = server;
    this.called = called;
    this.base = "http://127.0.0.1:" + server.port();
  }

  /** Operation ids whose handler completed at least once. */
  public Set<String> calledOperations() {
    return Set.copyOf(called);
  }

  /** Loopback listener, token {@link #TOKEN} from the environment, resolver over {@link #ALIASES}. */
  public static AdminFixture start() {
    return start(new AdminConfig(true, new HostPort("127.0.0.1", 0), null), TOKEN);
  }

  public static AdminFixture start(AdminConfig config, @Nullable String envToken) {
    Vertx vertx = Vertx.vertx();
    FakeServices fakes = new FakeServices();
    Set<String> called = ConcurrentHashMap.newKeySet();
    ApiRegistry registry = counting(AdminApis.registerAll(new ApiRegistry(), fakes.services()), called);
    UnaryOperator<String> resolver = p -> ALIASES.getOrDefault(p, p);
    try {
      AdminServer server = AdminServer.start(vertx, config, registry, resolver, envToken).await();
      return new AdminFixture(vertx, fakes, registry, server, called);
    } catch (RuntimeException e) {
      vertx.close().await();
      throw e;
    }
  }

  /** A copy of {@code source} whose handlers record their operation id in {@code called} when they succeed. */
  public static ApiRegistry counting(ApiRegistry source, Set<String> called) {
    ApiRegistry out = new ApiRegistry();
    source.tags().forEach(out::tag);
    for (ApiOperation op : source.operations()) {
      ApiHandler inner = op.handler();
      out.add(op.withHandler(req -> {
        Future<?> f = inner.handle(req);
        return f.onSuccess(v -> called.add(op.operationId()));
      }));
    }
    return out;
  }

  /** {@code http://127.0.0.1:PORT}, for a client of a test's own. */
  public String base() {
    return base;
  }

  public Reply get(String path) {
    return send("GET", path, null, null);
  }

  public Reply send(String method, String path, @Nullable String token, @Nullable String json) {
    return send(method, path, token, json, "application/json");
  }

  public Reply send(String method, String path, @Nullable String token, @Nullable String body, String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Reply(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.close().await();
    vertx.close().await();
  }

  /** An HTTP response. */
  public record Reply(int status, HttpHeaders headers, String body) {
    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }

    public String header(String name) {
      return headers.firstValue(name).orElse("");
    }

    public String contentType() {
      return header("Content-Type");
    }
  }
}
