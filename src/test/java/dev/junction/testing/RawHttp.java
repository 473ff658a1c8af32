package dev.junction.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deliberately dumb HTTP/1.1 client over a plain socket: sends exactly the bytes a test writes and
 * reads the response head and body as they come, so tests can check framing and headers on the wire.
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;

  public RawHttp(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  public RawHttp send(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return this;
  }

  public RawHttp send(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
    return this;
  }

  /** A response head: status line and header lines in wire order. */
  public record Head(int status, String statusLine, List<String> lines) {
    public List<String> all(String name) {
      List<String> out = new ArrayList<>();
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      for (String l : lines) {
        if (l.toLowerCase(Locale.ROOT).startsWith(prefix)) {
          out.add(l.substring(prefix.length()).trim());
        }
      }
      return out;
    }

    public String first(String name) {
      List<String> a = all(name);
      return a.isEmpty() ? null : a.get(0);
    }
  }

  public Head readHead() throws IOException {
    List<String> lines = new ArrayList<>();
    String status = readLine();
    String line;
    while (!(line = readLine()).isEmpty()) {
      lines.add(line);
    }
    return new Head(Integer.parseInt(status.split(" ")[1]), status, lines);
  }

  /** Reads a body framed by the head: Content-Length or chunked. */
  public byte[] readBody(Head head) throws IOException {
    String length = head.first("content-length");
    if (length != null) {
      return in.readNBytes(Integer.parseInt(length));
    }
    if ("chunked".equalsIgnoreCase(head.first("transfer-encoding"))) {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      while (true) {
        int size = Integer.parseInt(readLine().split(";")[0].trim(), 16);
        if (size == 0) {
          while (!readLine().isEmpty()) {
            // trailers
          }
          return b.toByteArray();
        }
        b.write(in.readNBytes(size));
        readLine();
      }
    }
    return new byte[0];
  }

  public String readLine() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        break;
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    if (c == -1 && b.size() == 0) {
      throw new IOException("connection closed");
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  public InputStream input() {
    return in;
  }

  public Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
