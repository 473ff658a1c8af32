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
 * or a one-time list of the fields for other header maps (HTTP/2 after conversion). HTTP/2's
 * {@code :authority} reaches the rules as the Host header the conversion writes.
 */
final class HeadView implements RequestHead {
  private final @Nullable ArrayHeaders array;
  private final @Nullable List<Map.Entry<CharSequence, CharSequence>> fields;
  private final HttpHeaders headers;
  /** The request target; its query starts after {@link #queryMark}. */
  private final String target;
  private final int queryMark;

  private HeadView(HttpHeaders headers, String target) {
    this.headers = headers;
    this.target = target;
    this.queryMark = target.indexOf('?');
    if (headers instanceof ArrayHeaders a) {
      this.array = a;
      this.fields = null;
    } else {
      this.array = null;
      List<Map.Entry<CharSequence, CharSequence>> all = new ArrayList<>(headers.size());
      for (Iterator<Map.Entry<CharSequence, CharSequence>> it = headers.iteratorCharSequence(); it.hasNext(); ) {
        all.add(it.next());
      }
      this.fields = all;
    }
  }

  /** @param target the request target, origin-form; its query is what follows the first {@code ?} */
  static HeadView of(HttpHeaders headers, String target) {
    return new HeadView(headers, target);
  }

  @Override
  public int headerCount() {
    return array != null ? array.size() : fields.size();
  }

  @Override
  public CharSequence headerName(int i) {
    return array != null ? array.nameAt(i) : fields.get(i).getKey();
  }

  @Override
  public CharSequence headerValue(int i) {
    return array != null ? array.valueAt(i) : fields.get(i).getValue();
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
