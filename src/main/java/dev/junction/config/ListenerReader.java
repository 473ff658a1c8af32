package dev.junction.config;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The data-plane {@code listen} key: either {@code HOST:PORT}, or a mapping with {@code host},
 * {@code port}, {@code tls: {cert, key}}, {@code http2} and {@code backlog}. TLS files are read and checked here
 * (relative paths start at the config file's directory). One instance per load.
 */
final class ListenerReader {
  private static final List<String> KEYS = ConfigKeys.LISTENER.names();
  private static final List<String> TLS_KEYS = ConfigKeys.TLS.names();

  /** What {@code listen} says: the address and how the listener speaks. */
  record Result(HostPort address, ListenerConfig listener) {}

  private final Scalars scalars;
  private final LoadProblems problems;
  private final JunctionSections sections;

  ListenerReader(Scalars scalars, @Nullable Path source) {
    this.scalars = scalars;
    this.problems = scalars.problems();
    this.sections = new JunctionSections(scalars, source);
  }

  /** Reads the {@code listen} mapping {@code node}; what is left out or unusable keeps its default. */
  Result read(MappingNode node, String path) {
    HostPort d = JunctionConfig.DEFAULT_LISTEN;
    Section s = Section.of(node, path, KEYS, "HOST:PORT, or a mapping with host, port, tls, http2 and backlog", problems);
    Node hostNode = s.value("host");
    String host = hostNode == null ? d.host() : scalars.string(hostNode, s.path("host"), "a host name or address");
    if (host != null && host.isBlank()) {
      problems.add(hostNode, s.path("host"), "empty (expected: a host name or address such as 0.0.0.0)");
      host = null;
    }
    Node portNode = s.value("port");
    Long port = portNode == null ? (Long) (long) d.port() : scalars.integer(portNode, s.path("port"), 0, 65535);
    Node tlsNode = s.value("tls");
    TlsConfig tls = tlsNode == null ? null : tls(tlsNode, s.path("tls"));
    Node http2Node = s.value("http2");
    // Default: HTTP/2 with TLS (ALPN), HTTP/1.x in cleartext (h2c is opt-in; see ListenerConfig).
    Boolean http2 = http2Node == null ? null : scalars.bool(http2Node, s.path("http2"));
    Node backlogNode = s.value("backlog");
    Long backlog = backlogNode == null ? null : scalars.integer(backlogNode, s.path("backlog"), 1, 65535);
    HostPort address = new HostPort(host == null ? d.host() : host, port == null ? d.port() : port.intValue());
    return new Result(address, new ListenerConfig(tls, http2 == null ? tls != null : http2,
        backlog == null ? ListenerConfig.SYSTEM_BACKLOG : backlog.intValue()));
  }

  private @Nullable TlsConfig tls(Node node, String path) {
    Section s = Section.of(node, path, TLS_KEYS, "a mapping with cert and key (PEM files)", problems);
    Node certNode = s.value("cert");
    Node keyNode = s.value("key");
    if (node instanceof MappingNode) {
      if (certNode == null) {
        problems.add(node, s.path("cert"), "missing (expected: a PEM certificate file)");
      }
      if (keyNode == null) {
        problems.add(node, s.path("key"), "missing (expected: a PEM private key file)");
      }
    }
    Path cert = certNode == null ? null : sections.path(certNode, s.path("cert"));
    Path key = keyNode == null ? null : sections.path(keyNode, s.path("key"));
    List<X509Certificate> chain = cert == null ? null : check(certNode, s.path("cert"), () -> PemFiles.certificates(cert));
    PrivateKey privateKey = key == null ? null : check(keyNode, s.path("key"), () -> PemFiles.privateKey(key));
    if (chain == null || privateKey == null) {
      return null;
    }
    String mismatch = PemFiles.mismatch(chain.get(0), privateKey);
    if (mismatch != null) {
      problems.add(keyNode, s.path("key"), Section.shown(key.toString()) + ": " + mismatch);
      return null;
    }
    return new TlsConfig(cert, key);
  }

  private <T> @Nullable T check(Node node, String path, java.util.function.Supplier<T> reader) {
    try {
      return reader.get();
    } catch (IllegalArgumentException e) {
      problems.add(node, path, String.valueOf(e.getMessage()));
      return null;
    }
  }
}
