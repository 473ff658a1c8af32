package dev.junction.proxy;

import dev.junction.http1.ArrayHeaders;
import dev.junction.routing.RequestHead;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A request's head as the rules read it: the decoder's own header array read in place (HTTP/1.1),
 * or, for other header maps (HTTP/2 after conversion), a list of the fields made on the first read.
 * HTTP/2's {@code :authority} reaches the rules as the Host header the conversion writes.
 */
final class HeadView implements RequestHead {
  private final HttpHeaders headers;
  /** The request target; its query follows {@link #queryMark} ({@code -1}: none). */
  private final String target;
  private final int queryMark;
  /** Other header maps' fields, listed on the first read: most requests meet no head rule. */
  private @Nullable List<Map.Entry<CharSequence, CharSequence>> fields;

  private HeadView(HttpHeaders headers, String target, int queryMark) {
    this.headers = headers;
    this.target = target;
    this.queryMark = queryMark;
  }

  /**
   * @param target the request target, origin-form
   * @param queryMark the index of its first {@code ?}, {@code -1} when it has none
   */
  static HeadView of(HttpHeaders headers, String target, int queryMark) {
    return new HeadView(headers, target, queryMark);
  }

  private List<Map.Entry<CharSequence, CharSequence>> fields() {
    List<Map.Entry<CharSequence, CharSequence>> f = fields;
    if (f == null) {
      f = new ArrayList<>(headers.size());
      for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
        f.add(it.next());
      }
      fields = f;
    }
    return f;
  }

  @Override
  public int headerCount() {
    return headers instanceof ArrayHeaders a ? a.size() : fields().size();
  }

  @Override
  public CharSequence headerName(int i) {
    return headers instanceof ArrayHeaders a ? a.nameAt(i) : fields().get(i).getKey();
  }

  @Override
  public CharSequence headerValue(int i) {
    return headers instanceof ArrayHeaders a ? a.valueAt(i) : fields().get(i).getValue();
  }

  @Override
  public @Nullable CharSequence rawQuery() {
    return queryMark < 0 ? null : target.substring(queryMark + 1); // only a rule testing the query asks
  }

  @Override
  public @Nullable CharSequence authority() {
    return ArrayHeaders.raw(headers, HttpHeaderNames.HOST);
  }
}
