package dev.junction;

import static org.assertj.core.api.Assertions.assertThat;

import dev.junction.testing.ProxyFixture;
import dev.junction.testing.TestBackend;
import dev.junction.testing.VertxExtension;
import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin listener's {@code GET /status} page: as served (self-contained, strict CSP, no token
 * needed for the page itself), and as rendered by a real headless Chromium after some traffic.
 *
 * <p>{@code -Djunction.status.screenshot=docs/status.png} also writes the README's screenshot.
 */
class StatusPageTest {
  @RegisterExtension
  static final VertxExtension VERTX = new VertxExtension();

  @TempDir Path dir;
  private TestBackend alpha;
  private TestBackend gamma;
  private Junction.Running junction;

  @BeforeEach
  void start() throws IOException {
    alpha = TestBackend.echo(VERTX.get(), "alpha");
    gamma = new TestBackend(VERTX.get(), req -> req.response().setStatusCode(429).putHeader("Retry-After", "60").end());
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    Path config = dir.resolve("junction.yaml");
    Files.writeString(config, """
        junction:
          admin: {listen: 127.0.0.1:0}
          cache: {store: memory}
          backends:
            alpha: %s
            omega: http://127.0.0.1:%d
            gamma: %s
          routes:
            - id: chat-route
              path: /v1/chat
              methods: [POST]
              host: [api.example.com]
              headers: {x-tenant: acme}
              backend: alpha
            - id: broken-route
              path: /broken
              backend: omega
            - id: busy-route
              path: /busy
              backends: [gamma, alpha]
        """.formatted(alpha.uri(), closed, gamma.uri()), StandardCharsets.UTF_8);
    junction = Junction.builder().config(config).listen("127.0.0.1", 0).watchConfig(false).build().start();
  }

  @AfterEach
  void stop() {
    junction.close();
    alpha.close();
    gamma.close();
  }

  private static HttpResponse<String> get(URI uri) throws Exception {
    return ProxyFixture.CLIENT.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String sha256(String s) throws Exception {
    return "sha256-" + Base64.getEncoder().encodeToString(
        MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  private static String between(String text, String open, String close) {
    int from = text.indexOf(open);
    assertThat(from).as("%s in the page", open).isNotNegative();
    return text.substring(from + open.length(), text.indexOf(close, from));
  }

  @Test
  void thePageIsSelfContainedWithAStrictContentSecurityPolicy() throws Exception {
    HttpResponse<String> page = get(junction.adminUri().resolve("/status"));

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(page.body()).doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
    assertThat(Pattern.compile("(src|href)\\s*=", Pattern.CASE_INSENSITIVE).matcher(page.body()).find())
        .as("no external script, style or link of any kind").isFalse();
    String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
    assertThat(csp).contains("default-src 'none'").contains("connect-src 'self'").doesNotContain("unsafe");
    // The hashes cover exactly the inline script and style, so the browser runs them and nothing else.
    assertThat(csp).contains("script-src '" + sha256(between(page.body(), "<script>", "</script>")) + "'");
    assertThat(csp).contains("style-src '" + sha256(between(page.body(), "<style>", "</style>")) + "'");
    assertThat(page.body()).doesNotContain("token=").contains("sessionStorage");
  }

  @Test
  void beyondLoopbackThePageNeedsNoTokenButEveryDataCallDoes() throws Exception {
    Path config = dir.resolve("exposed.yaml");
    Files.writeString(config, "junction:\n  admin: {listen: 0.0.0.0:0, token: page-token}\n  cache: {store: memory}\n"
        + "  backends:\n    alpha: " + alpha.uri() + "\n", StandardCharsets.UTF_8);
    try (Junction.Running exposed = Junction.builder().config(config).listen("127.0.0.1", 0).watchConfig(false).build()
        .start()) {
      URI admin = URI.create("http://127.0.0.1:" + exposed.adminPort());

      assertThat(get(admin.resolve("/status")).statusCode()).isEqualTo(200);
      assertThat(get(admin.resolve("/routes")).statusCode()).isEqualTo(401);
      HttpResponse<String> withToken = ProxyFixture.CLIENT.send(HttpRequest.newBuilder(admin.resolve("/routes"))
          .header("Authorization", "Bearer page-token").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(withToken.statusCode()).isEqualTo(200);
    }
  }

  @Test
  void headlessChromiumRendersRoutesBackendsWithHealthTheHitRateAndRecentRequests() throws Exception {
    URI proxy = junction.uri();
    assertThat(get(proxy.resolve("/discovered")).statusCode()).isEqualTo(200); // cache miss, discovery
    assertThat(get(proxy.resolve("/discovered")).statusCode()).isEqualTo(200); // cache hit
    assertThat(get(proxy.resolve("/broken")).statusCode()).isEqualTo(502);     // omega refuses: down
    assertThat(get(proxy.resolve("/busy")).statusCode()).isEqualTo(200);       // gamma 429, Retry-After 60: cooling
    URI status = junction.adminUri().resolve("/status");

    String dom = chromium("--dump-dom", status.toString());

    assertThat(rows(dom, "routes")).anyMatch(r -> r.startsWith("chat-route|POST /v1/chat|host api.example.com and header "
            + "x-tenant equals \"acme\"||alpha|"))
        .anyMatch(r -> r.startsWith("broken-route|any /broken|||omega|"));
    assertThat(rows(dom, "backends")).anyMatch(r -> r.startsWith("alpha|up|0|"))
        .anyMatch(r -> r.startsWith("omega|down|1|"))
        .anyMatch(r -> r.startsWith("gamma|up, busy (429) until "));
    assertThat(dom).containsPattern("<b>50\\.0%</b>hit rate");
    assertThat(dom).containsPattern("id=\"health\" class=\"pill (up|degraded)\"");
    assertThat(rows(dom, "recent")).anyMatch(r -> r.contains("GET /discovered"))
        .anyMatch(r -> r.contains("GET /broken"));
    assertThat(dom).contains("<p id=\"recent-missing\" class=\"muted\" hidden=\"\">not available");
    for (String panel : List.of("health", "cache", "backends", "routes", "recent")) {
      assertThat(dom).as("no error in panel %s", panel).contains("<p id=\"" + panel + "-error\" class=\"error\"></p>");
    }

    String screenshot = System.getProperty("junction.status.screenshot");
    if (screenshot != null) {
      Path png = Path.of(screenshot).toAbsolutePath();
      chromium("--window-size=1100,900", "--hide-scrollbars", "--screenshot=" + png, status.toString());
      assertThat(png).isNotEmptyFile();
    }
  }

  /** The cells of each body row of table {@code id}, joined by '|'. */
  private static List<String> rows(String dom, String id) {
    String body = between(dom, "<table id=\"" + id + "\">", "</table>");
    List<String> rows = new ArrayList<>();
    Matcher row = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(between(body, "<tbody>", "</tbody>"));
    while (row.find()) {
      List<String> cells = new ArrayList<>();
      Matcher cell = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(row.group(1));
      while (cell.find()) {
        cells.add(cell.group(1));
      }
      rows.add(String.join("|", cells));
    }
    return rows;
  }

  /**
   * Runs Debian's {@code chromium} headless with a virtual-time budget, so the page's script has
   * fetched and rendered; returns its standard output. Fails (never skips) when it is missing.
   */
  private String chromium(String... args) throws Exception {
    String exe = findOnPath("chromium", "chromium-browser");
    List<String> command = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--no-first-run", "--user-data-dir=" + dir.resolve("chromium-profile"), "--virtual-time-budget=5000"));
    command.addAll(List.of(args));
    Path out = dir.resolve("chromium.out");
    Path err = dir.resolve("chromium.err");
    Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s: " + Files.readString(err));
    }
    assertThat(p.exitValue()).as("chromium exit status; stderr:%n%s", Files.readString(err)).isZero();
    return Files.readString(out);
  }

  private static String findOnPath(String... names) {
    for (String dirName : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      for (String name : names) {
        Path candidate = Path.of(dirName, name);
        if (Files.isExecutable(candidate)) {
          return candidate.toString();
        }
      }
    }
    throw new AssertionError("chromium not found on PATH: this test renders the status page in a real headless "
        + "browser (expected: Debian's chromium package, `apt-get install chromium`, which .ci/run installs)");
  }
}
