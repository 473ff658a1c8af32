package dev.junction.config;

import java.util.BitSet;

/** A set of HTTP status codes, written {@code [200-299, 304]} in config. Immutable. */
public final class StatusSet {
  public static final StatusSet SUCCESS_2XX = range(200, 299);
  /** Statuses after which a non-idempotent request may move on: nothing was done by the backend. */
  public static final StatusSet NOT_HANDLED = of(404, 405, 501);

  private final BitSet bits;
  private final String text;

  private StatusSet(BitSet bits, String text) {
    this.bits = bits;
    this.text = text;
  }

  public static StatusSet range(int from, int to) {
    check(from);
    check(to);
    if (from > to) {
      throw new IllegalArgumentException("status range: " + from + "-" + to + " (expected: from <= to)");
    }
    BitSet b = new BitSet(600);
    b.set(from, to + 1);
    return new StatusSet(b, from + "-" + to);
  }

  public static StatusSet of(int... codes) {
    BitSet b = new BitSet(600);
    StringBuilder t = new StringBuilder();
    for (int c : codes) {
      check(c);
      b.set(c);
      t.append(t.length() == 0 ? "" : ", ").append(c);
    }
    return new StatusSet(b, t.toString());
  }

  public StatusSet union(StatusSet other) {
    BitSet b = (BitSet) bits.clone();
    b.or(other.bits);
    return new StatusSet(b, text + ", " + other.text);
  }

  public boolean contains(int status) {
    return status >= 0 && status < 600 && bits.get(status);
  }

  private static void check(int code) {
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("status: " + code + " (expected: 100..599)");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StatusSet s && s.bits.equals(bits);
  }

  @Override
  public int hashCode() {
    return bits.hashCode();
  }

  @Override
  public String toString() {
    return "[" + text + "]";
  }
}
