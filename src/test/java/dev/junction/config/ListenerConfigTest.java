package dev.junction.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.junction.testing.TestCerts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code listen} mapping (TLS, HTTP/2) and a backend's {@code protocol}: read, checked, and refused with file:line:col. */
class ListenerConfigTest {
  @TempDir
  static Path dir;
  static TestCerts rsa;
  static TestCerts ec;

  @BeforeAll
  static void certs() {
    rsa = TestCerts.create(dir, "RSA");
    ec = TestCerts.create(dir, "EC");
  }

  private static JunctionConfig load(String yaml) {
    return ConfigLoader.load(yaml, dir.resolve("junction.yaml"), Map.of());
  }

  private static String error(String yaml) {
    return catchThrowableOfType(ConfigException.class, () -> load(yaml)).getMessage();
  }

  private static String at() {
    return dir.resolve("junction.yaml").toString();
  }

  private static String tls(String cert, String key) {
    return "junction:\n  listen:\n    port: 8443\n    tls:\n      cert: " + cert + "\n      key: " + key + "\n";
  }

  @Test
  void theStringFormStillWorksAndSpeaksHttp1InCleartext() {
    JunctionConfig c = load("junction:\n  listen: 0.0.0.0:9000\n");
    assertThat(c.listen()).isEqualTo(new HostPort("0.0.0.0", 9000));
    assertThat(c.listener()).isEqualTo(ListenerConfig.defaults()).isEqualTo(new ListenerConfig(null, false));
  }

  @Test
  void h2cInCleartextIsOptInAndHttp2IsTheDefaultWithTls() {
    assertThat(load("junction:\n  listen:\n    port: 9000\n    http2: true\n").listener()).isEqualTo(ListenerConfig.h2c());
    assertThat(load(tls("cert-RSA.pem", "key-RSA.pem")).listener()).isEqualTo(new ListenerConfig(new TlsConfig(rsa.cert(), rsa.key()), true));
  }

  @Test
  void theMappingFormReadsHostPortHttp2AndTlsFilesRelativeToTheConfigDirectory() {
    JunctionConfig c = load("junction:\n  listen:\n    host: 0.0.0.0\n    port: 8443\n    http2: false\n"
        + "    tls: {cert: cert-RSA.pem, key: key-RSA.pem}\n");
    assertThat(c.listen()).isEqualTo(new HostPort("0.0.0.0", 8443));
    assertThat(c.listener()).isEqualTo(new ListenerConfig(new TlsConfig(rsa.cert(), rsa.key()), false));
    assertThat(c.listener().scheme()).isEqualTo("https");
  }

  @Test
  void theBacklogIsTheSystemsCapUnlessSet() {
    assertThat(load("junction:\n  listen: 0.0.0.0:9000\n").listener().backlog()).isEqualTo(ListenerConfig.SYSTEM_BACKLOG);
    assertThat(load("junction:\n  listen: {port: 9000, backlog: 16384}\n").listener())
        .isEqualTo(new ListenerConfig(null, false, 16384));
  }

  @Test
  void aBacklogOutOfRangeIsReportedWhereItIs() {
    assertThat(error("junction:\n  listen: {port: 9000, backlog: 0}\n")).startsWith(at() + ":2:33: junction.listen.backlog: ");
    assertThat(error("junction:\n  listen: {port: 9000, backlog: many}\n")).startsWith(at() + ":2:33: junction.listen.backlog: ");
  }

  @Test
  void aMappingWithoutHostOrPortKeepsTheDefaults() {
    assertThat(load("junction:\n  listen: {http2: true}\n").listen()).isEqualTo(JunctionConfig.DEFAULT_LISTEN);
  }

  @Test
  void anEcKeyIsAccepted() {
    assertThat(load(tls("cert-EC.pem", "key-EC.pem")).listener().tls()).isEqualTo(new TlsConfig(ec.cert(), ec.key()));
  }

  @Test
  void aPkcs1RsaKeyIsAccepted() throws Exception {
    // PKCS#8 wraps the PKCS#1 key after a fixed 26-byte header for RSA keys of this size.
    byte[] pkcs8 = java.util.Base64.getMimeDecoder().decode(Files.readString(rsa.key())
        .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "").trim());
    Files.writeString(dir.resolve("pkcs1.pem"), TestCerts.pem("RSA PRIVATE KEY", Arrays.copyOfRange(pkcs8, 26, pkcs8.length)));
    assertThat(load(tls("cert-RSA.pem", "pkcs1.pem")).listener().tls()).isNotNull();
  }

  @Test
  void aSec1EcKeyAsOpensslWritesItIsAccepted() throws Exception {
    // PKCS#8 holds the curve in its algorithm; "BEGIN EC PRIVATE KEY" (SEC1) carries it as [0] parameters.
    byte[] pkcs8 = java.util.Base64.getMimeDecoder().decode(Files.readString(ec.key())
        .replace("-----BEGIN PRIVATE KEY-----", "").replace("-----END PRIVATE KEY-----", "").trim());
    List<byte[]> outer = elements(pkcs8, 0);
    byte[] curve = elements(outer.get(1), 0).get(1);
    byte[] sec1 = outer.get(2);
    List<byte[]> inner = elements(sec1, contentStart(sec1, 0));
    java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
    content.writeBytes(inner.get(0));
    content.writeBytes(inner.get(1));
    content.writeBytes(der(0xa0, curve));
    for (int i = 2; i < inner.size(); i++) {
      content.writeBytes(inner.get(i));
    }
    Files.writeString(dir.resolve("sec1.pem"), TestCerts.pem("EC PRIVATE KEY", der(0x30, content.toByteArray())));
    assertThat(load(tls("cert-EC.pem", "sec1.pem")).listener().tls()).isNotNull();
    assertThat(error(tls("cert-RSA.pem", "sec1.pem"))).contains("does not match the certificate's public key");
  }

  /** The whole DER elements inside the element at {@code pos} (or, for an OCTET STRING, inside its content). */
  private static List<byte[]> elements(byte[] der, int pos) {
    int start = contentStart(der, pos);
    int end = start + contentLength(der, pos);
    List<byte[]> out = new java.util.ArrayList<>();
    while (start < end) {
      int next = contentStart(der, start) + contentLength(der, start);
      out.add(Arrays.copyOfRange(der, start, next));
      start = next;
    }
    return out;
  }

  private static int contentStart(byte[] der, int pos) {
    int first = der[pos + 1] & 0xff;
    return first < 0x80 ? pos + 2 : pos + 2 + (first & 0x7f);
  }

  private static int contentLength(byte[] der, int pos) {
    int first = der[pos + 1] & 0xff;
    if (first < 0x80) {
      return first;
    }
    int n = 0;
    for (int i = 0; i < (first & 0x7f); i++) {
      n = (n << 8) | (der[pos + 2 + i] & 0xff);
    }
    return n;
  }

  private static byte[] der(int tag, byte[] content) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    out.write(tag);
    if (content.length < 0x80) {
      out.write(content.length);
    } else {
      out.write(0x82);
      out.write(content.length >> 8);
      out.write(content.length);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }

  @Test
  void aMissingCertificateFileIsRefusedAtItsLine() {
    assertThat(error(tls("nope.pem", "key-RSA.pem"))).isEqualTo(at() + ":5:13: junction.listen.tls.cert: '"
        + dir.resolve("nope.pem") + "': no such file (expected: a PEM certificate file)");
  }

  @Test
  void aFileThatIsNotPemIsRefused() throws Exception {
    Files.writeString(dir.resolve("notes.txt"), "hello");
    assertThat(error(tls("notes.txt", "key-RSA.pem"))).isEqualTo(at() + ":5:13: junction.listen.tls.cert: '"
        + dir.resolve("notes.txt") + "': not PEM (expected: a PEM certificate file)");
  }

  @Test
  void aCertificateGivenAsTheKeyIsRefused() {
    assertThat(error(tls("cert-RSA.pem", "cert-RSA.pem"))).isEqualTo(at() + ":6:12: junction.listen.tls.key: '"
        + dir.resolve("cert-RSA.pem") + "': no private key block (expected: an unencrypted PEM private key: "
        + "BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY)");
  }

  @Test
  void aKeyOfAnotherCertificateIsRefusedWithoutShowingTheKey() throws Exception {
    String message = error(tls("cert-RSA.pem", "key-EC.pem"));
    assertThat(message).isEqualTo(at() + ":6:12: junction.listen.tls.key: '" + dir.resolve("key-EC.pem")
        + "': does not match the certificate's public key (expected: the private key of CN=localhost)");
    String keyBody = Files.readString(ec.key()).lines().skip(1).findFirst().orElseThrow();
    assertThat(message).doesNotContain(keyBody);
  }

  @Test
  void tlsWithoutAKeyIsRefused() {
    assertThat(error("junction:\n  listen:\n    tls: {cert: cert-RSA.pem}\n"))
        .isEqualTo(at() + ":3:10: junction.listen.tls.key: missing (expected: a PEM private key file)");
  }

  @Test
  void anUnknownListenKeySuggestsTheClosestOne() {
    assertThat(error("junction:\n  listen: {hots: 0.0.0.0}\n")).isEqualTo(at() + ":2:12: junction.listen.hots: "
        + "unknown key 'hots' (expected one of: host, port, tls, http2, backlog) - did you mean 'host'?");
  }

  @Test
  void aBackendProtocolIsReadWithHttp1AsTheDefault() {
    JunctionConfig c = load("junction:\n  backends:\n    a: {url: \"http://h:1\", protocol: h2c}\n"
        + "    b: {url: \"https://h:2\", protocol: h2}\n    c: http://h:3\n");
    assertThat(c.backends()).extracting(BackendConfig::protocol)
        .containsExactly(BackendConfig.Protocol.H2C, BackendConfig.Protocol.H2, BackendConfig.Protocol.HTTP1);
  }

  @Test
  void h2OverCleartextIsRefusedAtTheProtocolKey() {
    assertThat(error("junction:\n  backends:\n    a: {url: \"http://h:1\", protocol: h2}\n"))
        .isEqualTo(at() + ":3:38: junction.backends.a.protocol: h2 (expected: an https:// url, or h2c for cleartext HTTP/2)");
  }

  @Test
  void anUnknownProtocolListsTheKnownOnes() {
    assertThat(error("junction:\n  backends:\n    a: {url: \"http://h:1\", protocol: h3}\n"))
        .startsWith(at() + ":3:38: junction.backends.a.protocol: 'h3' (expected one of: http1, h2c, h2) - did you mean 'h2'?");
  }
}
