package dev.junction.http1;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The header fields of one HTTP/1 message, in arrival order, in two parallel arrays: what {@link
 * Http1Decoder} builds from a head without copying a byte (names and values are {@link AsciiString}
 * views of the head it read) and what {@link Http1Encoder} writes back without converting a
 * character. A message carries a dozen fields at most, so a lookup is a scan comparing names
 * ignoring case: cheaper than hashing every name into a map the proxy reads five of.
 *
 * <p>Nothing is validated here: names and values come from the decoder, which refused what RFC 9110
 * does not allow, or from Junction itself. Not thread-safe, like every message of one exchange.
 */
public final class ArrayHeaders extends HttpHeaders {
  private CharSequence[] names;
  private CharSequence[] values;
  private int size;

  ArrayHeaders() {
    this(8);
  }

  ArrayHeaders(int capacity) {
    names = new CharSequence[Math.max(2, capacity)];
    values = new CharSequence[names.length];
  }

  /** Field {@code i}'s name (0-based, in order). */
  public CharSequence nameAt(int i) {
    return names[i];
  }

  /** Field {@code i}'s value. */
  public CharSequence valueAt(int i) {
    return values[i];
  }

  private void append(CharSequence name, CharSequence value) {
    if (size == names.length) {
      names = Arrays.copyOf(names, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    names[size] = name;
    values[size] = value;
    size++;
  }

  private int indexOf(CharSequence name, int from) {
    for (int i = from; i < size; i++) {
      if (AsciiString.contentEqualsIgnoreCase(names[i], name)) {
        return i;
      }
    }
    return -1;
  }

  private static CharSequence text(Object value) {
    return value instanceof CharSequence cs ? cs : String.valueOf(value);
  }

  /**
   * The first value of {@code name} in {@code h} as it is held, without making a String of it when
   * {@code h} is an {@link ArrayHeaders}; {@code null} when there is none. For reads on the request
   * path that only compare or copy the value.
   */
  public static @Nullable CharSequence raw(HttpHeaders h, CharSequence name) {
    return h instanceof ArrayHeaders a ? a.first(name) : h.get(name);
  }

  private @Nullable CharSequence first(CharSequence name) {
    int i = indexOf(name, 0);
    return i < 0 ? null : values[i];
  }

  /** How many fields named {@code name} {@code h} holds, without copying their values. */
  public static int count(HttpHeaders h, CharSequence name) {
    if (h instanceof ArrayHeaders a) {
      int n = 0;
      for (int i = a.indexOf(name, 0); i >= 0; i = a.indexOf(name, i + 1)) {
        n++;
      }
      return n;
    }
    return h.getAll(name).size();
  }

  @Override
  public @Nullable String get(String name) {
    return get((CharSequence) name);
  }

  @Override
  public @Nullable String get(CharSequence name) {
    CharSequence v = first(name);
    return v == null ? null : v.toString();
  }

  @Override
  public @Nullable Integer getInt(CharSequence name) {
    String v = get(name);
    if (v == null) {
      return null;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public int getInt(CharSequence name, int defaultValue) {
    Integer v = getInt(name);
    return v == null ? defaultValue : v;
  }

  @Override
  public @Nullable Short getShort(CharSequence name) {
    Integer v = getInt(name);
    return v == null || v != v.shortValue() ? null : v.shortValue();
  }

  @Override
  public short getShort(CharSequence name, short defaultValue) {
    Short v = getShort(name);
    return v == null ? defaultValue : v;
  }

  @Override
  public @Nullable Long getTimeMillis(CharSequence name) {
    String v = get(name);
    if (v == null) {
      return null;
    }
    java.util.Date d = io.netty.handler.codec.DateFormatter.parseHttpDate(v);
    return d == null ? null : d.getTime();
  }

  @Override
  public long getTimeMillis(CharSequence name, long defaultValue) {
    Long v = getTimeMillis(name);
    return v == null ? defaultValue : v;
  }

  @Override
  public List<String> getAll(String name) {
    return getAll((CharSequence) name);
  }

  @Override
  public List<String> getAll(CharSequence name) {
    int i = indexOf(name, 0);
    if (i < 0) {
      return Collections.emptyList();
    }
    int j = indexOf(name, i + 1);
    if (j < 0) {
      return Collections.singletonList(values[i].toString());
    }
    List<String> out = new ArrayList<>(4);
    for (; i >= 0; i = indexOf(name, i + 1)) {
      out.add(values[i].toString());
    }
    return out;
  }

  @Override
  public List<Map.Entry<String, String>> entries() {
    List<Map.Entry<String, String>> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      out.add(new AbstractMap.SimpleImmutableEntry<>(names[i].toString(), values[i].toString()));
    }
    return out;
  }

  @Override
  public boolean contains(String name) {
    return indexOf(name, 0) >= 0;
  }

  @Override
  public boolean contains(CharSequence name) {
    return indexOf(name, 0) >= 0;
  }

  @Override
  public boolean contains(CharSequence name, CharSequence value, boolean ignoreCase) {
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      if (ignoreCase ? AsciiString.contentEqualsIgnoreCase(values[i], value) : AsciiString.contentEquals(values[i], value)) {
        return true;
      }
    }
    return false;
  }

  /** True when one of the comma-separated elements of a field {@code name} equals {@code value}. */
  @Override
  public boolean containsValue(CharSequence name, CharSequence value, boolean ignoreCase) {
    if (indexOf(name, 0) < 0) {
      return false; // the usual answer (no Transfer-Encoding, no Connection), without a capturing test
    }
    return anyElement(name, (v, a, b) -> b - a == value.length() && AsciiString.regionMatches(v, ignoreCase, a, value, 0, b - a));
  }

  /** A test of one element {@code [from, to)} of a field value (whitespace around it trimmed). */
  public interface ElementTest {
    boolean test(CharSequence value, int from, int to);
  }

  /**
   * True when {@code test} holds for one of the comma-separated elements of a field {@code name},
   * each trimmed of spaces and tabs (an empty element is tested too, as {@code from == to}).
   */
  public boolean anyElement(CharSequence name, ElementTest test) {
    for (int i = indexOf(name, 0); i >= 0; i = indexOf(name, i + 1)) {
      CharSequence v = values[i];
      int start = 0;
      for (int k = 0; k <= v.length(); k++) {
        if (k == v.length() || v.charAt(k) == ',') {
          int a = start;
          int b = k;
          while (a < b && (v.charAt(a) == ' ' || v.charAt(a) == '\t')) {
            a++;
          }
          while (b > a && (v.charAt(b - 1) == ' ' || v.charAt(b - 1) == '\t')) {
            b--;
          }
          if (test.test(v, a, b)) {
            return true;
          }
          start = k + 1;
        }
      }
    }
    return false;
  }

  @Override
  public Iterator<Map.Entry<String, String>> iterator() {
    return entries().iterator();
  }

  @Override
  public Iterator<Map.Entry<CharSequence, CharSequence>> iteratorCharSequence() {
    return new Iterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < size;
      }

      @Override
      public Map.Entry<CharSequence, CharSequence> next() {
        if (next >= size) {
          throw new NoSuchElementException();
        }
        int i = next++;
        return new AbstractMap.SimpleImmutableEntry<>(names[i], values[i]);
      }
    };
  }

  @Override
  public boolean isEmpty() {
    return size == 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<String> names() {
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < size; i++) {
      out.add(names[i].toString());
    }
    return out;
  }

  /** Appends a field as it is: the caller knows name and value are valid. */
  ArrayHeaders addTrusted(CharSequence name, CharSequence value) {
    append(name, value);
    return this;
  }

  @Override
  public HttpHeaders add(String name, Object value) {
    return add((CharSequence) name, value);
  }

  @Override
  public HttpHeaders add(CharSequence name, Object value) {
    append(name, text(value));
    return this;
  }

  @Override
  public HttpHeaders add(String name, Iterable<?> values) {
    for (Object v : values) {
      append(name, text(v));
    }
    return this;
  }

  @Override
  public HttpHeaders addInt(CharSequence name, int value) {
    append(name, Integer.toString(value));
    return this;
  }

  @Override
  public HttpHeaders addShort(CharSequence name, short value) {
    append(name, Short.toString(value));
    return this;
  }

  @Override
  public HttpHeaders set(String name, Object value) {
    return set((CharSequence) name, value);
  }

  @Override
  public HttpHeaders set(CharSequence name, Object value) {
    int i = indexOf(name, 0);
    if (i < 0) {
      append(name, text(value));
      return this;
    }
    values[i] = text(value);
    removeFrom(name, i + 1);
    return this;
  }

  @Override
  public HttpHeaders set(String name, Iterable<?> values) {
    remove(name);
    return add(name, values);
  }

  @Override
  public HttpHeaders setInt(CharSequence name, int value) {
    return set(name, Integer.toString(value));
  }

  @Override
  public HttpHeaders setShort(CharSequence name, short value) {
    return set(name, Short.toString(value));
  }

  @Override
  public HttpHeaders remove(String name) {
    return remove((CharSequence) name);
  }

  @Override
  public HttpHeaders remove(CharSequence name) {
    removeFrom(name, 0);
    return this;
  }

  /** Removes field {@code i}; the later fields move up one, in order. */
  public void removeAt(int i) {
    System.arraycopy(names, i + 1, names, i, size - i - 1);
    System.arraycopy(values, i + 1, values, i, size - i - 1);
    size--;
    names[size] = null;
    values[size] = null;
  }

  private void removeFrom(CharSequence name, int from) {
    int w = from;
    for (int r = from; r < size; r++) {
      if (AsciiString.contentEqualsIgnoreCase(names[r], name)) {
        continue;
      }
      names[w] = names[r];
      values[w] = values[r];
      w++;
    }
    for (int k = w; k < size; k++) {
      names[k] = null;
      values[k] = null;
    }
    size = w;
  }

  @Override
  public HttpHeaders clear() {
    Arrays.fill(names, 0, size, null);
    Arrays.fill(values, 0, size, null);
    size = 0;
    return this;
  }

  @Override
  public HttpHeaders copy() {
    ArrayHeaders c = new ArrayHeaders(size + 4);
    for (int i = 0; i < size; i++) {
      c.append(names[i], values[i]);
    }
    return c;
  }
}
