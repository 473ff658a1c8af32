package dev.junction.http1;

/** Words for what a peer did when a connection to it failed: for problem bodies, logs and health reports. */
public final class PeerFailures {
  private PeerFailures() {}

  /** A Java type name as exception texts carry it ({@code java.lang.IllegalArgumentException: }). */
  private static final java.util.regex.Pattern TYPE_NAME =
      java.util.regex.Pattern.compile("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:? ?");

  /**
   * A short, stable description of a network or protocol failure, fit for a problem body and a log
   * line: what the peer did, never a stack, a Java type or a native call name.
   */
  public static String describe(Throwable t) {
    Throwable c = t;
    while (c instanceof io.netty.handler.codec.DecoderException && c.getCause() != null) {
      c = c.getCause(); // the codec's wrapper: its message is the cause's type and text
    }
    if (c instanceof Http1Decoder.FramingException) {
      return "a malformed answer: " + c.getMessage();
    }
    String m = c.getMessage();
    if (m == null || m.isBlank()) {
      return c instanceof java.nio.channels.ClosedChannelException ? "the connection was closed"
          : c instanceof io.netty.handler.timeout.TimeoutException ? "timed out"
          : c instanceof javax.net.ssl.SSLException ? "TLS failed"
          : c instanceof io.netty.handler.codec.DecoderException ? "a malformed answer"
          : "a connection error";
    }
    m = TYPE_NAME.matcher(m).replaceAll("");
    // Netty's native transports prefix the errno text with the failing call: keep the text.
    int errno = m.indexOf("failed with error(");
    if (errno >= 0) {
      int colon = m.indexOf("): ", errno);
      if (colon > 0) {
        m = m.substring(colon + 3);
      }
    }
    return m.isBlank() ? "a connection error" : m;
  }
}
