package dev.junction.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.junction.admin.cache.CacheEntry;
import dev.junction.config.AdminConfig;
import dev.junction.config.CacheConfig;
import dev.junction.config.HostPort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A Junction answering on the admin listener a config names, as the {@code cache} commands see it:
 * which store it uses ({@code GET /config}), and its cache operations ({@code GET /cache}, {@code
 * DELETE /cache}). Blocking calls with short timeouts, for the command line only.
 */
final class RunningJunction {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private final HttpClient http;
  private final URI base;
  private final @Nullable String token;
  private final JsonNode cacheSettings;

  private RunningJunction(HttpClient http, URI base, @Nullable String token, JsonNode cacheSettings) {
    this.http = http;
    this.base = base;
    this.token = token;
    this.cacheSettings = cacheSettings;
  }

  /** The admin address clients dial for {@code listen} (a wildcard address is dialled on loopback). */
  static String where(HostPort listen) {
    String h = listen.host();
    return new HostPort(h.equals("0.0.0.0") || h.equals("::") ? "127.0.0.1" : h, listen.port()).toString();
  }

  /**
   * The Junction answering on {@code admin}'s listener, or {@code null} when none does (nothing
   * listens, or the admin listener is off in the config).
   *
   * @throws IllegalStateException when something answers there but refuses the token, or is not a Junction
   */
  static @Nullable RunningJunction find(AdminConfig admin, @Nullable String token) {
    if (!admin.enabled()) {
      return null;
    }
    URI base = URI.create("http://" + where(admin.listen()));
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpResponse<String> r;
    try {
      r = http.send(request(base.resolve("/config"), token).GET().build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null; // nothing listens there
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking " + base + " for its configuration", e);
    }
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw new IllegalStateException("the Junction at " + base + " refused the admin token (expected: --token, "
          + "admin.token in the config, or JUNCTION_ADMIN_TOKEN)");
    }
    JsonNode cache = null;
    try {
      cache = r.statusCode() == 200 ? JSON.readTree(r.body()).get("cache") : null;
    } catch (IOException e) {
      // not JSON: not a Junction
    }
    if (cache == null || !cache.has("store")) {
      throw new IllegalStateException("something answers at " + base + " (HTTP " + r.statusCode()
          + ") that is not a Junction's admin API");
    }
    return new RunningJunction(http, base, token, cache);
  }

  private static HttpRequest.Builder request(URI uri, @Nullable String token) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Accept", "application/json");
    if (token != null && !token.isEmpty()) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  URI base() {
    return base;
  }

  /** The store it uses, as {@code cache list} names stores. */
  String store() {
    String kind = cacheSettings.path("store").asText();
    return switch (kind) {
      case "sqlite" -> "sqlite " + cacheSettings.path("sqlitePath").asText();
      case "redis" -> {
        URI u = URI.create(cacheSettings.path("redisUri").asText("redis://?"));
        yield "redis " + u.getHost() + ":" + u.getPort();
      }
      default -> kind;
    };
  }

  /** Whether it uses the store {@code cache} names: the same SQLite file, or the same Redis server and database. */
  boolean sameStore(CacheConfig cache) {
    String kind = cacheSettings.path("store").asText();
    if (!kind.equals(cache.store().name().toLowerCase(Locale.ROOT))) {
      return false;
    }
    return switch (cache.store()) {
      case SQLITE -> Path.of(cacheSettings.path("sqlitePath").asText()).toAbsolutePath().normalize()
          .equals(cache.sqlitePath().toAbsolutePath().normalize());
      case REDIS -> {
        URI theirs = URI.create(cacheSettings.path("redisUri").asText("redis://?"));
        URI ours = cache.redisUri();
        yield ours != null && ours.getHost() != null && ours.getHost().equals(theirs.getHost())
            && ours.getPort() == theirs.getPort() && String.valueOf(ours.getPath()).equals(String.valueOf(theirs.getPath()));
      }
      case MEMORY -> false; // its own memory: nothing to share
    };
  }

  /** {@code DELETE /cache}: how many decisions it removed (memory and store). */
  long clear() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request(base.resolve("/cache"), token).DELETE().build(),
        HttpResponse.BodyHandlers.ofString());
    return ok(r, "DELETE /cache").path("removed").asLong();
  }

  /** {@code GET /cache}: every decision it holds now. */
  List<CacheEntry> list() throws IOException, InterruptedException {
    HttpResponse<String> r = http.send(request(base.resolve("/cache?limit=100000"), token).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    List<CacheEntry> out = new ArrayList<>();
    for (JsonNode e : ok(r, "GET /cache").path("entries")) {
      out.add(JSON.treeToValue(e, CacheEntry.class));
    }
    return out;
  }

  private JsonNode ok(HttpResponse<String> r, String what) throws IOException {
    if (r.statusCode() / 100 == 2) {
      return JSON.readTree(r.body());
    }
    String detail;
    try {
      detail = JSON.readTree(r.body()).path("detail").asText(r.body());
    } catch (IOException e) {
      detail = r.body();
    }
    if (r.statusCode() == 401 || r.statusCode() == 403) {
      throw new IOException("the Junction at " + base + " refused the admin token for " + what + " (expected: --token, "
          + "admin.token in the config, or JUNCTION_ADMIN_TOKEN): " + detail);
    }
    throw new IOException(what + " at " + base + ": HTTP " + r.statusCode() + ": " + detail);
  }
}
