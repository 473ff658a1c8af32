package dev.junction.testing;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost} and {@code 127.0.0.1}, made by the JDK's
 * {@code keytool} and written as a PEM pair (PKCS#8 key) into a directory, plus a client
 * {@link SSLContext} that trusts exactly it. Blocking: call from test threads only.
 */
public record TestCerts(Path cert, Path key, X509Certificate certificate) {
  private static final String PASSWORD = "changeit";

  /** Generates a fresh pair in {@code dir} ({@code cert.pem}, {@code key.pem}) with {@code keyalg} (RSA or EC). */
  public static TestCerts create(Path dir, String keyalg) {
    return create(dir, keyalg, "dns:localhost,ip:127.0.0.1");
  }

  /** As {@link #create(Path, String)}, for the names in {@code san} (keytool's form: {@code dns:x,ip:y}). */
  public static TestCerts create(Path dir, String keyalg, String san) {
    try {
      Path store = dir.resolve("keystore-" + keyalg + ".p12");
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
          "-genkeypair", "-alias", "junction", "-keyalg", keyalg, "-dname", "CN=localhost",
          "-ext", "SAN=" + san, "-validity", "2", "-storetype", "PKCS12",
          "-keystore", store.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
          .redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + output);
      }
      KeyStore ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(store)) {
        ks.load(in, PASSWORD.toCharArray());
      }
      X509Certificate certificate = (X509Certificate) ks.getCertificate("junction");
      Path cert = dir.resolve("cert-" + keyalg + ".pem");
      Path key = dir.resolve("key-" + keyalg + ".pem");
      Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
      Files.writeString(key, pem("PRIVATE KEY", ks.getKey("junction", PASSWORD.toCharArray()).getEncoded()));
      return new TestCerts(cert, key, certificate);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A TLS client context trusting this certificate only. */
  public SSLContext clientContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("junction", certificate);
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** A PKCS#12 trust store (password {@code changeit}) holding this certificate only, written to {@code file}. */
  public Path trustStore(Path file) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("junction", certificate);
      try (var out = Files.newOutputStream(file)) {
        trust.store(out, PASSWORD.toCharArray());
      }
      return file;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }
}
