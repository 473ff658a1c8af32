package dev.junction.testing;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately dumb HTTP/2 client over a plain socket (prior knowledge, cleartext): writes frames
 * byte for byte as a test builds them and reads the server's frames one by one, so that tests can
 * see GOAWAY and RST_STREAM on the wire. Header blocks use HPACK's static table and literals only.
 */
public final class RawH2 implements AutoCloseable {
  public static final int DATA = 0;
  public static final int HEADERS = 1;
  public static final int RST_STREAM = 3;
  public static final int SETTINGS = 4;
  public static final int GOAWAY = 7;
  private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

  /** One frame as received. */
  public record Frame(int type, int flags, int stream, byte[] payload) {
    public String text() {
      return new String(payload, StandardCharsets.ISO_8859_1);
    }
  }

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  public RawH2(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(20_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** The preface and an empty SETTINGS frame, then the server's SETTINGS acknowledged. */
  public RawH2 handshake() throws IOException {
    out.write(PREFACE);
    frame(SETTINGS, 0, 0, new byte[0]);
    Frame f;
    do {
      f = read();
    } while (f.type() != SETTINGS || (f.flags() & 1) != 0);
    frame(SETTINGS, 1, 0, new byte[0]);
    return this;
  }

  /** A request head on {@code stream}: {@code :scheme http}, {@code :authority j}; END_STREAM when {@code last}. */
  public RawH2 headers(int stream, String method, String path, boolean last) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(256);
    literal(b, 2, method); // :method
    b.put((byte) 0x86); // :scheme http
    literal(b, 4, path); // :path
    literal(b, 1, "j"); // :authority
    frame(HEADERS, last ? 0x5 : 0x4, stream, java.util.Arrays.copyOf(b.array(), b.position()));
    return this;
  }

  public RawH2 data(int stream, String text, boolean last) throws IOException {
    frame(DATA, last ? 1 : 0, stream, text.getBytes(StandardCharsets.ISO_8859_1));
    return this;
  }

  /** A literal field without indexing, its name from the static table (names up to 15), value not Huffman coded. */
  private static void literal(ByteBuffer b, int nameIndex, String value) {
    byte[] v = value.getBytes(StandardCharsets.ISO_8859_1);
    b.put((byte) nameIndex).put((byte) v.length).put(v);
  }

  private void frame(int type, int flags, int stream, byte[] payload) throws IOException {
    ByteBuffer h = ByteBuffer.allocate(9);
    h.put((byte) (payload.length >>> 16)).put((byte) (payload.length >>> 8)).put((byte) payload.length);
    h.put((byte) type).put((byte) flags).putInt(stream);
    out.write(h.array());
    out.write(payload);
    out.flush();
  }

  /** The next frame; throws {@link EOFException} when the server closed the connection. */
  public Frame read() throws IOException {
    int length = in.readUnsignedByte() << 16 | in.readUnsignedByte() << 8 | in.readUnsignedByte();
    int type = in.readUnsignedByte();
    int flags = in.readUnsignedByte();
    int stream = in.readInt() & 0x7fffffff;
    byte[] payload = new byte[length];
    in.readFully(payload);
    return new Frame(type, flags, stream, payload);
  }

  /** Every frame until the server closes the connection. */
  public List<Frame> readUntilClosed() throws IOException {
    List<Frame> frames = new ArrayList<>();
    try {
      while (true) {
        frames.add(read());
      }
    } catch (EOFException closed) {
      return frames;
    }
  }

  public Socket socket() {
    return socket;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
