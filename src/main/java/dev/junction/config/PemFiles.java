package dev.junction.config;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads and checks the PEM files of {@link TlsConfig} at load time, so that a wrong file is a
 * configuration error with a line number rather than a failed listener. Failures are {@link
 * IllegalArgumentException}s whose message names the file, never its content (a key is never
 * shown or logged). Blocking file reads: call where the config is loaded, never on an event loop.
 */
final class PemFiles {
  private static final long MAX_SIZE = 1024 * 1024;
  private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
  private static final String KEY_EXPECTED = "an unencrypted PEM private key: BEGIN PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY";
  private static final byte[] RSA_ALGORITHM = der(0x30, der(0x06, new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7,
      0x0d, 0x01, 0x01, 0x01}), new byte[] {0x05, 0x00});
  private static final byte[] EC_OID = der(0x06, new byte[] {0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01});
  private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

  private PemFiles() {}

  /** The certificates of a PEM file, in file order (the leaf first). */
  static List<X509Certificate> certificates(Path file) {
    List<byte[]> ders = new ArrayList<>();
    for (Block b : blocks(file, "a PEM certificate file")) {
      if (b.type.equals("CERTIFICATE")) {
        ders.add(b.der);
      }
    }
    if (ders.isEmpty()) {
      throw new IllegalArgumentException(shown(file) + ": no BEGIN CERTIFICATE block (expected: a PEM certificate file)");
    }
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (byte[] der : ders) {
        out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(shown(file) + ": not a valid X.509 certificate (expected: a PEM certificate file)");
    }
    return out;
  }

  /** The private key of a PEM file. */
  static PrivateKey privateKey(Path file) {
    for (Block b : blocks(file, KEY_EXPECTED)) {
      switch (b.type) {
        case "PRIVATE KEY":
          return pkcs8(file, b.der);
        case "RSA PRIVATE KEY":
          return pkcs8(file, der(0x30, VERSION_0, RSA_ALGORITHM, der(0x04, b.der)));
        case "EC PRIVATE KEY":
          byte[] curve = sec1Curve(b.der);
          if (curve == null) {
            throw new IllegalArgumentException(shown(file) + ": EC key without its curve (expected: " + KEY_EXPECTED + ")");
          }
          return pkcs8(file, der(0x30, VERSION_0, der(0x30, EC_OID, curve), der(0x04, b.der)));
        case "ENCRYPTED PRIVATE KEY":
          throw new IllegalArgumentException(shown(file) + ": the key is encrypted (expected: " + KEY_EXPECTED + ")");
        default:
          break;
      }
    }
    throw new IllegalArgumentException(shown(file) + ": no private key block (expected: " + KEY_EXPECTED + ")");
  }

  /**
   * Whether {@code key} is the private half of {@code cert}'s public key, checked by signing a random
   * challenge and verifying it; {@code null} when it is, else the problem.
   */
  static @Nullable String mismatch(X509Certificate cert, PrivateKey key) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "EdDSA", "Ed25519", "Ed448" -> key.getAlgorithm();
      default -> null;
    };
    if (algorithm == null) {
      return null; // not cheaply checkable; the listener's TLS handshake is the judge
    }
    try {
      byte[] challenge = new byte[32];
      new SecureRandom().nextBytes(challenge);
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(challenge);
      if (verifier.verify(signature)) {
        return null;
      }
    } catch (GeneralSecurityException e) {
      // a key of another type than the certificate's: a mismatch as well
    }
    return "does not match the certificate's public key (expected: the private key of " + cert.getSubjectX500Principal().getName()
        + ")";
  }

  private record Block(String type, byte[] der) {}

  private static List<Block> blocks(Path file, String expected) {
    String text = read(file, expected);
    List<Block> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      try {
        out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(m.group(2))));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(shown(file) + ": bad base64 in a " + m.group(1) + " block (expected: " + expected + ")");
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(shown(file) + ": not PEM (expected: " + expected + ")");
    }
    return out;
  }

  private static String read(Path file, String expected) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new IllegalArgumentException(shown(file) + ": no such file (expected: " + expected + ")");
      }
      if (Files.size(file) > MAX_SIZE) {
        throw new IllegalArgumentException(shown(file) + ": larger than 1 MiB (expected: " + expected + ")");
      }
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new IllegalArgumentException(shown(file) + ": cannot be read (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static PrivateKey pkcs8(Path file, byte[] der) {
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException | RuntimeException e) {
        // try the next algorithm
      }
    }
    throw new IllegalArgumentException(shown(file) + ": not a readable private key (expected: " + KEY_EXPECTED + ")");
  }

  /** The curve OID (a whole DER element) from the [0] parameters of a SEC1 ECPrivateKey; {@code null} when absent. */
  private static byte @Nullable [] sec1Curve(byte[] der) {
    try {
      int[] outer = header(der, 0);
      int pos = outer[0];
      int end = pos + outer[1];
      while (pos < end) {
        int tag = der[pos] & 0xff;
        int[] h = header(der, pos);
        if (tag == 0xa0) {
          int[] oid = header(der, h[0]);
          int length = oid[0] - h[0] + oid[1];
          byte[] out = new byte[length];
          System.arraycopy(der, h[0], out, 0, length);
          return out;
        }
        pos = h[0] + h[1];
      }
    } catch (ArrayIndexOutOfBoundsException e) {
      return null;
    }
    return null;
  }

  /** The content start and content length of the DER element at {@code pos}. */
  private static int[] header(byte[] der, int pos) {
    int length = der[pos + 1] & 0xff;
    int start = pos + 2;
    if (length >= 0x80) {
      int n = length & 0x7f;
      length = 0;
      for (int i = 0; i < n; i++) {
        length = (length << 8) | (der[start++] & 0xff);
      }
    }
    return new int[] {start, length};
  }

  private static byte[] der(int tag, byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      content.writeBytes(p);
    }
    int n = content.size();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >> 8);
      out.write(n);
    } else {
      out.write(0x83);
      out.write(n >> 16);
      out.write(n >> 8);
      out.write(n);
    }
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }

  private static String shown(Path file) {
    return Section.shown(file.toString());
  }
}
