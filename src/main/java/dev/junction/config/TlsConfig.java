package dev.junction.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * TLS termination on the data-plane listener: a PEM certificate chain (leaf first) and its PEM
 * private key (PKCS#8, or PKCS#1 RSA, or SEC1 EC; not encrypted). The loader checks both files at
 * load time ({@link PemFiles}); the listener reads them again when it starts. Only the paths are
 * held, so logging this record never shows key material.
 *
 * @param cert the certificate chain file
 * @param key the private key file
 */
public record TlsConfig(Path cert, Path key) {
  public TlsConfig {
    requireNonNull(cert, "cert");
    requireNonNull(key, "key");
  }
}
