package dev.junction.config;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Fails reading once a line grows past a bound. SnakeYAML's scanner re-copies its look-ahead
 * window while it scans one run of characters, so a single huge line costs time quadratic in its
 * length; bounding lines keeps a hostile file's cost close to linear. Not thread-safe.
 */
final class LineLimitReader extends FilterReader {
  /** Thrown, wrapped by SnakeYAML, when a line is too long. */
  static final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;
    private final int line;

    LineTooLongException(int line) {
      super("line " + line + " is longer than " + MAX_LINE_LENGTH + " characters");
      this.line = line;
    }

    /** The 1-based line that is too long. */
    int line() {
      return line;
    }
  }

  /** Bound on the characters of one line. */
  static final int MAX_LINE_LENGTH = 64 * 1024;

  private int line = 1;
  private int column;

  LineLimitReader(Reader in) {
    super(in);
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c >= 0) {
      count((char) c);
    }
    return c;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    for (int i = offset; i < offset + n; i++) {
      count(buffer[i]);
    }
    return n;
  }

  private void count(char c) throws LineTooLongException {
    if (c == '\n') {
      line++;
      column = 0;
    } else if (++column > MAX_LINE_LENGTH) {
      throw new LineTooLongException(line);
    }
  }
}
