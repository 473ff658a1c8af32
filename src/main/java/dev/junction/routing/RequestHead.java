package dev.junction.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The parts of a request head that rules may test beyond method and path: header fields, the raw
 * query and the authority. Read in place: the data plane hands its own header array, so testing a
 * rule copies nothing.
 */
public interface RequestHead {
  /** A request with no header, no query and no authority. */
  RequestHead NONE = new RequestHead() {
    @Override
    public int headerCount() {
      return 0;
    }

    @Override
    public CharSequence headerName(int i) {
      throw new IndexOutOfBoundsException(i);
    }

    @Override
    public CharSequence headerValue(int i) {
      throw new IndexOutOfBoundsException(i);
    }

    @Override
    public @Nullable CharSequence rawQuery() {
      return null;
    }

    @Override
    public @Nullable CharSequence authority() {
      return null;
    }
  };

  /**
   * A head built from values: {@code headers} in order (a name may repeat), the raw query (without
   * {@code ?}, {@code null} for none); the authority is the first {@code Host} header. For {@code
   * /routes/explain} and tests.
   */
  static RequestHead of(Map<String, String> headers, @Nullable String rawQuery) {
    List<Map.Entry<String, String>> fields = new ArrayList<>(headers.entrySet());
    CharSequence host = null;
    for (Map.Entry<String, String> f : fields) {
      if (f.getKey().equalsIgnoreCase("host")) {
        host = f.getValue();
        break;
      }
    }
    CharSequence authority = host;
    return new RequestHead() {
      @Override
      public int headerCount() {
        return fields.size();
      }

      @Override
      public CharSequence headerName(int i) {
        return fields.get(i).getKey();
      }

      @Override
      public CharSequence headerValue(int i) {
        return fields.get(i).getValue();
      }

      @Override
      public @Nullable CharSequence rawQuery() {
        return rawQuery;
      }

      @Override
      public @Nullable CharSequence authority() {
        return authority;
      }
    };
  }

  /** The number of header field lines. */
  int headerCount();

  /** Field line {@code i}'s name, in the case received (0-based, in order). */
  CharSequence headerName(int i);

  /** Field line {@code i}'s value, without surrounding whitespace. */
  CharSequence headerValue(int i);

  /** The query as received, without the {@code ?}; {@code null} when the target has none. */
  @Nullable CharSequence rawQuery();

  /** The Host header (HTTP/2: {@code :authority}) as received, port included; {@code null} when absent. */
  @Nullable CharSequence authority();
}
