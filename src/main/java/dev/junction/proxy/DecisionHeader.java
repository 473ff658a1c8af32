package dev.junction.proxy;

import org.jspecify.annotations.Nullable;

/**
 * How one relayed answer's backend was chosen, as {@link #NAME} shows it and the logs print it:
 * {@code <how>; backend=<name>}, then {@code ; model=<id>} for the catalog, then {@code ; attempts=<n>} when {@code attempts} is positive, then
 * {@code ; final=<status>} when the answer was relayed though its status is no success. The text is
 * only built when shown or logged.
 *
 * @param plan the plan carried out: its label, and whether the header is shown at all
 * @param fromCache the remembered decision's backend answered: {@code how} is {@code cache}, not
 *     the plan's label
 * @param attempts shown when positive (searches, not explicit rules)
 * @param finalStatus shown when positive: the status of an answer relayed though it is no success
 */
record DecisionHeader(ForwardPlan plan, boolean fromCache, String backend, int attempts, int finalStatus) {
  static final String NAME = "X-Junction-Decision";

  /** The header's value, or {@code null} when the plan says answers carry none. */
  @Nullable String value() {
    return plan.showDecision() ? toString() : null;
  }

  @Override
  public String toString() {
    String s = (fromCache ? "cache" : plan.label().toString()) + "; backend=" + backend;
    if (plan.label().catalog() != null) {
      s = s + "; model=" + shown(plan.label().catalog().model());
    }
    if (attempts > 0) {
      s = s + "; attempts=" + attempts;
    }
    return finalStatus > 0 ? s + "; final=" + finalStatus : s;
  }

  /**
   * A model id as a header value may carry it: it came from a backend's list and a client's body, so
   * every byte outside visible ASCII, and {@code ;}, {@code ,} and {@code %}, is percent-encoded (UTF-8).
   */
  static String shown(String model) {
    StringBuilder b = null;
    byte[] bytes = model.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      int c = bytes[i] & 0xff;
      boolean plain = c > 0x20 && c < 0x7f && c != ';' && c != ',' && c != '%';
      if (!plain && b == null) {
        b = new StringBuilder(bytes.length + 8).append(new String(bytes, 0, i, java.nio.charset.StandardCharsets.US_ASCII));
      }
      if (b != null) {
        if (plain) {
          b.append((char) c);
        } else {
          b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
              .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
        }
      }
    }
    return b == null ? model : b.toString();
  }
}
