package dev.junction.cache;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * A validated Redis URI, {@code redis://[[user]:password@]host[:port][/db]} or {@code rediss://...}
 * for TLS. {@link #toString()} never shows the password; only {@link #connectionString()} (handed
 * to the client, never logged) does.
 */
final class RedisEndpoint {
  static final int DEFAULT_PORT = 6379;

  private final URI uri;
  private final String redacted;

  private RedisEndpoint(URI uri, String redacted) {
    this.uri = uri;
    this.redacted = redacted;
  }

  static RedisEndpoint of(URI uri) {
    requireNonNull(uri, "uri");
    String scheme = uri.getScheme();
    String host = uri.getHost();
    String path = uri.getRawPath();
    String shown = safeForMessages(uri);
    if (scheme == null || !(scheme.equals("redis") || scheme.equals("rediss"))) {
      throw new IllegalArgumentException("redis: " + shown + " (expected: redis://HOST:PORT[/DB] or rediss://...)");
    }
    if (host == null) {
      throw new IllegalArgumentException("redis: " + shown + " (expected: a host)");
    }
    if (path != null && !path.isEmpty() && !path.matches("/\\d*")) {
      throw new IllegalArgumentException("redis: " + shown + " (expected: a database number as the path, like /0)");
    }
    return new RedisEndpoint(uri, shown);
  }

  /** The URI as the Vert.x client takes it, password included. */
  String connectionString() {
    return uri.toString();
  }

  @Override
  public String toString() {
    return redacted;
  }

  private static String safeForMessages(URI uri) {
    StringBuilder sb = new StringBuilder();
    sb.append(uri.getScheme()).append("://");
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = colon >= 0 ? userInfo.substring(0, colon) : "";
      sb.append(user).append(colon >= 0 || user.isEmpty() ? ":***" : "").append('@');
    }
    sb.append(uri.getHost()).append(':').append(uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort());
    String path = uri.getRawPath();
    if (path != null && !path.isEmpty()) {
      sb.append(path);
    }
    return sb.toString();
  }
}
