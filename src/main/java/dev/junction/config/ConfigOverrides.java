package dev.junction.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What the command line or an embedding program sets over a loaded config: the listen addresses,
 * whether the admin listener runs, and fallback backends (the seed's {@code Server(endpoints,
 * conf)}). Applied to the first config and to every reloaded one, so a reload never loses them.
 *
 * @param listen the data-plane address; {@code null} keeps the config's
 * @param adminListen the admin address, which also turns the admin listener on; {@code null} keeps the config's
 * @param adminEnabled whether the admin listener runs; {@code null} keeps the config's
 * @param fallback backends discovery tries in this order, replacing the config's candidates
 */
public record ConfigOverrides(@Nullable HostPort listen, @Nullable HostPort adminListen, @Nullable Boolean adminEnabled,
    List<URI> fallback) {
  public ConfigOverrides {
    fallback = List.copyOf(fallback);
  }

  /** A config with the overrides applied, and the fallback backends as that config names them. */
  public record Effective(JunctionConfig config, List<BackendConfig> fallback) {
    public Effective {
      fallback = List.copyOf(fallback);
    }
  }

  /**
   * Applies the listen and admin overrides and merges the fallback backends into {@code loaded}: a
   * fallback URL that is a configured backend's (ignoring a trailing slash) is that backend; any
   * other joins the backends, named after its URL.
   *
   * @throws ConfigException when no backend remains
   */
  public Effective apply(JunctionConfig loaded) {
    JunctionConfig c = loaded;
    if (listen != null) {
      c = c.withListen(listen);
    }
    if (adminListen != null) {
      c = c.withAdmin(new AdminConfig(true, adminListen, c.admin().token()));
    }
    if (adminEnabled != null) {
      c = c.withAdmin(new AdminConfig(adminEnabled, c.admin().listen(), c.admin().token()));
    }
    List<BackendConfig> all = new ArrayList<>(c.backends());
    List<BackendConfig> fb = new ArrayList<>();
    for (URI u : fallback) {
      BackendConfig match = null;
      for (BackendConfig existing : all) {
        if (sameUrl(existing.url(), u)) {
          match = existing;
        }
      }
      if (match == null) {
        String name = u.toString().endsWith("/") ? u.toString().substring(0, u.toString().length() - 1) : u.toString();
        match = new BackendConfig(name, u, null);
        all.add(match);
      }
      fb.add(match);
    }
    c = c.withBackends(all);
    if (c.backends().isEmpty()) {
      throw new ConfigException(new Origin(c.source(), 0, 0), "backends",
          "no backend configured (expected: at least one backend in the config or a fallback backend)");
    }
    return new Effective(c, fb);
  }

  private static boolean sameUrl(URI a, URI b) {
    return a.normalize().toString().replaceAll("/$", "").equals(b.normalize().toString().replaceAll("/$", ""));
  }
}
