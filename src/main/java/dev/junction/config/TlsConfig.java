package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * TLS termination on the data-plane listener: a PEM certificate chain (leaf first) and its PEM
 * private key (PKCS#8, or PKCS#1 RSA, or SEC1 EC; not encrypted). The loader checks both files at
 * load time and the listener reads them again when it starts, both through the same parser
 * ({@link #chain()}, {@link #privateKey()}). Only the paths are held, so logging this record never
 * shows key material.
 *
 * @param cert the certificate chain file
 * @param key the private key file
 */
public record TlsConfig(Path cert, Path key) {
  public TlsConfig {
    requireNonNull(cert, "cert");
    requireNonNull(key, "key");
  }

  /**
   * The certificates of {@link #cert}, leaf first. Blocking file read: never on an event loop.
   *
   * @throws IllegalArgumentException naming the file (never its content) when it is not a PEM certificate file
   */
  public List<X509Certificate> chain() {
    return PemFiles.certificates(cert);
  }

  /**
   * The private key of {@link #key}. Blocking file read: never on an event loop.
   *
   * @throws IllegalArgumentException naming the file (never its content) when it is not an unencrypted PEM key
   */
  public PrivateKey privateKey() {
    return PemFiles.privateKey(key);
  }
}
