package dev.junction.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Every key of both configuration formats, in one place: per mapping, its keys in the order
 * messages list them, each with its shape, an example, a description and its default. The readers
 * take their allowed keys (and the words of their closed sets) from here, and
 * {@code docs/junction.schema.json} ({@link ConfigSchema}) and the reference tables of
 * {@code docs/configuration.md} ({@link ConfigReference}) are generated from it, so a key cannot be
 * read without being in the schema and the docs. Defaults come from the records' defaults.
 */
final class ConfigKeys {
  private ConfigKeys() {}

  /** A pattern for text that is not blank. */
  private static final String NOT_BLANK = "\\S";

  static final KeyShape DURATION = new KeyShape.Duration(1);
  static final KeyShape FLAG = new KeyShape.Flag();
  static final KeyShape.Text TEXT = new KeyShape.Text("text", NOT_BLANK, true);
  static final KeyShape.Text FILE = new KeyShape.Text("file path", NOT_BLANK, true);
  static final KeyShape.Text NAME = new KeyShape.Text("backend name", NOT_BLANK, true);
  static final KeyShape.Text HOST_PORT = new KeyShape.Text("HOST:PORT", "^(?:(?:|.*\\S.*):\\+?0*"
      + "(?:[0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))$", false);
  static final KeyShape.Text URL = new KeyShape.Text("http(s) URL", "^(?:https?://[^\\s/?#@]+(?:/[^\\s?#]*)?)$", false);
  static final KeyShape.Text REDIS_URL = new KeyShape.Text("redis(s) URL", "^(?:rediss?://[^\\s/?#]+(?:[/?#]\\S*)?)$", false);
  /** A request path: starts with /, no query or fragment. */
  static final KeyShape.Text PATH = new KeyShape.Text("path", "^(?:/[^?#]*)$", false);
  /** A path Junction answers itself: a {@link #PATH} without template braces. */
  static final KeyShape.Text LOCAL_PATH = new KeyShape.Text("path", "^(?:/[^?#{]*)$", false);
  /** A route path: each {name} a whole segment, its name made of letters, digits and _. */
  static final KeyShape.Text TEMPLATE = new KeyShape.Text("path or template", "^(?:/(?:[^/?#{}]*|\\{[\\p{L}\\p{Nd}_]+\\})"
      + "(?:/(?:[^/?#{}]*|\\{[\\p{L}\\p{Nd}_]+\\}))*)$", false);
  static final KeyShape.Text POINTER = new KeyShape.Text("JSON pointer", "^(?:/(?:[^~]|~[01])*)$", false);
  static final KeyShape.Text HEADER_NAME = new KeyShape.Text("header name", "^(?:[-!#$%&'*+.^_`|~0-9A-Za-z]+)$", false);
  static final KeyShape.Text QUERY_NAME = new KeyShape.Text("query parameter name", NOT_BLANK, false);
  static final KeyShape.Text HOST = new KeyShape.Text("host", "^(?:(?:\\*\\.)?[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])$", false);
  static final KeyShape.Text METHOD = new KeyShape.Text("method", "^(?:[-!#$%&'*+.^_`|~0-9A-Za-z]+)$", true);
  static final KeyShape ANY = new KeyShape.AnyValue("any value");

  static KeyShape statuses(int minItems) {
    KeyShape.Status status = new KeyShape.Status();
    return new KeyShape.ListOf("status set", status, minItems, status);
  }

  static KeyShape names(int minItems) {
    return new KeyShape.ListOf("backend name, or list of them", NAME, minItems, NAME);
  }

  // Junction's format: everything under the top-level key `junction`.

  static final KeyShape.Group TLS = group("listen.tls",
      key("cert", FILE, "tls/cert.pem",
          "The certificate chain, a PEM file, leaf first; relative to the configuration file's directory.").asRequired(),
      key("key", FILE, "tls/key.pem", "Its private key, a PEM file (PKCS#8, PKCS#1 RSA or SEC1 EC; not encrypted); "
          + "relative to the configuration file's directory.").asRequired());

  static final KeyShape.Group LISTENER = group("listen",
      key("host", TEXT, "0.0.0.0", "The host name or address to listen on.").byDefault(JunctionConfig.DEFAULT_LISTEN.host()),
      key("port", new KeyShape.Whole(0, 65535), "8443", "The port; 0 asks the system for a free one.")
          .byDefault(text(JunctionConfig.DEFAULT_LISTEN.port())),
      key("tls", TLS, "{cert: tls/cert.pem, key: tls/key.pem}", "Terminate TLS with these PEM files; both are read "
          + "and checked at load.").byDefaultNote("none (cleartext)"),
      key("http2", FLAG, "true", "Offer HTTP/2: with TLS through ALPN, in cleartext as h2c (prior knowledge and "
          + "Upgrade: h2c). false: HTTP/1.x only.").byDefaultNote("true with tls, false in cleartext"),
      key("backlog", new KeyShape.Whole(1, 65535), "4096", "Connections the system may hold for Junction before it "
          + "accepts them (the listen backlog); a storm of new connections beyond it waits for the client's SYN retry, "
          + "a second or more. The system caps it (Linux: net.core.somaxconn).")
          .byDefaultNote("the system's cap (Linux: net.core.somaxconn, 4096 since 5.4)"));

  static final KeyShape.Group ADMIN = group("admin",
      key("enabled", FLAG, "false", "Whether the admin listener starts.").byDefault(text(AdminConfig.defaults().enabled())),
      key("listen", HOST_PORT, "127.0.0.1:8001", "Where the admin API and the status page listen; loopback only by default.")
          .byDefault(text(AdminConfig.defaults().listen())),
      key("token", TEXT, "${JUNCTION_ADMIN_TOKEN}", "The bearer token for changes, and for every request when listen is "
          + "not loopback.").byDefaultNote("the JUNCTION_ADMIN_TOKEN environment variable, read at start-up"));

  static final KeyShape.Group HEALTH = group("backends.NAME.health",
      key("path", new KeyShape.Text("path", "^(?:/[\\x21\\x22\\x24-\\x7e]*)$", false), "/healthz",
          "Junction sends GET for this path, after the backend URL's path.").asRequired(),
      key("interval", DURATION, "10s", "Time between checks.").byDefault(text(HealthCheckConfig.DEFAULT_INTERVAL)),
      key("timeout", DURATION, "2s", "Bound on one check, connecting included; at most interval.")
          .byDefault(text(HealthCheckConfig.DEFAULT_TIMEOUT)),
      key("healthy_statuses", statuses(1), "[200-299, 404]", "Statuses that pass. Another status, or no answer, fails "
          + "and counts like a connection failure towards proxy.ejection; a pass brings an ejected backend back.")
          .byDefault(text(StatusSet.SUCCESS_2XX)));

  static final KeyShape.Group BACKEND = group("backends.NAME",
      key("url", URL, "http://127.0.0.1:3000", "Where the backend is: http or https, without user info, query or "
          + "fragment. A path here is prefixed to forwarded paths.").asRequired(),
      key("cache_timeout", DURATION, "10m", "How long a route discovered to this backend is remembered.")
          .byDefaultNote("cache.ttl"),
      key("openapi", new KeyShape.Text("path", "^(?:/[^?#\\x00-\\x20]*)$", false), "/openapi.json",
          "Where the backend serves its OpenAPI document (JSON), after the URL's path; it is merged into the data "
              + "plane's document.").byDefaultNote("none (the backend adds nothing to the merged document)"),
      key("health", HEALTH, "{path: /healthz}", "An active health check.").byDefaultNote("none (passive ejection only)"),
      key("protocol", new KeyShape.Choice(Arrays.stream(BackendConfig.Protocol.values()).map(BackendConfig.Protocol::wireName)
              .toList()), "h2c", "How Junction talks to it: http1; h2c, HTTP/2 by prior knowledge (an http:// url); "
              + "h2, HTTP/2 over TLS by ALPN (an https:// url).").byDefault(BackendConfig.Protocol.HTTP1.wireName()),
      key("discovery", FLAG, "false", "Whether discovery probes it when discovery.candidates is not set; false for a "
          + "backend only rules should reach, such as a speech or WebSocket server.").byDefault("true"),
      key("response_timeout", DURATION, "10m", "How long it has to send a response head; a route's response_timeout "
          + "goes first.").byDefaultNote("proxy.response_timeout"));

  /** The operators of a payload condition. */
  static final KeyShape.Group CONDITION = group("routes[].payload[].POINTER",
      key("equals", ANY, "{tier: gold}", "The field equals this value (mappings and lists compare whole, numbers by "
          + "value). A plain value means the same; write equals to compare with a mapping."),
      key("one_of", new KeyShape.ListOf("list of values", ANY, 1, null), "[gpt-4o-mini, o3]",
          "The field equals one of these values."),
      key("glob", new KeyShape.Text("glob", null, false), "\"gpt-4*\"",
          "The field is a string matching this pattern: * any run of characters, ? one character."),
      key("exists", FLAG, "false", "true: the field is present (JSON null included); false: it is absent."));

  /** The operators of a header or query condition: they test text. */
  static final KeyShape.Group TEXT_CONDITION = group("routes[].headers.NAME", List.of("equals", "one_of", "glob", "exists"),
      key("equals", TEXT, "acme", "The value is exactly this text. A plain value means the same."),
      key("one_of", new KeyShape.ListOf("list of texts", TEXT, 1, null), "[gold, silver]",
          "The value is one of these texts."),
      key("glob", new KeyShape.Text("glob", null, false), "\"2024-*\"",
          "The value matches this pattern: * any run of characters, ? one character."),
      key("exists", FLAG, "true", "true: the header (or parameter) is present, even empty; false: it is absent."));

  /** A header or query condition: a plain text, or a mapping with one operator. */
  static final KeyShape HEAD_CONDITION = new KeyShape.Either(TEXT, TEXT_CONDITION);

  static final KeyShape.Text MODEL_NAME = new KeyShape.Text("model name", NOT_BLANK, true);

  /** A model alias pinned to a backend. */
  static final KeyShape.Group MODEL_ALIAS = group("model_aliases.NAME",
      key("backend", NAME, "llm-a", "The backend that serves it; the rules, catalogs, cache and discovery are not asked.")
          .asRequired(),
      key("model", MODEL_NAME, "llama-3.1-70b", "The backend's name for it, written into the request body.").asRequired());

  static final KeyShape.Group BACKEND_ENTRY = group("routes[].backends[]",
      key("backend", NAME, "llm-a", "The backend's name.").asRequired(),
      key("weight", new KeyShape.Whole(1, BalanceConfig.MAX_WEIGHT), "3", "Its share of the requests, with balance "
          + "round_robin or least_in_flight (an error with balance first).").byDefault(text(BalanceConfig.FIRST.weight(""))));

  static final KeyShape.Group ROUTE = group("routes[]", List.of("backend", "backends"),
      key("id", TEXT, "chat-gpt4", "A stable name for logs, metrics and routes/explain; unique.")
          .byDefaultNote("route-N, N counting routes from 1"),
      key("path", TEMPLATE, "/v1/models/{id}", "The exact path, or a template where each {name} matches one whole, "
          + "non-empty segment.").asRequired(),
      key("methods", new KeyShape.ListOf("method, or list of them", METHOD, 1, METHOD), "[POST]",
          "The methods it applies to, in any case. Payload conditions only match POST, PUT and PATCH.")
          .byDefaultNote("any method"),
      key("payload", new KeyShape.ListOf("list of mappings of JSON pointer: condition", new KeyShape.MapOf(
              "mapping of JSON pointer: condition", "POINTER", POINTER, new KeyShape.Condition(CONDITION), false, 1), 0, null),
          "[{/model: gpt-4o, /stream: {exists: true}}]", "Alternatives, any one of which must hold; each maps JSON "
              + "pointers into the request body to conditions that must all hold.")
          .byDefaultNote("none (the body is not looked at)"),
      key("headers", new KeyShape.MapOf("mapping of header name: condition", "NAME", HEADER_NAME, HEAD_CONDITION,
              false, 1), "{x-tenant: acme, x-tier: {one_of: [gold, silver]}}", "Conditions on request headers, all of "
              + "which must hold; names in any case. A header sent on several lines holds when any line's value does.")
          .byDefaultNote("none"),
      key("query", new KeyShape.MapOf("mapping of parameter name: condition", "NAME", QUERY_NAME, HEAD_CONDITION,
              false, 1), "{api-version: {glob: \"2024-*\"}}", "Conditions on query parameters (names and values "
              + "percent-decoded, + as space), all of which must hold.").byDefaultNote("none"),
      key("host", new KeyShape.ListOf("host, or list of hosts", HOST, 1, HOST), "[api.example.com, \"*.example.org\"]",
          "The request's host (Host or :authority, without the port) is one of these, in any case; *.example.org "
              + "matches every name below example.org.").byDefaultNote("any host"),
      key("backend", NAME, "llm-a", "The one backend it forwards to. Write backend or backends."),
      key("backends", new KeyShape.ListOf("backend name, or list of names and {backend, weight} mappings",
              new KeyShape.Either(NAME, BACKEND_ENTRY), 1, NAME), "[llm-a, {backend: llm-b, weight: 3}]",
          "Several backends: the first that can be reached, in the order written or as balance picks."),
      key("success", statuses(1), "[200-299, 304]", "Statuses that count as success for this route's discovery; a "
          + "balanced route moves on from a backend answering another.").byDefaultNote("discovery.success"),
      key("balance", new KeyShape.Choice(BalanceStrategy.wireNames()), "round_robin", "Which backend goes first: first, "
          + "in the order written; round_robin, smooth weighted; least_in_flight, the fewest open exchanges per weight.")
          .byDefault(BalanceConfig.FIRST.strategy().wireName()),
      key("response_timeout", DURATION, "5m", "How long each of its backends has to send a response head, for this "
          + "route; past it the next backend (see retry_non_idempotent) or 504.")
          .byDefaultNote("the backend's response_timeout, else proxy.response_timeout"),
      key("retry_non_idempotent", new KeyShape.ListOf("timeout, or list of it", new KeyShape.Choice(List.of("timeout")), 0,
              new KeyShape.Choice(List.of("timeout"))), "[timeout]", "Opt-in: a POST (or other non-idempotent request) "
              + "whose response head does not come in time goes to the next backend. The first backend may still act "
              + "on it.").byDefaultNote("none: only idempotent requests move on after a timeout"));

  static final KeyShape.Group CACHE = group("cache",
      key("store", new KeyShape.Choice(lowerCase(CacheConfig.Store.values())), "memory", "Where decisions persist: "
          + "sqlite, a file; redis, shared by several Junctions; memory, lost on restart.")
          .byDefault(text(CacheConfig.defaults().store())),
      key("path", FILE, "/var/lib/junction/decisions.db", "The SQLite file, relative to the configuration file's "
          + "directory (left out: in the working directory).").byDefault(text(CacheConfig.defaults().sqlitePath())),
      key("redis", REDIS_URL, "redis://127.0.0.1:6379/0", "The Redis server; required when store is redis.")
          .byDefaultNote("none"),
      key("ttl", DURATION, "1h", "How long a decision lives when its backend sets no cache_timeout.")
          .byDefault(text(CacheConfig.defaults().defaultTtl())),
      key("max_entries", new KeyShape.Whole(1, Long.MAX_VALUE), "5000", "Bound on the decisions held in memory.")
          .byDefault(text(CacheConfig.defaults().maxEntries())),
      key("key_fields", new KeyShape.MapOf("mapping of path: JSON pointer, or list of them", "PATH", TEMPLATE,
              new KeyShape.ListOf("JSON pointer, or list of them", POINTER, 0, POINTER), true, 0),
          "{/v1/chat/completions: [/model]}", "Per path (exact or template), the payload fields a decision is keyed "
              + "on; a path not listed keys on its whole JSON payload.").byDefaultNote("none"));

  static final KeyShape.Group EJECTION = group("proxy.ejection",
      key("failures", new KeyShape.Whole(0, 1_000_000), "3", "Connection failures in a row (refused, reset, timed out) "
          + "that eject a backend; 0 turns ejection off.").byDefault(text(EjectionConfig.defaults().failures())),
      key("cooldown", DURATION, "1m", "How long an ejected backend is skipped before one request probes it again.")
          .byDefault(text(EjectionConfig.defaults().cooldown())));

  static final KeyShape.Group RETRY_BUDGET = group("proxy.retry_budget",
      key("percent", new KeyShape.Whole(0, 100), "10", "Extra attempts (beyond each request's first) may be in flight "
          + "while they stay under this percent of the attempts in flight, or under min_concurrency.")
          .byDefault(text(RetryBudgetConfig.defaults().percent())),
      key("min_concurrency", new KeyShape.Whole(0, 1_000_000), "5", "Extra attempts always allowed at once, however "
          + "few requests are in flight.").byDefault(text(RetryBudgetConfig.defaults().minConcurrency())));

  static final KeyShape.Group PROXY = group("proxy",
      key("connect_timeout", DURATION, "2s", "To open a TCP (and TLS) connection to a backend.")
          .byDefault(text(ProxyConfig.defaults().connectTimeout())),
      key("response_timeout", DURATION, "2m", "From the request sent to the backend's response head; past it the "
          + "client gets 504.").byDefault(text(ProxyConfig.defaults().responseTimeout())),
      key("idle_timeout", DURATION, "10m", "No byte either way on a backend connection (or a WebSocket tunnel) for this "
          + "long aborts it. There is no total request timeout.").byDefault(text(ProxyConfig.defaults().idleTimeout())),
      key("max_buffered_body", sizeFrom(0), "4MiB", "Request body Junction holds to inspect its payload or replay it on "
          + "another backend.").byDefault(size(ProxyConfig.defaults().maxBufferedBody())),
      key("max_connections_per_backend", new KeyShape.Whole(1, Integer.MAX_VALUE), "64", "Pooled connections per "
          + "backend.").byDefault(text(ProxyConfig.defaults().maxConnectionsPerBackend())),
      key("max_waiting_per_backend", new KeyShape.Whole(0, Integer.MAX_VALUE), "4096", "Attempts that may wait for a "
          + "connection to one backend once max_connections_per_backend are busy; beyond them the backend counts as busy "
          + "at once (the next backend is tried, else 503). 0: none wait.")
          .byDefault(text(ProxyConfig.defaults().maxWaitingPerBackend())),
      key("max_header_size", sizeFrom(1024), "32KiB", "Request header bytes accepted from a client; past it 431.")
          .byDefault(size(ProxyConfig.defaults().maxHeaderSize())),
      key("ejection", EJECTION, "{failures: 3, cooldown: 1m}", "Passive outlier ejection: a backend that keeps "
          + "failing at the connection level is skipped for a while."),
      key("request_head_timeout", DURATION, "5s", "From a request head's first byte (a connection's first request: "
          + "from the accept) to its end; past it 408 and the connection closes.")
          .byDefault(text(ProxyConfig.defaults().client().requestHead())),
      key("request_body_timeout", DURATION, "30s", "No byte of a request body for this long while Junction reads it; "
          + "past it 408, or a reset once the answer started. Backpressure does not count.")
          .byDefault(text(ProxyConfig.defaults().client().requestBody())),
      key("client_idle_timeout", DURATION, "2m", "A keep-alive connection with no request (HTTP/2: no open stream), or "
          + "a client taking no byte of its answer, for this long is closed.")
          .byDefault(text(ProxyConfig.defaults().client().clientIdle())),
      key("max_retry_after", DURATION, "30s", "The longest a backend's Retry-After on a 429 or 503 keeps it passed over "
          + "(while another candidate is available); a longer one counts as this long.")
          .byDefault(text(ProxyConfig.defaults().maxRetryAfter())),
      key("retry_budget", RETRY_BUDGET, "{percent: 20, min_concurrency: 3}", "Bounds failover when every backend "
          + "struggles: over it, a request's current answer is final. Only moving on from a backend that failed, timed "
          + "out, or answered 5xx or 429 counts."));

  static final KeyShape.Group DISCOVERY = group("discovery",
      key("candidates", names(0), "[llm-a, llm-b]", "The backends tried, in order, when no rule and no remembered "
          + "decision says.").byDefaultNote("every backend, in file order"),
      key("success", statuses(1), "[200-299]", "Statuses that mean the backend handles the request.")
          .byDefault(text(DiscoveryConfig.defaults().success())),
      key("non_idempotent_move_on", statuses(0), "[404, 501]", "For POST, PATCH and other non-idempotent methods, the "
          + "statuses after which the next candidate is still tried; any other answer is final. Idempotent methods move "
          + "on after any status outside success.").byDefault(text(DiscoveryConfig.defaults().nonIdempotentMoveOn())),
      key("deadline", DURATION, "10s", "Bound on one discovery, all candidates together.")
          .byDefault(text(DiscoveryConfig.defaults().deadline())));

  static final KeyShape.Group OPENAPI = group("openapi",
      key("enabled", FLAG, "false", "Whether the data plane serves path and docs_path, which it does only when a "
          + "backend declares an openapi document.").byDefault(text(OpenApiConfig.defaults().enabled())),
      key("path", LOCAL_PATH, "/openapi.json", "Where the merged OpenAPI document is served; a route matching it is an "
          + "error.").byDefault(OpenApiConfig.DEFAULT_PATH),
      key("docs_path", LOCAL_PATH, "/api-docs", "Where Swagger UI for it is served, offline; other than path.")
          .byDefault(OpenApiConfig.DEFAULT_DOCS_PATH),
      key("fetch_timeout", DURATION, "10s", "Bound on fetching one backend's document, connect to last byte.")
          .byDefault(text(OpenApiConfig.defaults().fetchTimeout())),
      key("max_document_size", sizeFrom(1), "8MiB", "Bound on one backend's document.")
          .byDefault(size(OpenApiConfig.defaults().maxDocumentSize())));

  static final KeyShape.Group MODELS = group("models",
      key("path", LOCAL_PATH, "/models", "Where Junction answers GET itself with one OpenAI model list; a route matching "
          + "it is an error.").byDefault(ModelsConfig.DEFAULT_PATH),
      key("backends", names(1), "[llm-a, llm-b]", "The backends asked; their lists are concatenated in this order, a "
          + "model id already listed is skipped.").asRequired(),
      key("route", FLAG, "false", "Route a request whose JSON body names a model of these catalogs straight to a backend "
          + "that lists it, after the rules and before the decision cache.").byDefault("true"),
      key("refresh", DURATION, "1m", "How often each backend's catalog is fetched again (at least 1s); a 404 from a "
          + "backend chosen by its catalog fetches it at once.").byDefault(text(ModelsConfig.DEFAULT_REFRESH)),
      key("field", POINTER, "/model", "Where a request's JSON body names its model.")
          .byDefault(ModelsConfig.DEFAULT_FIELD.toString()),
      key("balance", new KeyShape.Choice(BalanceStrategy.wireNames()), "round_robin", "How requests for a model "
          + "several backends list are spread: first, in the order of backends; round_robin; least_in_flight.")
          .byDefault(BalanceStrategy.FIRST.wireName()));

  static final KeyShape.Group ACCESS_LOG = group("access_log",
      key("enabled", FLAG, "false", "Whether a line is written per data-plane request, on the logger junction.access "
          + "at INFO.").byDefault(text(AccessLogConfig.defaults().enabled())),
      key("format", new KeyShape.Choice(lowerCase(AccessLogConfig.Format.values())), "json",
          "plain: key=value pairs; json: one JSON object per line.").byDefault(text(AccessLogConfig.defaults().format())));

  static final KeyShape.Group TRACING = group("tracing",
      key("enabled", FLAG, "true", "Whether spans are recorded and exported over OTLP. Not set: on when the "
          + "environment names a traces exporter or an OTLP endpoint (OTEL_TRACES_EXPORTER, OTEL_EXPORTER_OTLP_ENDPOINT, "
          + "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT).").byDefaultNote("not set"),
      key("endpoint", URL, "http://otel-collector:4318/v1/traces", "Where spans are sent, as OTLP over HTTP "
          + "(protobuf). OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT take precedence.")
          .byDefault("http://localhost:4318/v1/traces"),
      key("sampling", new KeyShape.Fraction(), "0.05", "The fraction of new traces recorded; a request that carries "
          + "a traceparent follows its caller's decision. OTEL_TRACES_SAMPLER takes precedence.").byDefault("1"),
      key("service_name", TEXT, "gateway-eu", "The service.name of the spans. OTEL_SERVICE_NAME takes precedence.")
          .byDefault(TracingConfig.DEFAULT_SERVICE_NAME));

  /** The keys under {@code junction}. */
  static final KeyShape.Group JUNCTION = group("",
      key("listen", new KeyShape.Either(HOST_PORT, LISTENER), "0.0.0.0:8000", "The data plane: the one address clients "
          + "call. HOST:PORT, or a mapping with TLS and HTTP/2 settings.").byDefault(text(JunctionConfig.DEFAULT_LISTEN)),
      key("admin", ADMIN, "{listen: 127.0.0.1:9001}", "The admin listener: the admin API and the status page."),
      key("backends", new KeyShape.MapOf("mapping of NAME: URL, or backend mapping", "NAME",
              new KeyShape.Text("name", NOT_BLANK, false), new KeyShape.Either(URL, BACKEND), false, 0),
          "{llm-a: http://127.0.0.1:3000}", "The only servers Junction forwards to, by name; file order is the order "
              + "discovery tries them.").byDefaultNote("none"),
      key("routes", new KeyShape.ListOf("list of routes", ROUTE, 0, null), "[{path: /audio/speech, backend: tts}]",
          "Explicit rules, tried in order; the first that matches decides. A request no rule matches goes to the "
              + "decision cache, then to discovery.").byDefaultNote("none"),
      key("aliases", new KeyShape.MapOf("mapping of path: alias path, or list of them", "PATH", PATH,
              new KeyShape.ListOf("alias path, or list of them", PATH, 0, PATH), true, 0),
          "{/audio/speech: [/v1/audio/speech], /*: [/v1/*]}", "Other paths for the same endpoint: primary path to its "
              + "aliases. A trailing /* makes a prefix alias.").byDefaultNote("none"),
      key("cache", CACHE, "{store: memory}", "The decision cache: remembered routing decisions."),
      key("proxy", PROXY, "{response_timeout: 2m}", "Forwarding limits and timeouts."),
      key("discovery", DISCOVERY, "{deadline: 10s}", "Finding a backend when no rule and no remembered decision says."),
      key("openapi", OPENAPI, "{docs_path: /api-docs}", "One OpenAPI document merged from the backends' documents, and "
          + "its docs page, on the data plane."),
      key("models", MODELS, "{backends: [llm-a, llm-b]}", "One OpenAI model list merged from several backends' lists, on "
          + "the data plane.").byDefaultNote("none (no model list)"),
      key("access_log", ACCESS_LOG, "{format: json}", "The access log: one line per data-plane request."),
      key("tracing", TRACING, "{enabled: true, sampling: 0.05}", "OpenTelemetry tracing: a server span per request, "
          + "a client span per backend attempt, exported over OTLP."),
      key("model_aliases", new KeyShape.MapOf("mapping of public model name: the backend's name, or {backend, model}",
              "NAME", MODEL_NAME, new KeyShape.Either(MODEL_NAME, MODEL_ALIAS), false, 0),
          "{gpt-4o: {backend: llm-a, model: llama-3.1-70b}, gpt-4o-mini: llama-3.1-8b}", "Public model names clients "
              + "keep while backends change: a JSON body naming one is routed as if it named the backend's model, "
              + "and its model value is rewritten to it before forwarding (only those bytes change).")
          .byDefaultNote("none"));

  /** The top level of Junction's format: the single key {@code junction}. */
  static final KeyShape.Group ROOT = group("top level",
      key(ConfigLoader.JUNCTION_KEY, JUNCTION, "{listen: 127.0.0.1:8000}", "Junction's own format: every setting sits "
          + "under this key."));

  // The seed router's format: every top-level key is a backend URL.

  static final KeyShape.Group SEED_ENDPOINT = group("URL.endpoints.PATH",
      key("payload", new KeyShape.ListOf("list of mappings of field: value", new KeyShape.MapOf("mapping of field: value",
              "FIELD", new KeyShape.Text("field name", null, false), ANY, false, 0), 0, null),
          "[{name: log_file.log, path: c:/logs}]", "Alternatives: the endpoint matches when the JSON body has every "
              + "field of any one with an equal value (nested values compare whole, other fields do not matter).")
          .byDefaultNote("none (the path alone matches)"));

  static final KeyShape.Group SEED_BACKEND = group("URL",
      key("cache_timeout", DURATION, "6000", "How long a discovery decision for this backend is remembered: seconds, "
          + "or a duration such as 10m.").byDefault(text(CacheConfig.DEFAULT_TTL)),
      key("endpoints", new KeyShape.MapOf("mapping of path: endpoint", "PATH", TEMPLATE, SEED_ENDPOINT, true, 0),
          "{/get_log_files: {payload: [{name: log_file.log}]}}", "The backend's paths (exact or template); each "
              + "becomes a rule for any method that forwards here.").byDefaultNote("none"));

  /** The seed format's top level: backend URLs in discovery order. */
  static final KeyShape.MapOf SEED = new KeyShape.MapOf("mapping of backend URL: backend", "URL",
      new KeyShape.Text("URL", URL.pattern(), false), SEED_BACKEND, true, 0);

  private static KeyShape.Group group(String path, ConfigKey... keys) {
    return new KeyShape.Group(path, List.of(keys), List.of());
  }

  private static KeyShape.Group group(String path, List<String> exactlyOne, ConfigKey... keys) {
    return new KeyShape.Group(path, List.of(keys), exactlyOne);
  }

  private static ConfigKey key(String name, KeyShape shape, String example, String description) {
    return ConfigKey.of(name, shape, example, description);
  }

  private static KeyShape sizeFrom(long min) {
    return new KeyShape.Size(min, Integer.MAX_VALUE);
  }

  private static List<String> lowerCase(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
  }

  /** A default as written in a file: durations in their largest exact unit (seconds up to 60s), enums in lower case. */
  static String text(@Nullable Object value) {
    if (value instanceof Duration d) {
      long s = d.getSeconds();
      if (d.getNano() % 1_000_000 != 0) {
        throw new IllegalArgumentException("duration: " + d + " (expected: whole milliseconds)");
      }
      return d.getNano() != 0 ? d.toMillis() + "ms" : s % 86_400 == 0 ? s / 86_400 + "d"
          : s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 && s > 60 ? s / 60 + "m" : s + "s";
    }
    if (value instanceof Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    }
    return String.valueOf(value);
  }

  /** A size as written in a file: in KiB, MiB or GiB when exact, else in bytes. */
  static String size(int bytes) {
    for (String unit : List.of("GiB", "MiB", "KiB")) {
      int shift = unit.equals("GiB") ? 30 : unit.equals("MiB") ? 20 : 10;
      if (bytes > 0 && bytes % (1 << shift) == 0) {
        return (bytes >> shift) + unit;
      }
    }
    return String.valueOf(bytes);
  }
}
