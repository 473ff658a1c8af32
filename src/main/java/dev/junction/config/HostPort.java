package dev.junction.config;

import static java.util.Objects.requireNonNull;

/** A listen address. Port 0 asks the operating system for a free port. */
public record HostPort(String host, int port) {
  public HostPort {
    requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host: blank (expected: a host name or address)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port: " + port + " (expected: 0..65535)");
    }
  }

  /** Parses {@code host:port}, {@code [v6]:port} or {@code :port} (all interfaces). */
  public static HostPort parse(String text) {
    requireNonNull(text, "text");
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("listen: '" + text + "' (expected: HOST:PORT)");
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.isEmpty()) {
      host = "0.0.0.0";
    }
    int port;
    try {
      port = Integer.parseInt(text.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("listen: '" + text + "' (expected: HOST:PORT with a numeric port)");
    }
    return new HostPort(host, port);
  }

  public boolean isLoopback() {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("::1");
  }

  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
