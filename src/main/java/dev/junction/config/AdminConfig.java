package dev.junction.config;

import static java.util.Objects.requireNonNull;

import org.jspecify.annotations.Nullable;

/**
 * The admin listener.
 *
 * @param enabled whether the admin listener starts (default true)
 * @param listen where it listens (default {@code 127.0.0.1:8001}: loopback only)
 * @param token bearer token required for changes, and for everything when {@code listen} is not
 *     loopback; {@code null} falls back to {@code JUNCTION_ADMIN_TOKEN}
 */
public record AdminConfig(boolean enabled, HostPort listen, @Nullable String token) {
  public AdminConfig {
    requireNonNull(listen, "listen");
  }

  public static AdminConfig defaults() {
    return new AdminConfig(true, new HostPort("127.0.0.1", 8001), null);
  }

  @Override
  public String toString() {
    return "AdminConfig[enabled=" + enabled + ", listen=" + listen + ", token=" + (token == null ? "null" : "<redacted>") + "]";
  }
}
