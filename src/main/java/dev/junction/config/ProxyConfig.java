package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * Data-plane limits and timeouts. There is deliberately no total request timeout: a stream may run
 * as long as bytes keep flowing.
 *
 * @param connectTimeout to open a TCP (and TLS) connection to a backend (default 5 s)
 * @param responseTimeout from the request sent to the backend's response head (default 60 s); past
 *     it the client gets 504
 * @param idleTimeout no bytes either way on a backend connection for this long aborts it (default
 *     5 min)
 * @param maxBufferedBody bytes of request body Junction holds to inspect the payload or replay it
 *     on fallback (default 1 MiB)
 * @param maxConnectionsPerBackend pooled connections per backend (default 256)
 * @param maxHeaderSize bytes of request header accepted from clients (default 16 KiB); past it 431
 * @param ejection when a failing backend is skipped for a while ({@link EjectionConfig#defaults()})
 * @param client how long a client may take over a request head or body, or stay idle between
 *     requests ({@link ClientTimeouts#defaults()}: 10 s, 60 s, 60 s)
 * @param maxRetryAfter the longest a backend's {@code Retry-After} (on a 429 or 503) keeps it passed
 *     over (default 60 s); a longer one counts as this long
 * @param retryBudget how many extra attempts may be in flight at once ({@link RetryBudgetConfig#defaults()})
 * @param maxWaitingPerBackend attempts that may wait for a connection to one backend once all of
 *     {@code maxConnectionsPerBackend} are busy (default 1024); beyond them an attempt finds the
 *     backend busy at once (503 when no other backend takes it)
 */
public record ProxyConfig(
    Duration connectTimeout,
    Duration responseTimeout,
    Duration idleTimeout,
    int maxBufferedBody,
    int maxConnectionsPerBackend,
    int maxHeaderSize,
    EjectionConfig ejection,
    ClientTimeouts client,
    Duration maxRetryAfter,
    RetryBudgetConfig retryBudget,
    int maxWaitingPerBackend) {

  /** Attempts that may wait for one backend's connection when none is given. */
  public static final int DEFAULT_MAX_WAITING_PER_BACKEND = 1024;

  /** With the default {@link #DEFAULT_MAX_WAITING_PER_BACKEND}. */
  public ProxyConfig(Duration connectTimeout, Duration responseTimeout, Duration idleTimeout, int maxBufferedBody,
      int maxConnectionsPerBackend, int maxHeaderSize, EjectionConfig ejection, ClientTimeouts client,
      Duration maxRetryAfter, RetryBudgetConfig retryBudget) {
    this(connectTimeout, responseTimeout, idleTimeout, maxBufferedBody, maxConnectionsPerBackend, maxHeaderSize,
        ejection, client, maxRetryAfter, retryBudget, DEFAULT_MAX_WAITING_PER_BACKEND);
  }

  /** The longest {@code Retry-After} honoured when none is configured. */
  public static final Duration DEFAULT_MAX_RETRY_AFTER = Duration.ofSeconds(60);

  /** With the default retry budget. */
  public ProxyConfig(Duration connectTimeout, Duration responseTimeout, Duration idleTimeout, int maxBufferedBody,
      int maxConnectionsPerBackend, int maxHeaderSize, EjectionConfig ejection, ClientTimeouts client,
      Duration maxRetryAfter) {
    this(connectTimeout, responseTimeout, idleTimeout, maxBufferedBody, maxConnectionsPerBackend, maxHeaderSize,
        ejection, client, maxRetryAfter, RetryBudgetConfig.defaults());
  }

  /** With the default {@link #DEFAULT_MAX_RETRY_AFTER}. */
  public ProxyConfig(Duration connectTimeout, Duration responseTimeout, Duration idleTimeout, int maxBufferedBody,
      int maxConnectionsPerBackend, int maxHeaderSize, EjectionConfig ejection, ClientTimeouts client) {
    this(connectTimeout, responseTimeout, idleTimeout, maxBufferedBody, maxConnectionsPerBackend, maxHeaderSize,
        ejection, client, DEFAULT_MAX_RETRY_AFTER);
  }

  /** Without an ejection setting nor client timeouts: {@link EjectionConfig#defaults()}, {@link ClientTimeouts#defaults()}. */
  public ProxyConfig(Duration connectTimeout, Duration responseTimeout, Duration idleTimeout, int maxBufferedBody,
      int maxConnectionsPerBackend, int maxHeaderSize) {
    this(connectTimeout, responseTimeout, idleTimeout, maxBufferedBody, maxConnectionsPerBackend, maxHeaderSize,
        EjectionConfig.defaults());
  }

  /** Without client timeouts: {@link ClientTimeouts#defaults()}. */
  public ProxyConfig(Duration connectTimeout, Duration responseTimeout, Duration idleTimeout, int maxBufferedBody,
      int maxConnectionsPerBackend, int maxHeaderSize, EjectionConfig ejection) {
    this(connectTimeout, responseTimeout, idleTimeout, maxBufferedBody, maxConnectionsPerBackend, maxHeaderSize,
        ejection, ClientTimeouts.defaults());
  }

  public ProxyConfig {
    requireNonNull(ejection, "ejection");
    requireNonNull(client, "client");
    requireNonNull(retryBudget, "retryBudget");
    positive(requireNonNull(maxRetryAfter, "maxRetryAfter"), "max_retry_after");
    positive(requireNonNull(connectTimeout, "connectTimeout"), "connect_timeout");
    positive(requireNonNull(responseTimeout, "responseTimeout"), "response_timeout");
    positive(requireNonNull(idleTimeout, "idleTimeout"), "idle_timeout");
    if (maxBufferedBody < 0) {
      throw new IllegalArgumentException("max_buffered_body: " + maxBufferedBody + " (expected: >= 0)");
    }
    if (maxConnectionsPerBackend <= 0) {
      throw new IllegalArgumentException("max_connections_per_backend: " + maxConnectionsPerBackend + " (expected: > 0)");
    }
    if (maxWaitingPerBackend < 0) {
      throw new IllegalArgumentException("max_waiting_per_backend: " + maxWaitingPerBackend + " (expected: >= 0)");
    }
    if (maxHeaderSize < 1024) {
      throw new IllegalArgumentException("max_header_size: " + maxHeaderSize + " (expected: >= 1024)");
    }
  }

  private static void positive(Duration d, String key) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(key + ": " + d + " (expected: > 0)");
    }
  }

  public ProxyConfig withEjection(EjectionConfig ejection) {
    return new ProxyConfig(connectTimeout, responseTimeout, idleTimeout, maxBufferedBody, maxConnectionsPerBackend,
        maxHeaderSize, ejection, client, maxRetryAfter, retryBudget, maxWaitingPerBackend);
  }

  public ProxyConfig withClient(ClientTimeouts client) {
    return new ProxyConfig(connectTimeout, responseTimeout, idleTimeout, maxBufferedBody, maxConnectionsPerBackend,
        maxHeaderSize, ejection, client, maxRetryAfter, retryBudget, maxWaitingPerBackend);
  }

  public ProxyConfig withRetryBudget(RetryBudgetConfig retryBudget) {
    return new ProxyConfig(connectTimeout, responseTimeout, idleTimeout, maxBufferedBody, maxConnectionsPerBackend,
        maxHeaderSize, ejection, client, maxRetryAfter, retryBudget, maxWaitingPerBackend);
  }

  public ProxyConfig withMaxRetryAfter(Duration maxRetryAfter) {
    return new ProxyConfig(connectTimeout, responseTimeout, idleTimeout, maxBufferedBody, maxConnectionsPerBackend,
        maxHeaderSize, ejection, client, maxRetryAfter, retryBudget, maxWaitingPerBackend);
  }

  public ProxyConfig withMaxWaitingPerBackend(int maxWaitingPerBackend) {
    return new ProxyConfig(connectTimeout, responseTimeout, idleTimeout, maxBufferedBody, maxConnectionsPerBackend,
        maxHeaderSize, ejection, client, maxRetryAfter, retryBudget, maxWaitingPerBackend);
  }

  public static ProxyConfig defaults() {
    return new ProxyConfig(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(5), 1 << 20, 256, 16 * 1024);
  }
}
